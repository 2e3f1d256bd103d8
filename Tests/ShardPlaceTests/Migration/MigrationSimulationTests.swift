import Testing

@testable import ShardPlace

@Suite struct MigrationSimulationTests {
    @Test("the dry run of a planned swap finds no violation and the staging peak on the staging host")
    func swap() throws {
        let problem = try Problem(MigrationPlannerTests.swap)
        let plan = MigrationPlanner().plan(
            problem, current: Placement(initialOf: problem),
            target: try MigrationFixtures.placement(["x": "b", "y": "a"], problem))
        let steps = plan.simulate(problem)
        #expect(steps.count == 3)
        #expect(steps.allSatisfy { $0.violations.isEmpty })
        // Wave 0 copies y (4 cpu, 6 disk) from b to c: b and c peak at 4 cpu each (c: 100 %).
        #expect(steps[0].hosts.map(\.host) == [1, 2])
        #expect(steps[0].hosts[1].usage == [4, 6] && steps[0].peakUtilization == 1)
    }

    @Test("a hand-made wave that overfills a host and breaks anti-affinity is reported")
    func brokenPlan() throws {
        var scenario = MigrationPlannerTests.swap
        scenario.groups = [Group(id: "g", antiAffinity: "zone")]
        scenario.shards[0].group = "g"
        scenario.shards[1].group = "g"
        let problem = try Problem(scenario)
        let wave = MigrationWave(moves: [
            MigrationMove(shard: 0, from: 0, to: 1, kind: .move, bytes: 2e9, urgency: 0),
            MigrationMove(shard: 1, from: 1, to: 0, kind: .move, bytes: 1e9, urgency: 0),
        ])
        let start = Placement(initialOf: problem)
        let plan = MigrationPlan(
            waves: [wave], promotions: [], blocked: [], deferred: [], rebinds: [], startHosts: start.leaves,
            finalHosts: [1, 0], finalPlacement: Placement(leaves: [1, 0]), startVersion: 0, finalVersion: 2)
        var limits = Policy.MigrationLimits()
        limits.maxBytesPerWave = 1e9
        let violations = plan.simulate(problem, limits: limits)[0].violations
        #expect(violations.contains { $0.contains("a: cpu peaks at 8") })
        #expect(violations.contains { $0.contains("b: cpu peaks at 8") })
        #expect(violations.contains { $0.contains("limit 1000000000") })
        #expect(violations.contains { $0.contains("available members") })
        #expect(violations.contains { $0.contains("share a zone domain") })
        // And the independent checker agrees.
        let errors = PlanChecker(scenario: scenario, problem: problem).check(
            plan, current: ["x": "a", "y": "b"], target: ["x": "b", "y": "a"])
        #expect(errors.contains { $0.contains("a cpu reaches 8") } && errors.contains { $0.contains("both in") })
    }
}
