import Testing

@testable import ShardPlace

@Suite struct RebalancerTests {
    /// A scenario whose current placement is feasible, and a feasible target far from it.
    static func pair(seed: UInt64) throws -> (CostModel, Placement) {
        var scenario = MigrationFixtures.random(seed: seed, fill: 0.6)
        scenario.policy.weights.imbalance = 5
        let free = CostModel(try Problem(scenario))
        let current = try #require(MigrationFixtures.feasible(free, seed: seed))
        scenario.placement = current.locations(in: free.problem)
        let model = CostModel(try Problem(scenario))
        // The walk keeps every hard term at 0 in the model with the current placement (transient holds).
        let target = MigrationFixtures.walk(
            model, from: Placement(initialOf: model.problem), steps: 400, seed: seed &+ 9)
        return (model, target)
    }

    @Test("the post-pass keeps the budget and every hard rule; shards end at their target or stay", arguments: 0..<12)
    func enforce(seed: Int) throws {
        let (model, target) = try Self.pair(seed: UInt64(seed))
        let p = model.problem
        let moved = (0..<p.shardCount).filter {
            p.host(ofLeaf: Int(target.leaves[$0])) != p.host(ofLeaf: Int(p.initialLeaf[$0]))
        }
        try #require(model.evaluate(target).isFeasible && moved.count > 4)
        let budget = Rebalancer.Budget(moves: moved.count / 2, bytes: seed % 2 == 0 ? nil : 150)
        let result = Rebalancer(budget: budget).enforce(model, placement: target)
        #expect(result.evaluation.isFeasible, "\(result.evaluation.violations.map(\.message))")
        #expect(result.withinBudget)
        let after = (0..<p.shardCount).filter {
            p.host(ofLeaf: Int(result.target.leaves[$0])) != p.host(ofLeaf: Int(p.initialLeaf[$0]))
        }
        #expect(after.count <= moved.count / 2 && after.count == result.moves)
        #expect(after.reduce(0) { $0 + p.size(shard: $1) } <= (budget.bytes ?? .infinity))
        for s in 0..<p.shardCount {
            #expect(result.target.leaves[s] == target.leaves[s] || result.target.leaves[s] == p.initialLeaf[s])
        }
        #expect(result.reverted == moved.count - after.count)
    }

    @Test("with one move too many, the revert chosen is the cheapest feasible one (full evaluations)", arguments: 0..<8)
    func cheapestRevert(seed: Int) throws {
        let (model, target) = try Self.pair(seed: UInt64(seed) + 50)
        let p = model.problem
        try #require(model.evaluate(target).isFeasible)
        let moved = (0..<p.shardCount).filter {
            p.host(ofLeaf: Int(target.leaves[$0])) != p.host(ofLeaf: Int(p.initialLeaf[$0]))
        }
        try #require(moved.count > 1)
        var best = Double.infinity
        for s in moved {
            var leaves = target.leaves
            leaves[s] = p.initialLeaf[s]
            let e = model.evaluate(Placement(leaves: leaves))
            if e.isFeasible { best = min(best, e.total) }
        }
        let result = Rebalancer(budget: .init(moves: moved.count - 1)).enforce(model, placement: target)
        if best.isFinite {
            #expect(result.reverted == 1)
            #expect(abs(result.evaluation.total - best) <= 1e-6 * max(1, abs(best)))
        } else {
            #expect(result.reverted != 1)
        }
    }

    @Test("a re-solve with a zero move budget keeps the current placement")
    func zeroBudget() throws {
        let (model, _) = try Self.pair(seed: 3)
        var options = Annealer.Options()
        options.iterations = 20_000
        options.threads = 1
        options.topology = try Topology.load(from: .synthetic("pack:1 core:1 pu:1"))
        let result = Rebalancer(annealer: options, budget: .init(moves: 0)).solve(model)
        #expect(result.withinBudget && result.moves == 0)
        #expect(result.evaluation.isFeasible)
        let p = model.problem
        #expect(
            (0..<p.shardCount).allSatisfy {
                p.host(ofLeaf: Int(result.target.leaves[$0])) == p.host(ofLeaf: Int(p.initialLeaf[$0]))
            })
    }
}
