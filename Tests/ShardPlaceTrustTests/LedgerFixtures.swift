import Foundation
import ShardPlaceTrust

/// Keys and ledgers the trust tests share: fixed seeds and timestamps, so every run sees the same bytes.
enum LedgerFixtures {
    /// The ledger's signing key (seed 1, 2, …, 32).
    static let key = LedgerSigningKey(seed: (1...32).map { UInt8($0) })!
    /// Another key (seed 101, …, 132).
    static let otherKey = LedgerSigningKey(seed: (101...132).map { UInt8($0) })!

    /// 2026-11-21T00:00:00Z.
    static let start: Int64 = 1_795_219_200

    /// Updates as (provider, score in millionths, kind, reason).
    static let updates: [(String, Int, TrustReasonKind, String)] = [
        ("aws", 900_000, .other, "initial"),
        ("gcp", 850_000, .audit, "SOC 2"),
        ("aws", 600_000, .incident, "outage\teu-west-1"),
        ("ovh", 700_000, .sla, "99.9% met"),
        ("gcp", 950_000, .audit, "pen test ok"),
    ]

    /// A ledger of the first `count` updates, an hour apart, signed with `key`.
    static func ledger(_ count: Int = updates.count, key: LedgerSigningKey = key) throws -> TrustLedger {
        var ledger = TrustLedger(sealedWith: key)
        for (i, (provider, micros, kind, reason)) in updates.prefix(count).enumerated() {
            try ledger.append(
                provider: provider, score: TrustScore(micros: micros)!, kind: kind, reason: reason,
                timestamp: start + Int64(i) * 3600, signingKey: key)
        }
        return ledger
    }

    /// A new empty folder under the temporary directory.
    static func folder() throws -> String {
        let path = NSTemporaryDirectory() + "ledger-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The lines of a file's bytes (without line feeds).
    static func lines(_ bytes: [UInt8]) -> [[UInt8]] {
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    /// Bytes from lines, each ending with a line feed.
    static func joined(_ lines: [[UInt8]]) -> [UInt8] { lines.flatMap { $0 + [0x0A] } }
}
