import Testing

@testable import ShardPlace

@Suite struct MigrationPlannerTests {
    /// Random limits for a seed (some seeds none at all).
    static func limits(seed: UInt64) -> Policy.MigrationLimits {
        var g = RandomScenario.Generator(state: seed &* 31 &+ 7)
        var l = Policy.MigrationLimits()
        guard seed % 4 != 0 else { return l }
        l.maxConcurrentPerHost = [nil, 1, 2].randomElement(using: &g)!
        l.maxBytesPerWave = [nil, 120, 250, 60].randomElement(using: &g)!
        if seed % 3 == 0 { l.maxMovesTotal = Int.random(in: 3...15, using: &g) }
        if seed % 5 == 0 { l.maxMovesPerHost = Int.random(in: 3...6, using: &g) }
        if seed % 7 == 0 { l.maxMovesPerDomain = Int.random(in: 5...10, using: &g) }
        return l
    }

    @Test("random feasible current/target pairs: the independent checker accepts every plan", arguments: 0..<40)
    func randomPairs(seed: Int) throws {
        let seed = UInt64(seed)
        var scenario = MigrationFixtures.random(seed: seed, fill: seed % 2 == 0 ? 0.7 : 0.9)
        scenario.policy.migration = Self.limits(seed: seed)
        let problem = try Problem(scenario)
        let model = CostModel(problem)
        let current = try #require(MigrationFixtures.feasible(model, seed: seed))
        let target = MigrationFixtures.walk(model, from: current, steps: 200, seed: seed &+ 100)
        #expect(model.evaluate(target).isFeasible)
        let planner = MigrationPlanner(options: .init(limits: scenario.policy.migration))
        let plan = planner.plan(problem, current: current, target: target)
        let checker = PlanChecker(scenario: scenario, problem: problem)
        let errors = checker.check(
            plan, current: MigrationFixtures.hosts(current, problem), target: MigrationFixtures.hosts(target, problem))
        #expect(errors.isEmpty, "seed \(seed): \(errors.prefix(5))")
        for b in plan.blocked + plan.deferred { #expect(!b.reasons.isEmpty) }
        // With only a total move limit, the budget keeps exactly the most urgent moves.
        let l = scenario.policy.migration
        if l.maxMovesTotal != nil && l.maxMovesPerHost == nil && l.maxMovesPerDomain == nil {
            let urgency = planner.urgency(
                problem, hosts: current.leaves.map { $0 < 0 ? -1 : Int32(problem.host(ofLeaf: Int($0))) })
            let kept = plan.moves.filter { $0.kind != .unstage }.map(\.urgency).min() ?? .infinity
            let cut = plan.deferred.map { urgency[$0.shard] }.max() ?? -.infinity
            #expect(cut <= kept, "seed \(seed): deferred urgency \(cut) above kept \(kept)")
        }
        if plan.isComplete {
            #expect(
                plan.finalPlacement.leaves.map { $0 < 0 ? -1 : problem.host(ofLeaf: Int($0)) }
                    == target.leaves.map { $0 < 0 ? -1 : problem.host(ofLeaf: Int($0)) })
        }
        // The end state keeps every hard rule (capacity is relative: only hosts that received moves).
        let end = model.evaluate(plan.finalPlacement)
        #expect(
            end.violations.filter { $0.term != "transient" && $0.term != "capacity" }.isEmpty,
            "seed \(seed): \(end.violations.prefix(3).map(\.message))")
    }

    @Test("without limits, random pairs are planned completely or every left-out move says why", arguments: 0..<20)
    func unlimited(seed: Int) throws {
        let scenario = MigrationFixtures.random(seed: UInt64(seed) + 1000, hosts: 12, shards: 50, fill: 0.85)
        let problem = try Problem(scenario)
        let model = CostModel(problem)
        let current = try #require(MigrationFixtures.feasible(model, seed: UInt64(seed)))
        let target = MigrationFixtures.walk(model, from: current, steps: 300, seed: UInt64(seed) &+ 5)
        let plan = MigrationPlanner().plan(problem, current: current, target: target)
        #expect(plan.deferred.isEmpty)
        let errors = PlanChecker(scenario: scenario, problem: problem).check(
            plan, current: MigrationFixtures.hosts(current, problem), target: MigrationFixtures.hosts(target, problem))
        #expect(errors.isEmpty, "\(errors.prefix(5))")
        #expect(plan.isComplete || plan.blocked.allSatisfy { !$0.reasons.isEmpty })
    }

    @Test("full hosts force cycles: a spare host stages shards and the plan completes", arguments: 0..<15)
    func cyclesWithSpare(seed: Int) throws {
        let (scenario, target) = try #require(MigrationFixtures.tight(seed: UInt64(seed), spare: true))
        var limited = scenario
        if seed % 2 == 1 { limited.policy.migration.maxConcurrentPerHost = 1 }
        let problem = try Problem(limited)
        let current = Placement(initialOf: problem)
        let goal = try MigrationFixtures.placement(target, problem)
        let plan = MigrationPlanner(options: .init(limits: limited.policy.migration)).plan(
            problem, current: current, target: goal)
        let errors = PlanChecker(scenario: limited, problem: problem).check(
            plan, current: MigrationFixtures.hosts(current, problem), target: target)
        #expect(errors.isEmpty, "\(errors.prefix(5))")
        #expect(plan.isComplete, "\(plan.blocked.prefix(3).map(\.reasons))")
        #expect(plan.stagedCount > 0)
        #expect(plan.moves.filter { $0.kind == .stage }.allSatisfy { problem.hostIDs[$0.to] == "spare" })
    }

    @Test("full hosts without room anywhere: every move is reported blocked, nothing hangs", arguments: 0..<5)
    func cyclesWithoutSpare(seed: Int) throws {
        let (scenario, target) = try #require(MigrationFixtures.tight(seed: UInt64(seed), spare: false))
        let problem = try Problem(scenario)
        let current = Placement(initialOf: problem)
        let goal = try MigrationFixtures.placement(target, problem)
        let plan = MigrationPlanner().plan(problem, current: current, target: goal)
        #expect(plan.waves.isEmpty)
        let moved = target.filter { scenario.placement![$0.key] != $0.value }.count
        #expect(plan.blocked.count == moved)
        #expect(plan.blocked.allSatisfy { $0.reasons.contains { $0.contains("lacks") } })
        #expect(plan.blocked.allSatisfy { $0.reasons.contains { $0.contains("no staging host") } })
        let errors = PlanChecker(scenario: scenario, problem: problem).check(
            plan, current: MigrationFixtures.hosts(current, problem), target: target)
        #expect(errors.isEmpty, "\(errors.prefix(5))")
    }

    static let swap = Scenario(
        resources: [Resource(name: "cpu"), Resource(name: "disk", transient: true)],
        hosts: [
            Host(id: "a", labels: ["zone": "z1"], capacity: [4, 10]),
            Host(id: "b", labels: ["zone": "z2"], capacity: [4, 10]),
            Host(id: "c", labels: ["zone": "z3"], capacity: [4, 10]),
        ],
        shards: [
            Shard(id: "x", demand: [4, 6], size: 2e9), Shard(id: "y", demand: [4, 6], size: 1e9),
        ],
        placement: ["x": "a", "y": "b"])

    @Test("a swap of two full hosts goes through the staging host in three waves")
    func swapThroughStaging() throws {
        let problem = try Problem(Self.swap)
        let current = Placement(initialOf: problem)
        let target = try MigrationFixtures.placement(["x": "b", "y": "a"], problem)
        let plan = MigrationPlanner().plan(problem, current: current, target: target)
        #expect(plan.isComplete)
        #expect(plan.waves.count == 3)
        let kinds = plan.waves.map {
            $0.moves.map { "\(problem.shardIDs[$0.shard]):\($0.kind.rawValue):\(problem.hostIDs[$0.to])" }
        }
        // The smaller shard is the more urgent (lower transfer cost): it is staged.
        #expect(kinds == [["y:stage:c"], ["x:move:b"], ["y:unstage:a"]])
        #expect(plan.moves[0].via == problem.hostIDs.firstIndex(of: "a"))
        #expect(plan.finalVersion == 3)
        let errors = PlanChecker(scenario: Self.swap, problem: problem).check(
            plan, current: ["x": "a", "y": "b"], target: ["x": "b", "y": "a"])
        #expect(errors.isEmpty, "\(errors)")
    }

    @Test("a swap of two full hosts with staging disabled is blocked, with the reason")
    func swapBlocked() throws {
        let problem = try Problem(Self.swap)
        var options = MigrationPlanner.Options()
        options.allowStaging = false
        let plan = MigrationPlanner(options: options).plan(
            problem, current: Placement(initialOf: problem),
            target: try MigrationFixtures.placement(["x": "b", "y": "a"], problem))
        #expect(plan.waves.isEmpty)
        #expect(plan.blocked.count == 2)
        #expect(plan.blocked[0].reasons[0].contains("b lacks cpu"))
        #expect(plan.blocked[0].reasons.contains("staging is disabled"))
    }

    @Test("urgency: a move off an overloaded host ranks first; the score follows its definition")
    func urgency() throws {
        let scenario = Scenario(
            resources: [Resource(name: "cpu", loadWeight: 2)],
            hosts: [
                Host(id: "hot", capacity: [10], safetyCapacity: [8]),
                Host(id: "cool", capacity: [10], safetyCapacity: [8]),
                Host(id: "empty", capacity: [10]),
            ],
            shards: [
                Shard(id: "h1", demand: [5], size: 1e9), Shard(id: "h2", demand: [4], size: 0),
                Shard(id: "c1", demand: [2], size: 0),
            ],
            placement: ["h1": "hot", "h2": "hot", "c1": "cool"])
        let problem = try Problem(scenario)
        var options = MigrationPlanner.Options()
        options.bandwidth = 1e9
        let scores = MigrationPlanner(options: options).urgency(
            problem, hosts: Placement(initialOf: problem).leaves)
        // hot: usage 9 > safety 8: P = 1; h1: share 5/8, relief 2 × min(5, 1)/8; cost 1 + 1 = 2.
        #expect(abs(scores[0] - (5.0 / 8 + 2.0 / 8) / 2) < 1e-12)
        #expect(abs(scores[1] - (4.0 / 8 + 2.0 / 8)) < 1e-12)
        // cool: P = 2/8; share 2/8, no relief; cost 1.
        #expect(abs(scores[2] - 0.25 * 0.25) < 1e-12)
        let target = try MigrationFixtures.placement(["h1": "empty", "h2": "empty", "c1": "empty"], problem)
        var limited = Policy.MigrationLimits()
        limited.maxMovesTotal = 2
        let plan = MigrationPlanner(options: .init(limits: limited)).plan(
            problem, current: Placement(initialOf: problem), target: target)
        #expect(Set(plan.moves.map(\.shard)) == [0, 1])
        #expect(plan.deferred.map(\.shard) == [2])
        #expect(plan.deferred[0].reasons == ["maxMovesTotal (2) reached"])
        #expect(plan.moves.map(\.shard) == [1, 0])  // most urgent first
    }

    @Test("a shard larger than maxBytesPerWave is blocked at once with the reason")
    func tooLargeForAWave() throws {
        var scenario = Self.swap
        scenario.policy.migration.maxBytesPerWave = 1.5e9
        let problem = try Problem(scenario)
        let plan = MigrationPlanner(options: .init(limits: scenario.policy.migration)).plan(
            problem, current: Placement(initialOf: problem),
            target: try MigrationFixtures.placement(["x": "c", "y": "b"], problem))
        #expect(plan.waves.isEmpty)
        #expect(plan.blocked.count == 1 && plan.blocked[0].reasons[0].contains("maxBytesPerWave"))
    }

    @Test("phases: durations from size and bandwidth, chunks of 64 MiB, cut-over versions one by one")
    func phases() throws {
        var options = MigrationPlanner.Options()
        options.bandwidth = 100e6
        let phases = MigrationPlanner(options: options).phases(bytes: 1e9)
        #expect(phases.map(\.step) == MigrationPhase.Step.allCases)
        #expect(phases[1].seconds == 10 && phases[1].chunks == Int((1e9 / (64 * 1024 * 1024)).rounded(.up)))
        #expect(phases[2].seconds == 1 && phases[3].seconds == 1 + 1e9 / 400e6)
        let total: Double = 5 + 10 + 1 + 3.5 + 1 + 2
        #expect(phases.reduce(0) { $0 + $1.seconds } == total)
    }

    @Test("replica groups move one replica at a time and never share a domain, even in motion")
    func replicaSet() throws {
        // Three replicas in three zones move to three new zones: one per wave by default.
        let hosts = (0..<6).map { Host(id: "h\($0)", labels: ["zone": "z\($0)"], capacity: [10]) }
        let shards = (0..<3).map { Shard(id: "r\($0)", group: "db", demand: [1], size: 1) }
        var scenario = Scenario(
            resources: [Resource(name: "cpu")], hosts: hosts,
            groups: [Group(id: "db", antiAffinity: "zone", spread: .init(key: "zone", min: 3))], shards: shards,
            placement: ["r0": "h0", "r1": "h1", "r2": "h2"])
        let target = ["r0": "h3", "r1": "h4", "r2": "h5"]
        for minAvailable in [nil, 1] {
            scenario.groups[0].minAvailable = minAvailable
            let problem = try Problem(scenario)
            let plan = MigrationPlanner().plan(
                problem, current: Placement(initialOf: problem),
                target: try MigrationFixtures.placement(target, problem))
            #expect(plan.isComplete)
            #expect(plan.waves.count == (minAvailable == nil ? 3 : 2))
            let errors = PlanChecker(scenario: scenario, problem: problem).check(
                plan, current: scenario.placement!, target: target)
            #expect(errors.isEmpty, "\(errors)")
        }
        // Rotating the replicas through the same three zones needs a fourth zone to stage in.
        scenario.groups[0].minAvailable = nil
        let rotate = ["r0": "h1", "r1": "h2", "r2": "h0"]
        let problem = try Problem(scenario)
        let plan = MigrationPlanner().plan(
            problem, current: Placement(initialOf: problem), target: try MigrationFixtures.placement(rotate, problem))
        #expect(plan.isComplete && plan.stagedCount >= 1)
        let errors = PlanChecker(scenario: scenario, problem: problem).check(
            plan, current: scenario.placement!, target: rotate)
        #expect(errors.isEmpty, "\(errors)")
    }
}
