import Crypto
import Foundation
import ShardPlaceTrust
import Testing

/// The file format as documented (DocC article "Trust ledger"), checked by a second implementation
/// written here from the documentation: Crypto's SHA-256 and Ed25519 directly, strings by hand.
@Suite struct TrustLedgerFormatTests {
    private func hex(_ bytes: some Sequence<UInt8>) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    private func sha256(_ text: String) -> [UInt8] { Array(SHA256.hash(data: Array(text.utf8))) }

    @Test("each line's hash and signature are what the documentation says")
    func documentedBytes() throws {
        let ledger = try LedgerFixtures.ledger()
        let text = String(decoding: ledger.encoded, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.removeLast() == "")  // every line ends with a line feed
        #expect(lines.first == "shardplace-trust-ledger v1")
        let publicKey = try Curve25519.Signing.PublicKey(rawRepresentation: LedgerFixtures.key.publicKey.raw)
        let keyID = hex(SHA256.hash(data: publicKey.rawRepresentation).prefix(8))
        var previous = String(repeating: "0", count: 64)
        for (i, line) in lines.dropFirst().dropLast().enumerated() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            #expect(fields.count == 11)
            #expect(fields[0] == String(i + 1))
            #expect(fields[7] == keyID && fields[8] == previous)
            let content = fields[0..<9].joined(separator: "\t")
            let hash = sha256("shardplace-trust-ledger v1 entry\n" + content)
            #expect(fields[9] == hex(hash))
            let signature = try #require(Data(hexString: fields[10]))
            #expect(publicKey.isValidSignature(signature, for: hash))
            previous = fields[9]
        }
        let seal = lines.last!.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        #expect(seal[0..<4] == ["seal", String(LedgerFixtures.updates.count), previous, keyID])
        let digest = sha256("shardplace-trust-ledger v1 seal\n" + seal[0..<4].joined(separator: "\t"))
        #expect(publicKey.isValidSignature(try #require(Data(hexString: seal[4])), for: digest))
        // Fields as documented: time, escapes, scores with six decimals, "-" for a first score.
        let third = lines[3].split(separator: "\t", omittingEmptySubsequences: false)
        #expect(third[1] == "2026-11-21T02:00:00Z")
        #expect(third[2] == "aws" && third[3] == "0.900000" && third[4] == "0.600000" && third[5] == "incident")
        #expect(third[6] == #"outage\teu-west-1"#)
        #expect(lines[1].split(separator: "\t")[3] == "-")
    }

    /// A ledger written from the documentation: `rows` hold the first seven fields of each entry
    /// (sequence, time, provider, old, new, kind, reason) as they are spelled in the file.
    private func handWritten(_ rows: [[String]]) throws -> String {
        let signer = try Curve25519.Signing.PrivateKey(rawRepresentation: (1...32).map { UInt8($0) })
        let keyID = hex(SHA256.hash(data: signer.publicKey.rawRepresentation).prefix(8))
        var text = "shardplace-trust-ledger v1\n"
        var previous = String(repeating: "0", count: 64)
        for row in rows {
            let content = (row + [keyID, previous]).joined(separator: "\t")
            let hash = sha256("shardplace-trust-ledger v1 entry\n" + content)
            text += content + "\t" + hex(hash) + "\t" + hex(try signer.signature(for: hash)) + "\n"
            previous = hex(hash)
        }
        let sealContent = ["seal", String(rows.count), previous, keyID].joined(separator: "\t")
        let sealDigest = sha256("shardplace-trust-ledger v1 seal\n" + sealContent)
        return text + sealContent + "\t" + hex(try signer.signature(for: sealDigest)) + "\n"
    }

    @Test("a ledger written by hand from the documentation verifies, with the replayed scores")
    func handWrittenVerifies() throws {
        let text = try handWritten([
            ["1", "2026-01-31T23:59:59Z", #"acme\\labs"#, "-", "1.000000", "other", #"first\nline"#],
            ["2", "2026-02-28T00:00:00Z", "ünïcode", "-", "0.000001", "sla", "ok"],
            ["3", "2028-02-29T12:00:00Z", #"acme\\labs"#, "1.000000", "0.500000", "incident", #"bell \x07"#],
        ])
        let ledger = try TrustLedger(verifying: Array(text.utf8), publicKey: LedgerFixtures.key.publicKey)
        #expect(ledger.entries.map(\.provider) == [#"acme\labs"#, "ünïcode", #"acme\labs"#])
        #expect(ledger.entries[0].reason == "first\nline" && ledger.entries[2].reason == "bell \u{7}")
        #expect(ledger.scores == [#"acme\labs"#: TrustScore(micros: 500_000)!, "ünïcode": TrustScore(micros: 1)!])
        #expect(ledger.entries[2].timestamp == 1_835_438_400)  // 2028-02-29T12:00:00Z
        #expect(ledger.encoded == Array(text.utf8))
    }

    @Test("a signed entry whose old score does not replay is named (only the key holder could write it)")
    func oldScoreMustReplay() throws {
        let rows = [
            ["1", "2026-01-01T00:00:00Z", "aws", "-", "0.900000", "other", "initial"],
            ["2", "2026-01-02T00:00:00Z", "aws", "0.800000", "0.500000", "incident", "outage"],
        ]
        do {
            _ = try TrustLedger(verifying: Array(try handWritten(rows).utf8), publicKey: LedgerFixtures.key.publicKey)
            Issue.record("an old score that does not replay verified")
        } catch let error as LedgerFault {
            #expect(error.kind == .score && error.line == 3, "\(error)")
            #expect(error.message.contains("0.900000"))
        }
        var first = rows
        first[0][3] = "0.100000"  // a provider's first entry has no old score
        #expect(throws: LedgerFault.self) {
            try TrustLedger(verifying: Array(try handWritten(first).utf8), publicKey: nil)
        }
    }

    @Test("timestamps are spelled as Foundation's ISO 8601 formatter spells them, and read back")
    func timestamps() throws {
        var ledger = TrustLedger(sealedWith: LedgerFixtures.key)
        var state: UInt64 = 7
        // 1970-01-01, 2000-02-29 (both ends), 2100-03-01, 9999-12-31T23:59:59Z, then random times.
        var times: [Int64] = [0, 951_782_400, 951_868_799, 4_107_542_400, 253_402_300_799]
        for _ in 0..<150 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            times.append(Int64(state >> 1) % 253_402_300_800)
        }
        for (i, t) in times.enumerated() {
            try ledger.append(
                provider: "p", score: TrustScore(micros: i)!, kind: .other, reason: "t", timestamp: t,
                signingKey: LedgerFixtures.key)
        }
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        for entry in ledger.entries {
            #expect(entry.timestampText == formatter.string(from: Date(timeIntervalSince1970: Double(entry.timestamp))))
        }
        let read = try TrustLedger(verifying: ledger.encoded, publicKey: nil)
        #expect(read.entries.map(\.timestamp) == times)
    }

    @Test("non-canonical spellings are refused: upper-case hex, other escapes, bad dates, padded numbers")
    func canonical() throws {
        let text = String(decoding: try LedgerFixtures.ledger(1).encoded, as: UTF8.self)
        let line = text.split(separator: "\n")[1]
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        let variants: [(Int, String)] = [
            (0, "01"), (1, "2026-11-21T00:00:00+00:00"), (1, "2026-02-30T00:00:00Z"), (1, "2026-11-21T24:00:00Z"),
            (2, #"aws\x41"#), (2, #"a\qb"#), (2, #"aws\x09"#), (2, ""), (4, "0.9"), (4, "1.000001"), (5, "Other"),
            (7, fields[7].uppercased()), (9, fields[9].uppercased()), (10, fields[10].uppercased()),
        ]
        for (i, value) in variants {
            var changed = fields
            changed[i] = value
            let bytes = Array(text.replacingOccurrences(of: line, with: changed.joined(separator: "\t")).utf8)
            #expect(throws: LedgerFault.self, "field \(i) = \(value)") {
                try TrustLedger(verifying: bytes, publicKey: nil)
            }
            do {
                _ = try TrustLedger(verifying: bytes, publicKey: nil)
            } catch {
                #expect(error.line == 2, "\(error)")
                #expect([.malformed, .edited].contains(error.kind), "\(error)")
            }
        }
    }
}

extension Data {
    /// Bytes from lower-case hexadecimal digits.
    init?(hexString: String) {
        let utf8 = Array(hexString.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var bytes = [UInt8]()
        for i in stride(from: 0, to: utf8.count, by: 2) {
            guard let b = UInt8(String(decoding: utf8[i...(i + 1)], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(b)
        }
        self.init(bytes)
    }
}
