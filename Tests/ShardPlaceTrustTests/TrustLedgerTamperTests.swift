import Dispatch
import ShardPlaceTrust
import Synchronization
import Testing

/// Every kind of tampering the issue names is found by verification, at the line where it is.
@Suite struct TrustLedgerTamperTests {
    let ledger: TrustLedger
    let bytes: [UInt8]

    init() throws {
        ledger = try LedgerFixtures.ledger()
        bytes = ledger.encoded
    }

    /// The fault of `bytes` verified with the fixture key; a test failure when it verifies.
    private func fault(_ bytes: [UInt8], key: LedgerPublicKey? = LedgerFixtures.key.publicKey) -> LedgerFault? {
        do {
            _ = try TrustLedger(verifying: bytes, publicKey: key)
            return nil
        } catch {
            return error
        }
    }

    @Test("the untouched ledger verifies and reads back equal")
    func intact() throws {
        let read = try TrustLedger(verifying: bytes, publicKey: LedgerFixtures.key.publicKey)
        #expect(read == ledger)
        #expect(read.encoded == bytes)
        #expect(LedgerFixtures.lines(bytes).count == 1 + LedgerFixtures.updates.count + 1)
    }

    /// Look-alike replacements for a byte, the edits a forger would try: a neighbour value, the high
    /// bit, and a byte of the same class (digit for digit, hex letter for hex letter, letter for letter).
    private func lookAlikes(for b: UInt8) -> [UInt8] {
        var values: Set<UInt8> = [b ^ 0x01, b ^ 0x80]
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "8"), UInt8(ascii: "a")...UInt8(ascii: "y"): values.insert(b + 1)
        case UInt8(ascii: "9"): values.insert(UInt8(ascii: "1"))
        default: values.insert(UInt8(ascii: "b"))
        }
        values.remove(b)
        return values.sorted()
    }

    /// Every single-byte change of a two-entry ledger (the second entry with an old score and an
    /// escape): look-alikes are checked with the key, structural edits (a tab, a line feed, a deletion,
    /// an insertion) without it, since they break the line before any signature is read (and a check
    /// with the key only adds checks). Positions are split between two threads (Ed25519 is slow in
    /// debug builds); failures are collected and expected empty.
    @Test("every single-byte change, deletion and insertion is found, at the line of the byte")
    func everyByte() throws {
        var small = TrustLedger(sealedWith: LedgerFixtures.key)
        for (i, (micros, reason)) in [(900_000, "initial"), (600_000, "outage\teu-west-1")].enumerated() {
            try small.append(
                provider: "aws", score: TrustScore(micros: micros)!, kind: .incident, reason: reason,
                timestamp: LedgerFixtures.start + Int64(i), signingKey: LedgerFixtures.key)
        }
        let bytes = small.encoded
        // The line of each byte (a line feed belongs to the line it ends).
        var lineOf = [Int]()
        var line = 1
        for b in bytes {
            lineOf.append(line)
            if b == 0x0A { line += 1 }
        }
        let key = LedgerFixtures.key.publicKey
        let lines = lineOf
        let failures = Mutex<[String]>([])
        let checked = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 2) { half in
            var local: [String] = []
            var count = 0
            func check(_ edited: [UInt8], _ what: String, key: LedgerPublicKey?, line: Int?) {
                count += 1
                do {
                    _ = try TrustLedger(verifying: edited, publicKey: key)
                    local.append("\(what): verified")
                } catch {
                    if let line, error.line != line { local.append("\(what): \(error), expected line \(line)") }
                }
            }
            for i in stride(from: half, to: bytes.count, by: 2) {
                for value in lookAlikes(for: bytes[i]) {
                    var edited = bytes
                    edited[i] = value
                    check(edited, "byte \(i) set to \(value)", key: key, line: lines[i])
                }
                for value in [UInt8(0x09), 0x0A] where value != bytes[i] {
                    var edited = bytes
                    edited[i] = value
                    check(edited, "byte \(i) set to \(value)", key: nil, line: lines[i])
                }
                var deleted = bytes
                deleted.remove(at: i)
                check(deleted, "byte \(i) deleted", key: nil, line: lines[i])
                var inserted = bytes
                inserted.insert(bytes[i] == UInt8(ascii: "7") ? UInt8(ascii: "3") : UInt8(ascii: "7"), at: i)
                check(inserted, "a byte inserted before \(i)", key: nil, line: nil)
            }
            failures.withLock { $0 += local }
            checked.withLock { $0 += count }
        }
        #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0.prefix(20) })")
        #expect(checked.withLock { $0 } >= bytes.count * 6)
    }

    @Test("removing any entry: dropped in the middle, the seal's count at the end")
    func removal() throws {
        let lines = LedgerFixtures.lines(bytes)
        let entries = LedgerFixtures.updates.count
        for k in 1...entries {
            var cut = lines
            cut.remove(at: k)  // line k + 1 holds entry k
            let found = try #require(fault(LedgerFixtures.joined(cut)), "removing entry \(k) was not detected")
            if k < entries {
                #expect(found.kind == .dropped && found.line == k + 1, "\(found)")
                #expect(found.message.contains("entry \(k) is missing"))
            } else {
                #expect(found.kind == .seal && found.line == entries + 1, "\(found)")
            }
        }
        // Every entry removed: the seal still counts them.
        let onlyEnds = [lines[0], lines[lines.count - 1]]
        #expect(fault(LedgerFixtures.joined(onlyEnds))?.kind == .seal)
        // The seal removed: truncated.
        #expect(fault(LedgerFixtures.joined(Array(lines.dropLast())))?.kind == .truncated)
    }

    @Test("swapping any two adjacent entries (or the last entry and the seal) is found at the first")
    func reordering() throws {
        let lines = LedgerFixtures.lines(bytes)
        for k in 1..<(lines.count - 1) {
            var swapped = lines
            swapped.swapAt(k, k + 1)
            let found = try #require(fault(LedgerFixtures.joined(swapped)), "swapping lines \(k + 1), \(k + 2)")
            #expect(found.line == k + 1, "\(found)")
            if k + 1 < lines.count - 1 {
                #expect(found.kind == .reordered, "\(found)")
            }
        }
    }

    @Test("a signature moved from one entry to another is found at the first of the two")
    func signatureSwap() throws {
        let lines = LedgerFixtures.lines(bytes)
        let entries = 1...LedgerFixtures.updates.count
        for a in entries {
            for b in entries where b > a {
                var swapped = lines
                let sa = lines[a].split(separator: 0x09, omittingEmptySubsequences: false)
                let sb = lines[b].split(separator: 0x09, omittingEmptySubsequences: false)
                swapped[a] = Array(sa.dropLast().joined(separator: [0x09])) + [0x09] + Array(sb.last!)
                swapped[b] = Array(sb.dropLast().joined(separator: [0x09])) + [0x09] + Array(sa.last!)
                let found = try #require(fault(LedgerFixtures.joined(swapped)))
                #expect(found.kind == .signature && found.line == a + 1, "\(found)")
            }
        }
        // The seal's signature replaced by an entry's.
        var sealed = lines
        var seal = lines.last!.split(separator: 0x09, omittingEmptySubsequences: false).map(Array.init)
        seal[4] = Array(lines[1].split(separator: 0x09, omittingEmptySubsequences: false).last!)
        sealed[sealed.count - 1] = Array(seal.joined(separator: [0x09]))
        #expect(fault(LedgerFixtures.joined(sealed))?.kind == .signature)
    }

    @Test("a ledger signed by another key does not verify with this one, and the reverse")
    func otherKey() throws {
        let foreign = try LedgerFixtures.ledger(key: LedgerFixtures.otherKey).encoded
        let found = try #require(fault(foreign))
        #expect(found.kind == .foreignKey && found.line == 2)
        #expect(fault(foreign, key: LedgerFixtures.otherKey.publicKey) == nil)
        #expect(fault(bytes, key: LedgerFixtures.otherKey.publicKey)?.kind == .foreignKey)
        // Without a key the structure and chain of either still check.
        #expect((try? TrustLedger(verifying: foreign, publicKey: nil)) != nil)
    }

    @Test("cut at any length, the file never verifies; a garbage line is named")
    func truncation() throws {
        for length in 0..<bytes.count {
            let found = try #require(fault(Array(bytes.prefix(length)), key: nil), "a cut at \(length) bytes verified")
            if length > 0 && bytes[length - 1] == 0x0A {
                #expect(found.kind == .truncated, "cut at \(length): \(found)")
            }
        }
        let lines = LedgerFixtures.lines(bytes)
        var garbage = lines
        garbage.insert(Array("hello world".utf8), at: 3)
        let found = try #require(fault(LedgerFixtures.joined(garbage)))
        #expect(found.line == 4 && found.kind == .malformed && found.message.contains("found 1 field"))
        #expect(fault(bytes + Array("x\n".utf8))?.kind == .seal)
        #expect(fault([])?.kind == .header)
    }
}
