import Dispatch
import Foundation
@_spi(Testing) import ShardPlaceTrust
import Testing

/// Durable appends: crashes at every step leave a verifiable ledger; concurrent appends lose nothing.
@Suite struct LedgerFileTests {
    let key = LedgerFixtures.key

    private func append(
        _ path: String, _ provider: String, _ micros: Int, at time: Int64,
        injecting injection: LedgerFile.Injection? = nil
    ) throws {
        try LedgerFile.append(
            to: path, provider: provider, score: TrustScore(micros: micros)!, kind: .other, reason: "r\(time)",
            timestamp: time, signingKey: key, injecting: injection)
    }

    private func files(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    }

    @Test("append creates the ledger, extends it, and the file verifies after each step")
    func createAndExtend() throws {
        let folder = try LedgerFixtures.folder()
        let path = folder + "/trust.ledger"
        for i in 0..<4 {
            try append(path, i % 2 == 0 ? "aws" : "gcp", 900_000 - i * 1000, at: Int64(i))
            let ledger = try LedgerFile.load(path, publicKey: key.publicKey)
            #expect(ledger.entries.count == i + 1)
            #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path))) == ledger.encoded)
        }
        #expect(try files(in: folder) == ["trust.ledger"])
        let scores = try LedgerFile.load(path, publicKey: nil).scores.mapValues(\.micros)
        #expect(scores == ["aws": 898_000, "gcp": 897_000])
    }

    @Test(
        "a crash while writing or before the rename leaves the old ledger, intact; the next append cleans up",
        arguments: [LedgerFile.Injection.crashDuringWrite, .crashBeforeRename])
    func crashBeforeRename(_ injection: LedgerFile.Injection) throws {
        let folder = try LedgerFixtures.folder()
        let path = folder + "/trust.ledger"
        try append(path, "aws", 900_000, at: 1)
        try append(path, "gcp", 800_000, at: 2)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(throws: TrustLedgerError.self) { try append(path, "aws", 100_000, at: 3, injecting: injection) }
        // The old file, byte for byte, and a leftover temporary file beside it.
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        let leftovers = try files(in: folder).filter { $0 != "trust.ledger" }
        #expect(
            leftovers.count == 1 && leftovers[0].hasPrefix(".trust.ledger.") && leftovers[0].hasSuffix(".ledger-tmp"))
        let temporary = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + leftovers[0]))
        #expect(injection == .crashDuringWrite ? temporary.count < before.count + 100 : temporary.count > before.count)
        // Readers see the old ledger; the temporary file plays no part.
        let ledger = try LedgerFile.load(path, publicKey: key.publicKey)
        #expect(ledger.entries.count == 2 && ledger.scores["aws"]?.micros == 900_000)
        // The next append succeeds from the old ledger and removes the leftover.
        try append(path, "aws", 700_000, at: 4)
        #expect(try files(in: folder) == ["trust.ledger"])
        let after = try LedgerFile.load(path, publicKey: key.publicKey)
        #expect(after.entries.map(\.timestamp) == [1, 2, 4])
        #expect(after.entries.last?.oldScore?.micros == 900_000)
    }

    @Test("a crash after the rename, before the folder sync, leaves the new ledger, intact")
    func crashAfterRename() throws {
        let folder = try LedgerFixtures.folder()
        let path = folder + "/trust.ledger"
        try append(path, "aws", 900_000, at: 1)
        #expect(throws: TrustLedgerError.self) {
            try append(path, "aws", 500_000, at: 2, injecting: .crashBeforeDirectorySync)
        }
        let ledger = try LedgerFile.load(path, publicKey: key.publicKey)
        #expect(ledger.entries.count == 2 && ledger.scores["aws"]?.micros == 500_000)
        #expect(try files(in: folder) == ["trust.ledger"])
    }

    @Test("a write that fails before the rename removes its temporary file and leaves the ledger as it was")
    func failureBeforeRename() throws {
        let folder = try LedgerFixtures.folder()
        let path = folder + "/trust.ledger"
        try append(path, "aws", 900_000, at: 1)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(throws: TrustLedgerError.self) { try append(path, "aws", 1, at: 2, injecting: .failBeforeRename) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try files(in: folder) == ["trust.ledger"])
        // A crash on the very first append leaves no ledger at all, rather than a partial one.
        let fresh = folder + "/new.ledger"
        #expect(throws: TrustLedgerError.self) { try append(fresh, "aws", 1, at: 1, injecting: .crashBeforeRename) }
        #expect(!FileManager.default.fileExists(atPath: fresh))
    }

    @Test("a broken ledger is not appended to, and is left untouched")
    func refusesBroken() throws {
        let folder = try LedgerFixtures.folder()
        let path = folder + "/trust.ledger"
        try append(path, "aws", 900_000, at: 1)
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let i = bytes.firstIndex(of: UInt8(ascii: "9"))!
        bytes[i] = UInt8(ascii: "8")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        do {
            try append(path, "aws", 1, at: 2)
            Issue.record("appended to a broken ledger")
        } catch let error as TrustLedgerError {
            #expect(error.kind == .broken && error.fault?.line == 2, "\(error)")
        }
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path))) == bytes)
    }

    @Test("concurrent appends from many threads lose no entry")
    func concurrentAppends() throws {
        let folder = try LedgerFixtures.folder()
        let path = folder + "/trust.ledger"
        let count = 16
        let key = key
        DispatchQueue.concurrentPerform(iterations: count) { i in
            try! LedgerFile.append(
                to: path, provider: "p\(i % 4)", score: TrustScore(micros: i * 1000)!, kind: .sla,
                reason: "thread \(i)",
                timestamp: Int64(i), signingKey: key)
        }
        let ledger = try LedgerFile.load(path, publicKey: key.publicKey)
        #expect(ledger.entries.count == count)
        #expect(Set(ledger.entries.map(\.reason)) == Set((0..<count).map { "thread \($0)" }))
        #expect(try files(in: folder) == ["trust.ledger"])
    }

    @Test("the ledger's permissions survive an append")
    func keepsMode() throws {
        let folder = try LedgerFixtures.folder()
        let path = folder + "/trust.ledger"
        try append(path, "aws", 900_000, at: 1)
        #expect(chmod(path, 0o640) == 0)
        try append(path, "aws", 800_000, at: 2)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o640)
    }
}
