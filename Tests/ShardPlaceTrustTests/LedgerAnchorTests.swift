import Foundation
import ShardPlaceTrust
import Testing

/// A rollback to an older, complete copy verifies on its own, and is found against a record of the head
/// hash or the entry count.
@Suite struct LedgerAnchorTests {
    @Test("every older complete copy verifies alone but fails against the recorded head and against the count")
    func olderCopies() throws {
        let full = try LedgerFixtures.ledger()
        let count = full.entries.count
        let recorded = LedgerAnchor(head: full.head, minimumEntries: count)
        try full.check(recorded)
        for kept in 0..<count {
            let older = try TrustLedger(
                verifying: try LedgerFixtures.ledger(kept).encoded, publicKey: LedgerFixtures.key.publicKey)
            #expect(older.entries.count == kept)
            for anchor in [
                recorded, LedgerAnchor(head: full.head), LedgerAnchor(minimumEntries: count),
                LedgerAnchor(minimumEntries: kept + 1),
            ] {
                do {
                    try older.check(anchor)
                    Issue.record("a copy of \(kept) entries passed \(anchor)")
                } catch {
                    #expect(error.kind == .rolledBack && error.line == kept + 2 && error.expectedSequence == kept + 1)
                }
            }
            // What was recorded when the copy was current still passes.
            try older.check(LedgerAnchor(head: older.head, minimumEntries: kept))
        }
    }

    @Test("a head recorded earlier passes once entries are appended after it; the empty ledger's is genesis")
    func grownSince() throws {
        let full = try LedgerFixtures.ledger()
        for (i, entry) in full.entries.enumerated() {
            try full.check(LedgerAnchor(head: entry.hash, minimumEntries: i + 1))
            #expect(full.sequence(ofHash: entry.hash) == i + 1)
        }
        try full.check(LedgerAnchor(head: .genesis, minimumEntries: 0))
        #expect(full.sequence(ofHash: .genesis) == 0)
        // A hash that is no entry's (another ledger's head) is not found.
        let other = try LedgerFixtures.ledger(2, key: LedgerFixtures.otherKey)
        #expect(full.sequence(ofHash: other.head) == nil)
        #expect(throws: LedgerFault.self) { try full.check(LedgerAnchor(head: other.head)) }
        #expect(LedgerAnchor().isEmpty && !LedgerAnchor(minimumEntries: 0).isEmpty)
    }

    @Test("LedgerFile.load with an anchor reports a rollback as a broken ledger naming the file")
    func fileRollback() throws {
        let dir = try LedgerFixtures.folder()
        let path = dir + "/trust.ledger"
        let key = LedgerFixtures.key
        var older = Data()
        for (i, (provider, micros, kind, reason)) in LedgerFixtures.updates.enumerated() {
            try LedgerFile.append(
                to: path, provider: provider, score: TrustScore(micros: micros)!, kind: kind, reason: reason,
                timestamp: LedgerFixtures.start + Int64(i), signingKey: key)
            if i == 2 { older = try Data(contentsOf: URL(fileURLWithPath: path)) }
        }
        let current = try LedgerFile.load(path, publicKey: key.publicKey)
        let anchor = LedgerAnchor(head: current.head, minimumEntries: current.entries.count)
        _ = try LedgerFile.load(path, publicKey: key.publicKey, anchor: anchor)
        // Roll back: the copy taken after the third append written over the ledger. Alone, it verifies.
        try older.write(to: URL(fileURLWithPath: path))
        _ = try LedgerFile.load(path, publicKey: key.publicKey)
        do {
            _ = try LedgerFile.load(path, publicKey: key.publicKey, anchor: anchor)
            Issue.record("the rolled-back ledger passed")
        } catch {
            #expect(error.kind == .broken && error.fault?.kind == .rolledBack && error.file == path)
            #expect(error.description.contains("line 5") && error.description.contains("fewer than the 5 recorded"))
        }
    }
}
