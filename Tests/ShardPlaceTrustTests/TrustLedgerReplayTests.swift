import ShardPlaceTrust
import Testing

/// The scores the ledger yields against a replay kept by the test itself.
@Suite struct TrustLedgerReplayTests {
    /// SplitMix64, so that the sequence of updates is the same on every run.
    private struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test("derived scores and every old score equal an independent replay", arguments: [UInt64(1), 2, 3])
    func replay(seed: UInt64) throws {
        var random = Generator(state: seed)
        let providers = ["aws", "gcp", "azure", "ovh", "hetzner", "on-prem"]
        var ledger = TrustLedger(sealedWith: LedgerFixtures.key)
        var expected: [String: Int] = [:]
        var previousOf: [Int?] = []
        for i in 0..<200 {
            let provider = providers[Int(random.next() % UInt64(providers.count))]
            let micros = Int(random.next() % 1_000_001)
            previousOf.append(expected[provider])
            expected[provider] = micros
            try ledger.append(
                provider: provider, score: TrustScore(micros: micros)!,
                kind: TrustReasonKind.allCases[i % TrustReasonKind.allCases.count], reason: "update \(i)",
                timestamp: LedgerFixtures.start + Int64(i), signingKey: LedgerFixtures.key)
        }
        #expect(ledger.scores.mapValues(\.micros) == expected)
        #expect(ledger.trustByProvider == expected.mapValues { Double($0) / 1_000_000 })
        #expect(ledger.entries.map { $0.oldScore?.micros } == previousOf)
        let read = try TrustLedger(verifying: ledger.encoded, publicKey: LedgerFixtures.key.publicKey)
        #expect(read.scores.mapValues(\.micros) == expected)
        #expect(read == ledger)
    }

    @Test("append refuses empty fields, far timestamps and a key other than the ledger's")
    func appendChecks() throws {
        var ledger = try LedgerFixtures.ledger(2)
        let score = TrustScore(micros: 1)!
        let key = LedgerFixtures.key
        #expect(throws: TrustLedgerError.self) {
            try ledger.append(provider: "", score: score, kind: .other, reason: "r", timestamp: 0, signingKey: key)
        }
        #expect(throws: TrustLedgerError.self) {
            try ledger.append(provider: "p", score: score, kind: .other, reason: "", timestamp: 0, signingKey: key)
        }
        #expect(throws: TrustLedgerError.self) {
            try ledger.append(provider: "p", score: score, kind: .other, reason: "r", timestamp: -1, signingKey: key)
        }
        #expect(throws: TrustLedgerError.self) {
            try ledger.append(
                provider: "p", score: score, kind: .other, reason: "r", timestamp: 0,
                signingKey: LedgerFixtures.otherKey)
        }
        #expect(ledger.entries.count == 2)
    }
}
