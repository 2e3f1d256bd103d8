import ShardPlace
import ShardPlaceTrust
import Testing

/// Ledger scores feed placement: a provider whose score falls below a shard's `minTrust` loses it.
@Suite struct TrustPlacementTests {
    /// Hosts of two providers; the shards that need trust 0.8 currently sit on `risky` hosts, which
    /// are also the cheapest, so that only the trust rule keeps them away.
    private func scenario() -> Scenario {
        var hosts: [Host] = []
        for i in 0..<4 {
            hosts.append(
                Host(
                    id: "safe-\(i)", labels: ["provider": "safe", "zone": "z\(i % 2)"], capacity: [8, 32],
                    price: [4, 1]))
            hosts.append(
                Host(
                    id: "risky-\(i)", labels: ["provider": "risky", "zone": "z\(i % 2)"], capacity: [8, 32],
                    price: [1, 0.1]))
        }
        var shards: [Shard] = []
        var placement: [String: String] = [:]
        for i in 0..<12 {
            let id = "s\(i)"
            shards.append(Shard(id: id, demand: [1, 2], minTrust: i % 2 == 0 ? 0.8 : nil))
            placement[id] = "risky-\(i % 4)"
        }
        var policy = Policy()
        policy.weights.price = 10
        return Scenario(
            resources: [Resource(name: "cpu"), Resource(name: "memory")], hosts: hosts, shards: shards,
            placement: placement, policy: policy)
    }

    /// Every shard's host trust checked against its `minTrust` directly from the scenario's fields.
    private func trustViolations(_ scenario: Scenario, _ locations: [String: String]) -> [String] {
        let trust = Dictionary(uniqueKeysWithValues: scenario.hosts.map { ($0.id, $0.trust ?? 1) })
        return scenario.shards.compactMap { shard in
            guard let need = shard.minTrust, let host = locations[shard.id]?.split(separator: "/").first else {
                return nil
            }
            return trust[String(host)]! < need ? "\(shard.id) on \(host)" : nil
        }
    }

    @Test("after the ledger lowers a provider below minTrust, the solver moves those shards off it")
    func minTrustAfterLedger() throws {
        var ledger = TrustLedger(sealedWith: LedgerFixtures.key)
        let key = LedgerFixtures.key
        try ledger.append(
            provider: "risky", score: TrustScore(micros: 950_000)!, kind: .audit, reason: "ok", timestamp: 0,
            signingKey: key)
        try ledger.append(
            provider: "safe", score: TrustScore(micros: 990_000)!, kind: .audit, reason: "ok", timestamp: 1,
            signingKey: key)
        try ledger.append(
            provider: "risky", score: TrustScore(micros: 500_000)!, kind: .incident, reason: "breach", timestamp: 2,
            signingKey: key)
        let verified = try TrustLedger(verifying: ledger.encoded, publicKey: key.publicKey)
        let base = scenario()
        let trusted = base.applyingTrust(verified.trustByProvider)
        #expect(trusted.hosts.map(\.trust) == base.hosts.map { $0.labels["provider"] == "safe" ? 0.99 : 0.5 })
        #expect(trusted.validate().isEmpty)

        // The current placement now breaks the trust rule; the solver's must not.
        let problem = try Problem(trusted)
        #expect(trustViolations(trusted, Placement(initialOf: problem).locations(in: problem)).count == 6)
        var options = Annealer.Options()
        options.iterations = 50_000
        options.threads = 1
        let result = Annealer(options: options).solve(CostModel(problem))
        #expect(result.evaluation.isFeasible)
        let locations = result.placement.locations(in: problem)
        #expect(trustViolations(trusted, locations).isEmpty)
        #expect(locations.count == 12)
        // Shards without minTrust stay on the cheap provider: the trust rule, not the price, moved the others.
        for i in stride(from: 1, to: 12, by: 2) { #expect(locations["s\(i)"]?.hasPrefix("risky") == true) }

        // Without the ledger nothing forces a move: the cheap provider keeps every shard.
        let plain = try Problem(base)
        let untouched = Annealer(options: options).solve(CostModel(plain)).placement.locations(in: plain)
        #expect(untouched.values.allSatisfy { $0.hasPrefix("risky") })
    }

    @Test("the greedy baseline respects ledger trust too")
    func greedy() throws {
        let trusted = scenario().applyingTrust(["risky": 0.5])
        var noPlacement = trusted
        noPlacement.placement = nil
        let problem = try Problem(noPlacement)
        let placement = Greedy(seed: 3).solve(CostModel(problem))
        #expect(trustViolations(noPlacement, placement.locations(in: problem)).isEmpty)
    }
}
