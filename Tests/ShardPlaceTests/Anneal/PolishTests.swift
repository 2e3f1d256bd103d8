import Testing

@testable import ShardPlace

@Suite struct PolishTests {
    /// Whether some single shift or swap of a feasible placement is feasible and cheaper, judged by the
    /// full evaluator alone (independent of the incremental state the polish uses).
    private func improvingMove(_ model: CostModel, _ placement: Placement) -> String? {
        let p = model.problem
        let base = model.evaluate(placement)
        let limit = base.total - 1e-6 * max(1, abs(base.total))
        for s in 0..<p.shardCount {
            for leaf in 0..<p.leafCount where leaf != Int(placement.leaves[s]) {
                var leaves = placement.leaves
                leaves[s] = Int32(leaf)
                let e = model.evaluate(Placement(leaves: leaves))
                if e.isFeasible && e.total < limit { return "shift \(s) → \(leaf): \(e.total) < \(base.total)" }
            }
        }
        for a in 0..<p.shardCount {
            for b in (a + 1)..<p.shardCount
            where p.host(ofLeaf: Int(placement.leaves[a])) != p.host(ofLeaf: Int(placement.leaves[b])) {
                var leaves = placement.leaves
                leaves.swapAt(a, b)
                let e = model.evaluate(Placement(leaves: leaves))
                if e.isFeasible && e.total < limit { return "swap \(a) ↔ \(b): \(e.total) < \(base.total)" }
            }
        }
        return nil
    }

    @Test(
        "a complete polish ends where no single shift or swap improves, never above its start",
        arguments: [UInt64(3), 7, 11])
    func localOptimum(seed: UInt64) throws {
        let scenario = ScenarioGenerator.generate(
            .init(shards: 40, hosts: 6, resources: 3, seed: seed, targetUtilization: 0.8))
        let problem = try Problem(scenario)
        let model = CostModel(problem)
        let start = Placement(initialOf: problem)
        let startEvaluation = model.evaluate(start)
        try #require(startEvaluation.isFeasible)
        var chain = Chain(model: model, replica: ProblemReplica(problem), start: start, seed: seed)
        let report = chain.polish(deadline: nil, budget: .max)
        #expect(report.complete)
        #expect(report.shifts + report.swaps > 0, "the generated start should not already be a local optimum")
        let polished = chain.state.placement
        let evaluation = model.evaluate(polished)
        #expect(evaluation.isFeasible)
        #expect(evaluation.total < startEvaluation.total)
        expectClose(chain.state.terms, evaluation.terms, weights: problem.weights, "after polish")
        #expect(improvingMove(model, polished) == nil)
        // The best the chain recorded is the polished placement.
        #expect(model.evaluate(chain.best()).total == evaluation.total)
    }

    @Test("the budget stops it and what it did still holds")
    func budget() throws {
        let scenario = ScenarioGenerator.generate(
            .init(shards: 40, hosts: 6, resources: 3, seed: 5, targetUtilization: 0.8))
        let problem = try Problem(scenario)
        let model = CostModel(problem)
        var chain = Chain(
            model: model, replica: ProblemReplica(problem), start: Placement(initialOf: problem), seed: 5)
        let report = chain.polish(deadline: nil, budget: 30)
        #expect(!report.complete)
        #expect(report.evaluations == 30)
        expectClose(
            chain.state.terms, model.evaluate(chain.state.placement).terms, weights: problem.weights,
            "after a cut polish")
    }

    @Test("the annealer's result on a small instance is a local optimum of shift and swap")
    func annealerPolishes() throws {
        let scenario = ScenarioGenerator.generate(
            .init(shards: 30, hosts: 5, resources: 2, seed: 2, targetUtilization: 0.85))
        let model = CostModel(try Problem(scenario))
        var options = Annealer.Options()
        options.iterations = 2_000
        options.threads = 1
        let result = Annealer(options: options).solve(model)
        #expect(result.evaluation.isFeasible)
        #expect(improvingMove(model, result.placement) == nil)
    }
}
