import Testing

@testable import ShardPlace

/// The spot-replica rule while a migration runs: a moving member is present on both its hosts, so two
/// members of a group must never be present in one provider's spot pool in the same wave.
@Suite struct SpotMigrationTests {
    @Test("a replica leaves a provider's spot pool before another enters it")
    func sequencedThroughSpotPool() throws {
        let provider = Provider(
            id: "p", prices: .init(onDemand: [1], spot: .init(price: [0.3], reclaimProbability: 0.1)))
        let scenario = Scenario(
            resources: [Resource(name: "cpu")],
            hosts: [
                Host(id: "spot1", labels: ["provider": "p", "offerType": "spot"], capacity: [10]),
                Host(id: "spot2", labels: ["provider": "p", "offerType": "spot"], capacity: [10]),
                Host(id: "od1", labels: ["provider": "p"], capacity: [10]),
                Host(id: "od2", labels: ["provider": "p"], capacity: [10]),
            ],
            groups: [Group(id: "g", antiAffinity: "host", minAvailable: 0)],
            shards: [Shard(id: "a", group: "g", demand: [4]), Shard(id: "b", group: "g", demand: [4])],
            placement: ["a": "spot1", "b": "od1"], providers: [provider])
        #expect(scenario.validate().isEmpty, "\(scenario.validate())")
        let problem = try Problem(scenario)
        let model = CostModel(problem)
        let current = Placement(initialOf: problem)
        // Target: a to od2, b to spot2 — one replica on spot, as before, but the other one.
        let target = try Placement(locations: ["a": "od2", "b": "spot2"], problem: problem)
        #expect(model.evaluate(current).isFeasible && model.evaluate(target).isFeasible)
        // Both on spot at once breaks the rule.
        let both = try Placement(locations: ["a": "spot1", "b": "spot2"], problem: problem)
        #expect(model.evaluate(both).terms.antiAffinity == 1)

        let plan = MigrationPlanner(options: .init(limits: scenario.policy.migration))
            .plan(problem, current: current, target: target)
        #expect(plan.isComplete && plan.blocked.isEmpty)
        // Replay: in every wave, count the members present (settled, or at either end of a move) on spot.
        var home = ["a": "spot1", "b": "od1"]
        for (w, wave) in plan.waves.enumerated() {
            var present: [String: Set<String>] = [:]
            for (shard, host) in home { present[shard, default: []].insert(host) }
            for move in wave.moves {
                present[problem.shardIDs[move.shard], default: []].insert(problem.hostIDs[move.to])
            }
            let onSpot = present.filter { $0.value.contains { $0.hasPrefix("spot") } }.count
            #expect(onSpot <= 1, "wave \(w): \(onSpot) members present on p's spot pool")
            for move in wave.moves { home[problem.shardIDs[move.shard]] = problem.hostIDs[move.to] }
        }
        #expect(home == ["a": "od2", "b": "spot2"])
        #expect(plan.waves.count >= 2)
        #expect(plan.simulate(problem).allSatisfy { $0.violations.isEmpty })
    }
}
