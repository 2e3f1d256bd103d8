import ShardPlace
import Testing

@Suite struct ScenarioTrustTests {
    private let scenario = Scenario(
        resources: [Resource(name: "cpu")],
        hosts: [
            Host(id: "a", labels: ["provider": "p1"], capacity: [4], trust: 0.9),
            Host(id: "b", labels: ["provider": "p2"], capacity: [4]),
            Host(id: "c", labels: ["provider": "p3"], capacity: [4], trust: 0.7),
            Host(id: "d", labels: ["cloud": "p1"], capacity: [4], trust: 0.6),
        ],
        shards: [Shard(id: "s", demand: [1], minTrust: 0.8)])

    @Test("hosts whose provider has a score take it; the others keep their own trust")
    func applies() {
        let scores = ["p1": 0.4, "p2": 0.85, "nobody": 0.1]
        let trusted = scenario.applyingTrust(scores)
        #expect(trusted.hosts.map(\.trust) == [0.4, 0.85, 0.7, 0.6])
        #expect(scenario.hostCount(withTrustFrom: scores) == 2)
        // Everything but host trust is unchanged.
        var restored = trusted
        for h in restored.hosts.indices { restored.hosts[h].trust = scenario.hosts[h].trust }
        #expect(restored == scenario)
        // Another label key.
        #expect(scenario.applyingTrust(scores, labelKey: "cloud").hosts.map(\.trust) == [0.9, nil, 0.7, 0.4])
        #expect(scenario.applyingTrust([:]) == scenario)
    }

    @Test("eligibility follows the new trust: minTrust 0.8 allows exactly the hosts scoring ≥ 0.8")
    func eligibility() {
        let index = ["a": 0, "b": 1, "c": 2, "d": 3]
        #expect(scenario.eligibleHosts(for: scenario.shards[0], hostIndex: index) == [0, 1])
        let trusted = scenario.applyingTrust(["p1": 0.4, "p3": 0.8])
        #expect(trusted.eligibleHosts(for: trusted.shards[0], hostIndex: index) == [1, 2])
        let none = scenario.applyingTrust(["p1": 0.1, "p2": 0.1])
        #expect(none.eligibleHosts(for: none.shards[0], hostIndex: index).isEmpty)
        #expect(none.validate().contains { $0.path == "shards[0]" && $0.message.contains("minTrust") })
    }
}
