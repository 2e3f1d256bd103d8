import ShardPlace
import Testing

@Suite struct ShardMapTests {
    @Test("rolling back to any version restores the map recorded at that version", arguments: [UInt64(1), 2, 3])
    func rollback(seed: UInt64) {
        var g = RandomScenario.Generator(state: seed)
        var map = ShardMap(hosts: (0..<20).map { Int32($0 % 5) }, version: 7)
        var snapshots: [Int: [Int32]] = [7: map.hosts]
        for _ in 0..<200 {
            if Bool.random(using: &g) {
                map.cutOver(shard: Int.random(in: 0..<20, using: &g), to: Int.random(in: -1..<5, using: &g))
            } else {
                map.apply([(Int.random(in: 0..<20, using: &g), 1), (Int.random(in: 0..<20, using: &g), -1)])
            }
            snapshots[map.version] = map.hosts
        }
        #expect(map.version == 207)
        for v in stride(from: 207, through: 7, by: -13) {
            #expect(map.rolledBack(to: v).hosts == snapshots[v], "version \(v)")
        }
        map.rollBack(to: 50)
        #expect(map.version == 50 && map.hosts == snapshots[50])
        map.cutOver(shard: 3, to: 4)
        #expect(map.version == 51 && map.host(of: 3) == 4)
        #expect(map.rolledBack(to: 7).hosts == snapshots[7])
    }

    @Test("applying a plan's cut-overs ends on the plan's final hosts at its final version")
    func applyPlan() throws {
        let problem = try Problem(MigrationPlannerTests.swap)
        let plan = MigrationPlanner().plan(
            problem, current: Placement(initialOf: problem),
            target: try MigrationFixtures.placement(["x": "b", "y": "a"], problem))
        var map = ShardMap(hosts: plan.startHosts)
        map.apply(plan: plan)
        #expect(map.hosts == plan.finalHosts && map.version == plan.finalVersion)
        #expect(map.rolledBack(to: 0).hosts == plan.startHosts)
        // After the first cut-over y is served from the staging host c.
        #expect(map.rolledBack(to: 1).host(of: 1) == 2)
    }
}
