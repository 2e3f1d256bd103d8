import Testing

@testable import ShardPlace

@Suite struct FailoverTests {
    /// 3 zones × 3 hosts; replica sets of two primaries and one zone standby; free shards; a feasible
    /// current placement (standbys included).
    static func cluster(seed: UInt64) throws -> Scenario {
        var g = RandomScenario.Generator(state: seed)
        let hosts = (0..<9).map { h in
            Host(id: "h\(h)", labels: ["zone": "z\(h % 3)", "rack": "r\(h)"], capacity: [24, 24])
        }
        var groups: [Group] = []
        var shards: [Shard] = []
        for r in 0..<4 {
            groups.append(Group(id: "db\(r)", antiAffinity: "host", standby: .init(count: 1, key: "zone")))
            for i in 0..<2 {
                shards.append(
                    Shard(
                        id: "db\(r)-\(i)", group: "db\(r)",
                        demand: [Double(Int.random(in: 2...5, using: &g)), Double(Int.random(in: 2...5, using: &g))],
                        size: 1e9))
            }
        }
        groups.append(Group(id: "web", spread: .init(key: "zone", min: 2)))
        for i in 0..<10 {
            shards.append(
                Shard(
                    id: "w\(i)", group: i < 4 ? "web" : nil,
                    demand: [Double(Int.random(in: 1...4, using: &g)), Double(Int.random(in: 1...4, using: &g))],
                    size: 2e8))
        }
        var scenario = Scenario(
            name: "failover-\(seed)", resources: [Resource(name: "cpu"), Resource(name: "memory", transient: true)],
            hosts: hosts, groups: groups, shards: shards)
        #expect(scenario.validate().isEmpty, "\(scenario.validate())")
        let problem = try Problem(scenario)
        let model = CostModel(problem)
        let current = try #require(MigrationFixtures.feasible(model, seed: seed))
        scenario.placement = current.locations(in: problem)
        return scenario
    }

    @Test(
        "failing any single host: standbys promoted, lost shards re-created, replicas on distinct zones",
        arguments: [UInt64(1), 2, 3])
    func everyHost(seed: UInt64) throws {
        let scenario = try Self.cluster(seed: seed)
        let standbyIDs = Set(scenario.standbyShards.map(\.id))
        #expect(standbyIDs.count == 4)
        for failed in scenario.hosts.map(\.id) {
            let result = try Failover().plan(scenario, failing: failed)
            let p = result.problem
            #expect(result.evaluation.isFeasible, "\(failed): \(result.evaluation.violations.map(\.message))")
            #expect(result.plan.isComplete, "\(failed): \(result.plan.blocked.map(\.reasons))")
            let final = MigrationFixtures.hosts(result.plan.finalPlacement, p)
            #expect(final.count == p.shardCount, "\(failed): every shard placed")
            #expect(!final.values.contains(failed))
            // Every group with a standby: all its replicas on distinct zones (from the labels).
            for group in scenario.groups where group.standby != nil {
                let members = p.shardIDs.filter { id in
                    scenario.shards.first { $0.id == id }?.group == group.id || id.hasPrefix("\(group.id).standby")
                }
                #expect(members.count == 3)
                let zones = members.map { id in scenario.hosts.first { $0.id == final[id] }!.labels["zone"]! }
                #expect(Set(zones).count == members.count, "\(failed): group \(group.id) zones \(zones)")
            }
            // Promotions: a lost primary takes its standby's host; that standby was alive.
            let before = scenario.placement!
            for promotion in result.plan.promotions {
                #expect(before[p.shardIDs[promotion.primary]] == failed)
                #expect(standbyIDs.contains(p.shardIDs[promotion.standby]))
                #expect(before[p.shardIDs[promotion.standby]] == p.hostIDs[promotion.host])
                #expect(final[p.shardIDs[promotion.primary]] == p.hostIDs[promotion.host])
            }
            let withStandby = Set(scenario.groups.filter { $0.standby != nil }.map(\.id))
            let lostPrimaries = result.lost.filter { s in
                !standbyIDs.contains(p.shardIDs[s])
                    && scenario.shards.first { $0.id == p.shardIDs[s] }.flatMap(\.group).map(withStandby.contains)
                        == true
            }
            #expect(result.plan.promotions.count == lostPrimaries.count)
            // Only lost shards move, each created once, copying from a surviving replica when grouped.
            for move in result.plan.moves {
                #expect(move.kind == .create || move.kind == .stage || move.kind == .unstage)
                if move.kind == .create, p.shardGroup[move.shard] >= 0 { #expect(move.copyFrom != nil) }
            }
            // The independent checker, on the degraded cluster.
            var degraded = scenario
            let index = scenario.hosts.firstIndex { $0.id == failed }!
            degraded.hosts[index].capacity = [0, 0]
            let errors = PlanChecker(scenario: degraded, problem: p).check(
                result.plan, current: MigrationFixtures.hosts(result.start, p),
                target: MigrationFixtures.hosts(result.target, p))
            #expect(errors.isEmpty, "\(failed): \(errors.prefix(5))")
            // The shard map: the failure drops the lost shards, promotions and cut-overs lead to the end.
            var hosts = [Int32](repeating: -1, count: p.shardCount)
            for (s, id) in p.shardIDs.enumerated() where before[id] != failed {
                hosts[s] = Int32(p.hostIDs.firstIndex(of: before[id]!)!)
            }
            var map = ShardMap(hosts: hosts)
            map.apply(plan: result.plan)
            #expect(map.hosts == result.plan.finalHosts && map.version == result.plan.finalVersion)
        }
    }

    @Test("an unknown host is an error naming it")
    func unknownHost() throws {
        let scenario = try Self.cluster(seed: 1)
        #expect(throws: ScenarioError.self) { try Failover().plan(scenario, failing: "nope") }
    }
}
