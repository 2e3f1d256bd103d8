import CShardPlace
import ShardPlace
import Testing

/// The problem entry points against the Swift API they wrap: the same arrays, seed, chains and move
/// budget give the same placement and the same cost, and the C ABI's evaluation and breakdown agree with
/// `CostModel.evaluate`.
@Suite struct ProblemEntryPointsTests {
    /// 300 shards × 30 hosts × 3 resources, a third of them in replica groups of 3, a ring of traffic.
    struct Arrays {
        let shards = 300
        let hosts = 30
        let resources = 3
        var demand: [Float] = []
        var capacity: [Float] = []
        var groups: [Int32] = []
        var offsets: [Int32] = [0]
        var targets: [Int32] = []
        var weights: [Float] = []

        init() {
            var random = SplitMix64(seed: 9)
            demand = (0..<shards * resources).map { _ in 0.5 + 2 * random.nextFloat() }
            var total = [Float](repeating: 0, count: resources)
            for (i, v) in demand.enumerated() { total[i % resources] += v }
            capacity = (0..<hosts * resources).map { 1.4 * total[$0 % resources] / Float(hosts) }
            groups = (0..<shards).map { $0 < 100 ? Int32($0 / 3) : -1 }
            for s in 0..<shards {
                targets.append(Int32((s + 1) % shards))
                weights.append(Float(1 + s % 5))
                offsets.append(Int32(targets.count))
            }
        }
    }

    @Test("a solve through the C ABI equals the Swift API's solve of the same arrays")
    func sameAsSwift() throws {
        let a = Arrays()
        var handle: OpaquePointer?
        let created = sp_problem_create_with_traffic(
            Int32(a.shards), Int32(a.hosts), Int32(a.resources), a.demand, a.capacity, a.groups, a.offsets, a.targets,
            a.weights, &handle)
        try #require(created == SP_OK, "\(String(cString: sp_last_error()))")
        defer { sp_problem_free(handle) }
        #expect(sp_problem_set_option(handle, "threads", 2) == SP_OK)
        #expect(sp_problem_set_option(handle, "seed", 3) == SP_OK)
        #expect(sp_problem_set_option(handle, "iterations", 30_000) == SP_OK)
        var placement = [Int32](repeating: -7, count: a.shards)
        #expect(sp_problem_solve(handle, &placement) == SP_OK)
        var cost = 0.0
        #expect(sp_problem_solution(handle, nil, &cost, nil, nil, nil) == SP_OK)

        let scenario = try Scenario(
            resourceCount: a.resources, demand: a.demand.map(Double.init), capacity: a.capacity.map(Double.init),
            groups: a.groups.map(Int.init),
            traffic: (0..<a.shards).map { (from: $0, to: Int(a.targets[$0]), volume: Double(a.weights[$0])) })
        let model = CostModel(try Problem(scenario))
        var options = Annealer.Options()
        options.threads = 2
        options.seed = 3
        options.iterations = 30_000
        let result = Annealer(options: options).solve(model)
        #expect(placement == result.placement.leaves)
        #expect(cost == result.evaluation.total)
        #expect(result.evaluation.isFeasible)

        // Evaluation and breakdown of another placement agree with the Swift model term by term.
        let shifted = placement.map { ($0 + 1) % Int32(a.hosts) }
        var evaluated = 0.0
        var feasible: Int32 = -1
        #expect(sp_problem_evaluate(handle, shifted, &evaluated, &feasible) == SP_OK)
        let reference = model.evaluate(Placement(leaves: shifted))
        #expect(evaluated == reference.total && (feasible == 1) == reference.isFeasible)
        let count = Int(sp_term_count())
        var terms = [Double](repeating: .nan, count: count)
        var weighted = [Double](repeating: .nan, count: count)
        #expect(sp_problem_breakdown(handle, shifted, &terms, &weighted, Int32(count)) == SP_OK)
        for i in 0..<count {
            let name = String(cString: sp_term_name(Int32(i)))
            #expect(terms[i] == reference.terms[name], "\(name)")
            #expect(weighted[i] == (reference.weightedTerms[name] ?? 0), "\(name)")
        }
    }

    @Test("a scenario document through the C ABI is the scenario the loader reads")
    func json() throws {
        let text = SampleScenario.json
        var handle: OpaquePointer?
        try #require(sp_problem_create_json(text, &handle) == SP_OK, "\(String(cString: sp_last_error()))")
        defer { sp_problem_free(handle) }
        let problem = try Problem(try ScenarioLoader.parse(text, format: .json))
        #expect(Int(sp_problem_size(handle, "shards")) == problem.shardCount)
        #expect(Int(sp_problem_size(handle, "leaves")) == problem.leafCount)
        var buffer = [CChar](repeating: 0, count: 64)
        var length = 0
        #expect(sp_problem_name(handle, "shard", 0, &buffer, buffer.count, &length) == SP_OK)
        #expect(
            String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                == problem.shardIDs[0] && length == problem.shardIDs[0].utf8.count)
    }
}
