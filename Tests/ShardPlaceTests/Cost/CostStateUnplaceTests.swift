import Testing

@testable import ShardPlace

@Suite struct CostStateUnplaceTests {
    @Test(
        "taking shards off and putting them back: every delta equals the difference of two full evaluations",
        arguments: BruteForceScenarios.all
            + [PlacementDepth.host, .numa, .core].map {
                BruteForceCase(
                    name: "random-\($0)", scenario: RandomScenario.make(seed: 31, shards: 40, hosts: 6, depth: $0))
            })
    func deltasMatchFull(_ bruteForce: BruteForceCase) throws {
        try check(try Problem(bruteForce.scenario))
    }

    @Test(
        "with providers (offer charges as hosts empty, egress, latency, spot limits): deltas equal full evaluations",
        arguments: [UInt64(1), 2, 3])
    func providers(seed: UInt64) throws {
        let scenario = ProviderScenario.make(seed: seed)
        let plan = try #require(scenario.offerPlan(outlook: .constant(of: scenario)))
        try check(try Problem(scenario, offerPlan: plan))
    }

    private func check(_ problem: Problem) throws {
        let model = CostModel(problem)
        var state = CostState(model: model, placement: Placement(initialOf: problem))
        var g = RandomScenario.Generator(state: 4242)
        var accumulated = state.terms
        var unplacedCount = 0
        for step in 0..<600 {
            let s = Int.random(in: 0..<problem.shardCount, using: &g)
            let before = model.evaluate(state.placement).terms
            let delta: CostTerms
            if state.leaf(of: s) >= 0 && Int.random(in: 0..<3, using: &g) > 0 {
                let predicted = state.unplaceDelta(s)
                delta = state.unplace(s)
                #expect(predicted == delta)
                #expect(state.leaf(of: s) == -1)
                unplacedCount += 1
            } else {
                delta = state.shift(s, to: Int.random(in: 0..<problem.leafCount, using: &g))
            }
            accumulated += delta
            let after = model.evaluate(state.placement).terms
            expectClose(delta, after - before, weights: problem.weights, "step \(step), shard \(s)")
            expectClose(state.terms, after, weights: problem.weights, "state after step \(step)")
            expectClose(accumulated, after, weights: problem.weights, "accumulated after step \(step)")
        }
        #expect(unplacedCount > 100)
    }

    @Test("unplacing an unplaced shard changes nothing")
    func unplacedTwice() throws {
        let problem = try Problem(RandomScenario.make(seed: 5, shards: 10, hosts: 3))
        var state = CostState(model: CostModel(problem), placement: Placement(initialOf: problem))
        state.unplace(3)
        let terms = state.terms
        #expect(state.unplace(3) == CostTerms())
        #expect(state.terms == terms)
    }
}
