import Foundation
import Testing

@testable import ShardPlace

/// ``Rebalancer/plan(_:target:planner:)``: the budget pass and the planner composed as `shardplace plan`
/// and the C ABI use them, its `async` form, the budget from a policy, the async planner and the plan's
/// JSON document.
@Suite struct RebalancerPlanTests {
    /// The scenario of ``RebalancerTests/pair(seed:)`` with shards 20 and 25 out of the current placement
    /// (they are created), per-host limits, and a target placing every shard; the number of creations.
    static func fixture(seed: UInt64) throws -> (CostModel, Placement, Policy.MigrationLimits, Int) {
        var scenario = MigrationFixtures.random(seed: seed, fill: 0.6)
        scenario.policy.weights.imbalance = 5
        let free = CostModel(try Problem(scenario))
        let current = try #require(MigrationFixtures.feasible(free, seed: seed))
        var placement = current.locations(in: free.problem)
        for s in [20, 25] { placement[free.problem.shardIDs[s]] = nil }
        scenario.placement = placement
        scenario.policy.migration.maxConcurrentPerHost = 2
        scenario.policy.migration.maxMovesPerHost = 6
        let model = CostModel(try Problem(scenario))
        let target = MigrationFixtures.walk(model, from: current, steps: 400, seed: seed &+ 9)
        return (model, target, scenario.policy.migration, 2)
    }

    /// Runs `body` in a synchronous context (in an `async` function the `async` overloads are chosen).
    static func synchronous<T>(_ body: () -> T) -> T { body() }

    @Test(
        "a given target: the budget pass, then the planner with the budget's totals plus the creations",
        arguments: 0..<6)
    func givenTarget(seed: Int) throws {
        let (model, target, limits, creates) = try Self.fixture(seed: UInt64(seed))
        let p = model.problem
        let moved = (0..<p.shardCount).count {
            p.initialLeaf[$0] >= 0 && p.host(ofLeaf: Int(target.leaves[$0])) != p.host(ofLeaf: Int(p.initialLeaf[$0]))
        }
        try #require(moved > 4)
        let budget = Rebalancer.Budget(limits: limits, moves: moved / 2, bytes: seed % 2 == 0 ? nil : 400)
        let planned = Rebalancer(budget: budget).plan(model, target: target, planner: .init(limits: limits))

        // The same steps by hand.
        let enforced = Rebalancer(budget: budget).enforce(model, placement: target)
        #expect(planned.resolved.target == enforced.target && planned.resolved.reverted == enforced.reverted)
        var options = MigrationPlanner.Options(limits: limits)
        let createdBytes = [20, 25].reduce(0.0) { $0 + p.size(shard: $1) }
        options.limits.maxMovesTotal = moved / 2 + creates
        options.maxBytesTotal = budget.bytes.map { $0 + createdBytes }
        let plan = MigrationPlanner(options: options).plan(p, current: Placement(initialOf: p), target: enforced.target)
        #expect(planned.plan.moves == plan.moves && planned.plan.blocked == plan.blocked)
        #expect(planned.plan.deferred == plan.deferred && planned.plan.finalPlacement == plan.finalPlacement)
        #expect(planned.limits.maxMovesTotal == moved / 2 + creates && planned.maxBytesTotal == options.maxBytesTotal)
        #expect(planned.limits.maxConcurrentPerHost == 2 && planned.limits.maxMovesPerHost == 6)
        // Creations are not charged to the budget: both are planned.
        #expect(planned.plan.moves.count { $0.kind == .create } == creates)
        #expect(planned.resolveSeconds >= 0 && planned.planSeconds >= 0)
    }

    @Test("a re-solve, synchronous and async, gives the same target and plan for the same options")
    func resolve() async throws {
        let (model, _, limits, _) = try Self.fixture(seed: 3)
        var annealer = Annealer.Options()
        annealer.threads = 2
        annealer.seed = 5
        annealer.iterations = 10_000
        let rebalancer = Rebalancer(annealer: annealer, budget: .init(limits: limits, moves: 5))
        let synchronous = Self.synchronous { rebalancer.plan(model, planner: .init(limits: limits)) }
        let result = await rebalancer.plan(model, planner: .init(limits: limits))
        #expect(result.resolved.target == synchronous.resolved.target)
        #expect(result.plan.moves == synchronous.plan.moves)
        #expect(synchronous.resolved.withinBudget && synchronous.resolved.moves <= 5)
        let solved = await rebalancer.solve(model)
        #expect(solved.target == Self.synchronous { rebalancer.solve(model) }.target)
    }

    @Test("a budget from a policy's limits: the smaller move total, the per-host and per-domain limits")
    func budgetFromLimits() {
        var limits = Policy.MigrationLimits()
        #expect(Rebalancer.Budget(limits: limits) == Rebalancer.Budget())
        #expect(Rebalancer.Budget(limits: limits, moves: 3, bytes: 9) == Rebalancer.Budget(moves: 3, bytes: 9))
        limits.maxMovesTotal = 5
        limits.maxMovesPerHost = 2
        limits.maxMovesPerDomain = 4
        #expect(Rebalancer.Budget(limits: limits) == Rebalancer.Budget(moves: 5, movesPerHost: 2, movesPerDomain: 4))
        #expect(Rebalancer.Budget(limits: limits, moves: 3).moves == 3)
        #expect(Rebalancer.Budget(limits: limits, moves: 8).moves == 5)
    }

    @Test("the async planner returns the synchronous plan")
    func asyncPlanner() async throws {
        let (model, target, limits, _) = try Self.fixture(seed: 4)
        let planner = MigrationPlanner(options: .init(limits: limits))
        let current = Placement(initialOf: model.problem)
        let plan = await planner.plan(model.problem, current: current, target: target)
        let synchronous = Self.synchronous { planner.plan(model.problem, current: current, target: target) }
        #expect(plan.moves == synchronous.moves && plan.blocked == synchronous.blocked)
        #expect(plan.finalPlacement == synchronous.finalPlacement)
    }

    @Test("the JSON document names every move, wave and left-out move of the plan", arguments: 0..<4)
    func json(seed: Int) throws {
        let (model, target, limits, _) = try Self.fixture(seed: UInt64(seed) + 10)
        let p = model.problem
        var tight = limits
        tight.maxBytesPerWave = 60  // some shards are larger: blocked, with reasons
        let plan = MigrationPlanner(options: .init(limits: tight))
            .plan(p, current: Placement(initialOf: p), target: target)
        let text = plan.jsonDocument(problem: p, target: target)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(document["complete"] as? Bool == plan.isComplete)
        #expect(document["moves"] as? Int == plan.moveCount && document["stagedMoves"] as? Int == plan.stagedCount)
        #expect(document["shardMapVersion"] as? Int == plan.finalVersion)
        let waves = try #require(document["waves"] as? [[String: Any]])
        #expect(waves.count == plan.waves.count)
        for (i, wave) in waves.enumerated() {
            #expect(wave["index"] as? Int == i)
            let moves = try #require(wave["moves"] as? [[String: Any]])
            let expected = plan.waves[i].moves
            #expect(moves.count == expected.count)
            for (m, move) in zip(expected, moves) {
                #expect(move["shard"] as? String == p.shardIDs[m.shard])
                #expect(move["to"] as? String == p.hostIDs[m.to])
                #expect(move["from"] as? String == (m.from < 0 ? nil : p.hostIDs[m.from]))
                #expect(move["kind"] as? String == m.kind.rawValue)
                #expect((move["phases"] as? [Any])?.count == m.phases.count)
            }
        }
        let blocked = try #require(document["blocked"] as? [[String: Any]])
        #expect(blocked.map { $0["shard"] as? String } == plan.blocked.map { p.shardIDs[$0.shard] })
        #expect(blocked.map { $0["reasons"] as? [String] } == plan.blocked.map(\.reasons))
        #expect((document["deferred"] as? [Any])?.count == plan.deferred.count)
        let locations = try #require(document["target"] as? [String: String])
        #expect(locations == target.locations(in: p))
        // Sorted keys, as every document of the project.
        let keys = text.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.split(separator: "\"")[1] }
        #expect(keys == keys.sorted())
    }
}
