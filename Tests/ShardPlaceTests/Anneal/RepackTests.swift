import Testing

@testable import ShardPlace

@Suite struct RepackTests {
    @Test(
        "a repack of every host with an unlimited budget reaches the brute-force optimum",
        arguments: BruteForceScenarios.all.filter { $0.mayBeUnplaced.isEmpty })
    func exactOnTinyInstances(_ bruteForce: BruteForceCase) throws {
        let problem = try Problem(bruteForce.scenario)
        let model = CostModel(problem)
        // A complete start (the repack leaves unplaced shards alone): the scenario's placement, filled in.
        var filled = CostState(model: model, placement: Placement(initialOf: problem))
        Greedy(seed: 1).fill(&filled, model: model)
        let start = filled.placement
        #expect(!start.leaves.contains(-1))
        var chain = Chain(model: model, replica: ProblemReplica(problem), start: start, seed: 3)
        let lambda = chain.penalty.lambda
        let w = problem.weights
        let startValue = penalisedValue(model.evaluate(start).terms, lambda, w)

        // Brute force: the least penalised objective over placements the repack may produce (it never
        // adds a capacity, transient, anti-affinity or eligibility violation).
        var optimum = startValue
        for hosts in bruteForce.placements {
            let placement = Placement(leaves: hosts.map { Int32(problem.leaves(ofHost: $0).lowerBound) })
            let t = model.evaluate(placement).terms
            guard t.capacity <= 1e-9, t.transient <= 1e-9, t.antiAffinity == 0, t.placementRules == 0 else { continue }
            optimum = min(optimum, penalisedValue(t, lambda, w))
        }

        let evaluations = chain.repackMove(hosts: problem.hostCount, shards: problem.shardCount, budget: .max / 2)
        #expect(evaluations > 0)
        let reached = penalisedValue(model.evaluate(chain.state.placement).terms, lambda, w)
        #expect(abs(reached - optimum) <= 1e-6 * max(1, abs(optimum)), "repack \(reached), brute force \(optimum)")
        // The state's incremental terms still equal a full evaluation.
        expectClose(chain.state.terms, model.evaluate(chain.state.placement).terms, weights: w, "after repack")
        // A second repack finds nothing better.
        chain.repackMove(hosts: problem.hostCount, shards: problem.shardCount, budget: .max / 2)
        #expect(abs(penalisedValue(chain.state.terms, lambda, w) - reached) <= 1e-6 * max(1, abs(reached)))
    }

    @Test("with a small budget a repack never makes the placement worse, and the best is what it recorded")
    func neverWorse() throws {
        let scenario = ScenarioGenerator.generate(
            .init(shards: 200, hosts: 12, resources: 3, seed: 9, targetUtilization: 0.85))
        let problem = try Problem(scenario)
        let model = CostModel(problem)
        var chain = Chain(
            model: model, replica: ProblemReplica(problem), start: Placement(initialOf: problem), seed: 11)
        let lambda = chain.penalty.lambda
        let w = problem.weights
        var previous = penalisedValue(chain.state.terms, lambda, w)
        var improved = 0
        for _ in 0..<200 {
            chain.repackMove(hosts: 3, shards: 12, budget: 300)
            let now = penalisedValue(chain.state.terms, lambda, w)
            #expect(now <= previous + 1e-6 * max(1, abs(previous)))
            if now < previous - 1e-9 { improved += 1 }
            previous = now
        }
        #expect(improved > 0)
        let full = model.evaluate(chain.state.placement)
        expectClose(chain.state.terms, full.terms, weights: w, "after 200 repacks")
        if full.isFeasible {
            #expect(abs(chain.bestCost - full.total) <= 1e-6 * max(1, full.total))
            #expect(chain.best() == chain.state.placement)
        }
    }
}
