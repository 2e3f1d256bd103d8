import Testing

@testable import ShardPlace

@Suite struct ReturnSearchTests {
    /// A feasible placement far from the scenario's initial one: a greedy fill from nothing, annealed
    /// briefly (no polish) from there.
    private func wandered(_ model: CostModel, seed: UInt64) -> Placement {
        var state = CostState(
            model: model, placement: Placement(leaves: [Int32](repeating: -1, count: model.problem.shardCount)))
        Greedy(seed: seed).fill(&state, model: model)
        var options = Annealer.Options()
        options.iterations = 20_000
        options.threads = 1
        options.seed = seed
        options.polishBudget = 0
        return Annealer(options: options).solve(model, start: state.placement).placement
    }

    /// The first compound of one return and at most one compensating shift touching a host the return
    /// changed that is feasible and cheaper, judged by the full evaluator alone.
    private func payingReturn(_ model: CostModel, _ placement: Placement) -> String? {
        let p = model.problem
        let base = model.evaluate(placement)
        let limit = base.total - 1e-6 * max(1, abs(base.total))
        for s in 0..<p.shardCount where placement.leaves[s] != p.initialLeaf[s] {
            var leaves = placement.leaves
            leaves[s] = p.initialLeaf[s]
            let changed = [p.host(ofLeaf: Int(placement.leaves[s])), p.host(ofLeaf: Int(p.initialLeaf[s]))]
            let bare = model.evaluate(Placement(leaves: leaves))
            if bare.isFeasible && bare.total < limit { return "return \(s): \(bare.total) < \(base.total)" }
            for q in 0..<p.shardCount where q != s {
                let from = Int(leaves[q])
                for leaf in 0..<p.leafCount where leaf != from {
                    guard changed.contains(p.host(ofLeaf: from)) || changed.contains(p.host(ofLeaf: leaf)) else {
                        continue
                    }
                    var compound = leaves
                    compound[q] = Int32(leaf)
                    let e = model.evaluate(Placement(leaves: compound))
                    if e.isFeasible && e.total < limit {
                        return "return \(s), shift \(q) → \(leaf): \(e.total) < \(base.total)"
                    }
                }
            }
        }
        return nil
    }

    @Test("after a complete polish no return with one compensating shift pays, and the state is exact")
    func noPayingReturnLeft() throws {
        var kept = 0
        for seed in [UInt64(2), 5, 9, 13] {
            var generator = ScenarioGenerator.Options(shards: 36, hosts: 6, resources: 3, seed: seed)
            generator.targetUtilization = 0.8
            let problem = try Problem(ScenarioGenerator.generate(generator))
            let model = CostModel(problem)
            #expect(problem.weights.migration > 0)
            let start = wandered(model, seed: seed)
            let startEvaluation = model.evaluate(start)
            try #require(startEvaluation.isFeasible)
            #expect(zip(start.leaves, problem.initialLeaf).contains { $0 != $1 }, "the annealing should move shards")
            var chain = Chain(model: model, replica: ProblemReplica(problem), start: start, seed: seed)
            let report = chain.polish(deadline: nil, budget: .max)
            kept += report.returns
            #expect(report.complete)
            let polished = chain.state.placement
            let evaluation = model.evaluate(polished)
            #expect(evaluation.isFeasible)
            #expect(evaluation.total <= startEvaluation.total)
            expectClose(chain.state.terms, evaluation.terms, weights: problem.weights, "seed \(seed)")
            #expect(payingReturn(model, polished) == nil, "seed \(seed)")
            #expect(model.evaluate(chain.best()).total == evaluation.total)
        }
        // Not vacuous: on these instances shifts and swaps alone leave compounds that pay.
        #expect(kept > 0)
    }
}
