import ShardPlace
import Testing

/// The optimum of a tiny host-depth problem by enumerating every placement with the full evaluator.
func bruteForceOptimum(_ model: CostModel) -> (cost: Double, placement: Placement)? {
    let p = model.problem
    var leaves = [Int32](repeating: 0, count: p.shardCount)
    var best: (Double, Placement)?
    while true {
        let placement = Placement(leaves: leaves)
        let e = model.evaluate(placement)
        if e.isFeasible && e.total < (best?.0 ?? .infinity) - 1e-9 { best = (e.total, placement) }
        var i = 0
        while i < p.shardCount {
            leaves[i] += 1
            if Int(leaves[i]) < p.leafCount { break }
            leaves[i] = 0
            i += 1
        }
        if i == p.shardCount { return best }
    }
}

@Suite struct AnnealerTests {
    static func tiny(seed: UInt64) -> Scenario {
        var s = RandomScenario.make(seed: seed, shards: 7, hosts: 3, resources: 2)
        s.placement = nil  // start from greedy
        s.policy.weights.traffic = 1
        return s
    }

    @Test("finds the brute-force optimum of tiny scenarios", arguments: [UInt64(1), 2, 3, 4, 5, 6])
    func optimum(seed: UInt64) throws {
        let scenario = Self.tiny(seed: seed)
        let model = CostModel(try Problem(scenario))
        guard let optimum = bruteForceOptimum(model) else {
            // No feasible placement exists: the annealer must say so.
            var options = Annealer.Options()
            options.iterations = 50_000
            options.threads = 1
            let result = Annealer(options: options).solve(model)
            #expect(!result.evaluation.isFeasible)
            #expect(!result.evaluation.violations.isEmpty)
            return
        }
        var options = Annealer.Options()
        options.iterations = 200_000
        options.threads = 2
        options.seed = seed
        let result = Annealer(options: options).solve(model)
        #expect(result.evaluation.isFeasible)
        #expect(
            abs(result.evaluation.total - optimum.cost) <= 1e-6 * max(1, optimum.cost),
            "annealer \(result.evaluation.total) vs optimum \(optimum.cost)")
        // The returned evaluation is the full evaluator's view of the returned placement.
        #expect(model.evaluate(result.placement).total == result.evaluation.total)
    }

    @Test("same seed, same chain count and iteration budget: identical result")
    func deterministic() throws {
        let model = CostModel(try Problem(RandomScenario.make(seed: 21, shards: 60, hosts: 8)))
        var options = Annealer.Options()
        options.iterations = 100_000
        options.threads = 2
        options.seed = 9
        let a = Annealer(options: options).solve(model)
        let b = Annealer(options: options).solve(model)
        #expect(a.placement == b.placement)
        #expect(a.evaluation.total == b.evaluation.total)
        options.seed = 10
        let c = Annealer(options: options).solve(model)
        #expect(c.moves == a.moves)
    }

    @Test("chains spread over the NUMA nodes of a synthetic topology (binding is a no-op) and stay deterministic")
    func numaGrouping() throws {
        let model = CostModel(try Problem(RandomScenario.make(seed: 5, shards: 40, hosts: 6)))
        var options = Annealer.Options()
        options.iterations = 80_000
        options.threads = 4
        options.topology = try Topology.load(from: .synthetic("pack:2 numa:2 core:2 pu:1"))
        let a = Annealer(options: options).solve(model)
        #expect(a.chains == 4)
        #expect(a.numaNodes == 4)
        let b = Annealer(options: options).solve(model)
        #expect(a.placement == b.placement)
        #expect(a.evaluation.isFeasible == model.evaluate(a.placement).isFeasible)
    }

    @Test(
        "beats or matches the greedy baseline and never returns a hard violation when the start is feasible",
        arguments: [UInt64(31), 32, 33])
    func beatsGreedy(seed: UInt64) throws {
        var scenario = RandomScenario.make(seed: seed, shards: 80, hosts: 10)
        scenario.placement = nil
        let model = CostModel(try Problem(scenario))
        let greedy = model.evaluate(Greedy(seed: seed).solve(model))
        var options = Annealer.Options()
        options.iterations = 200_000
        options.threads = 2
        let result = Annealer(options: options).solve(model)
        #expect(result.evaluation.isFeasible || !greedy.isFeasible)
        if greedy.isFeasible { #expect(result.evaluation.total <= greedy.total + 1e-9) }
    }

    @Test(
        "the placement returned is the best the chains recorded (swap halves and log overflow undone exactly)",
        arguments: [UInt64(41), 42, 43, 44, 45, 46])
    func bestIsWhatWasRecorded(seed: UInt64) throws {
        // Swap-heavy, many rounds, thousands of accepted moves per chain (the undo log overflows): the
        // final placement must cost exactly the last best the chains reported, and be feasible.
        let scenario = ScenarioGenerator.generate(
            .init(shards: 150, hosts: 10, resources: 3, seed: seed, targetUtilization: 0.8))
        let model = CostModel(try Problem(scenario))
        var options = Annealer.Options()
        options.iterations = 60_000
        options.threads = 2
        options.rounds = 6
        options.swapProbability = 0.6
        options.seed = seed
        let result = Annealer(options: options).solve(model)
        guard let recorded = result.history.last?.1 else {
            Issue.record("no feasible placement recorded for seed \(seed)")
            return
        }
        #expect(result.evaluation.isFeasible)
        #expect(
            abs(result.evaluation.total - recorded) <= 1e-6 * max(1, abs(recorded)),
            "returned \(result.evaluation.total), chains recorded \(recorded)")
    }

    @Test("an impossible instance is reported with the constraints that cannot be met")
    func infeasible() throws {
        let scenario = Scenario(
            resources: [Resource(name: "cpu")],
            hosts: [Host(id: "a", capacity: [4]), Host(id: "b", capacity: [4])],
            shards: (0..<3).map { Shard(id: "s\($0)", demand: [3]) })
        let model = CostModel(try Problem(scenario))
        var options = Annealer.Options()
        options.iterations = 20_000
        options.threads = 1
        let result = Annealer(options: options).solve(model)
        #expect(!result.evaluation.isFeasible)
        #expect(result.evaluation.violations.contains { $0.term == "capacity" })
        #expect(result.evaluation.terms.capacity == 2)  // the least violation possible: 6 on one host of 4
    }

    @Test("greedy places every shard; on loose instances feasibly")
    func greedy() throws {
        var scenario = RandomScenario.make(seed: 8, shards: 50, hosts: 12)
        scenario.placement = nil
        let model = CostModel(try Problem(scenario))
        let placement = Greedy().solve(model)
        #expect(!placement.leaves.contains(-1))
        #expect(model.evaluate(placement).terms.unplaced == 0)
    }
}
