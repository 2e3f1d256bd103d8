import Testing

@testable import ShardPlace

@Suite struct EjectTests {
    @Test(
        "ejection moves keep a feasible state feasible, the incremental terms equal to a full evaluation, and (strict) never raise the objective",
        arguments: [(UInt64(3), true), (5, true), (7, false)])
    func feasibleAndConsistent(seed: UInt64, strict: Bool) throws {
        let scenario = ScenarioGenerator.generate(
            .init(shards: 240, hosts: 12, resources: 3, seed: seed, targetUtilization: 0.85))
        let problem = try Problem(scenario)
        let model = CostModel(problem)
        let start = Placement(initialOf: problem)
        let startFeasible = model.evaluate(start).isFeasible
        #expect(startFeasible)
        var chain = Chain(model: model, replica: ProblemReplica(problem), start: start, seed: seed &+ 1)
        chain.temperature = chain.t0
        let lambda = chain.penalty.lambda
        let w = problem.weights
        var previous = penalisedValue(chain.state.terms, lambda, w)
        var changed = 0
        for i in 0..<300 {
            let evaluations = chain.ejectMove(strict: strict)
            #expect(evaluations >= 0)
            let feasible = chain.state.isFeasible
            #expect(feasible, "move \(i) left the state infeasible")
            let now = penalisedValue(chain.state.terms, lambda, w)
            if strict { #expect(now <= previous + 1e-6 * max(1, abs(previous))) }
            if abs(now - previous) > 1e-9 * max(1, abs(previous)) { changed += 1 }
            previous = now
            if i % 50 == 49 {
                expectClose(chain.state.terms, model.evaluate(chain.state.placement).terms, weights: w, "move \(i)")
            }
        }
        // Not vacuous: some ejections were kept.
        #expect(changed > 0)
        let full = model.evaluate(chain.state.placement)
        #expect(full.isFeasible)
        #expect(chain.bestCost <= full.total + 1e-6 * max(1, full.total))
        // The recorded best is a placement that evaluates to the recorded cost.
        let best = chain.best()
        #expect(abs(model.evaluate(best).total - chain.bestCost) <= 1e-6 * max(1, chain.bestCost))
    }
}
