import ShardPlace
import Testing

@Suite struct StandbyTests {
    static let base = Scenario(
        resources: [Resource(name: "cpu")],
        hosts: (0..<4).map { Host(id: "h\($0)", labels: ["zone": "z\($0 % 2)"], capacity: [10]) },
        groups: [Group(id: "db", antiAffinity: "host", standby: .init(count: 1, key: "zone"))],
        shards: [
            Shard(id: "db-0", group: "db", demand: [2], size: 5, allowedHosts: ["h0", "h1", "h2"]),
            Shard(id: "db-1", group: "db", demand: [3], size: 7),
        ])

    @Test("too many standbys for the domains, a clashing id and a bad minAvailable are reported")
    func validation() {
        #expect(
            Self.base.validate().contains { $0.path == "groups[0].standby" && $0.message.contains("can never be met") })
        var scenario = Self.base
        scenario.groups[0].standby = .init(count: 1, key: "host")
        #expect(scenario.validate().isEmpty, "\(scenario.validate())")
        scenario.shards.append(Shard(id: "db.standby1", demand: [1]))
        #expect(
            scenario.validate().contains { $0.path == "groups[0].standby" && $0.message.contains("already the id") })
        scenario.shards.removeLast()
        scenario.groups[0].minAvailable = 3
        #expect(scenario.validate().contains { $0.path == "groups[0].minAvailable" })
        scenario.groups[0].standby = .init(count: 1, key: "rack")
        scenario.groups[0].minAvailable = nil
        #expect(scenario.validate().contains { $0.path == "groups[0].standby.key" })
    }

    @Test("standbys reserve the group's largest demand and size, keep the first member's rules, and obey anti-affinity")
    func compiled() throws {
        var scenario = Self.base
        scenario.hosts += [Host(id: "h4", labels: ["zone": "z2"], capacity: [10])]
        #expect(scenario.validate().isEmpty, "\(scenario.validate())")
        let standby = try #require(scenario.standbyShards.first)
        #expect(standby.id == "db.standby1" && standby.demand == [3] && standby.size == 7)
        #expect(standby.allowedHosts == ["h0", "h1", "h2"] && standby.pin == nil)
        let problem = try Problem(scenario)
        #expect(problem.shardIDs == ["db-0", "db-1", "db.standby1"])
        #expect(problem.groupMinAvailable == [2])
        let model = CostModel(problem)
        // db-0 on h0 (z0), db-1 on h1 (z1): the standby on h2 (z0) shares a zone; on h4 (z2) it does not
        // (but h4 is outside its allowed hosts).
        let sameZone = try Placement(locations: ["db-0": "h0", "db-1": "h1", "db.standby1": "h2"], problem: problem)
        #expect(model.evaluate(sameZone).terms.antiAffinity == 1)
        let outside = try Placement(locations: ["db-0": "h0", "db-1": "h1", "db.standby1": "h4"], problem: problem)
        #expect(model.evaluate(outside).terms.antiAffinity == 0 && model.evaluate(outside).terms.placementRules == 1)
    }
}
