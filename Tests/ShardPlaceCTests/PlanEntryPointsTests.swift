import CShardPlace
import Dispatch
import ShardPlace
import Testing

/// Planning and weights through the C ABI against the Swift API they wrap: the same arrays, limits and
/// options give the same plan (move for move, and the same JSON document) as ``Rebalancer/plan(_:target:planner:)``,
/// and a weight set through the C ABI prices placements exactly as a scenario with that weight.
@Suite struct PlanEntryPointsTests {
    typealias Arrays = ProblemEntryPointsTests.Arrays

    static var lastError: String { String(cString: sp_last_error()) }

    static func create(_ a: Arrays) throws -> OpaquePointer {
        var handle: OpaquePointer?
        let status = sp_problem_create_with_traffic(
            Int32(a.shards), Int32(a.hosts), Int32(a.resources), a.demand, a.capacity, a.groups, a.offsets, a.targets,
            a.weights, &handle)
        try #require(status == SP_OK, "\(lastError)")
        return try #require(handle)
    }

    /// The scenario the C ABI builds from the arrays, with `weights` and the current placement `current`.
    static func scenario(_ a: Arrays, current: [Int32]? = nil, weights: Policy.Weights = .init()) throws -> Scenario {
        var scenario = try Scenario(
            resourceCount: a.resources, demand: a.demand.map(Double.init), capacity: a.capacity.map(Double.init),
            groups: a.groups.map(Int.init),
            traffic: (0..<a.shards).map { (from: $0, to: Int(a.targets[$0]), volume: Double(a.weights[$0])) })
        scenario.policy.weights = weights
        if let current {
            scenario.placement = Dictionary(uniqueKeysWithValues: current.enumerated().map { ("s\($0)", "h\($1)") })
        }
        return scenario
    }

    /// Every move of a plan handle, as (shard, from, to, wave, kind).
    static func moves(_ plan: OpaquePointer?) -> [[Int32]] {
        let n = Int(sp_plan_size(plan, "moves"))
        var shard = [Int32](repeating: -9, count: max(n, 1))
        var (from, to, wave, kind) = (shard, shard, shard, shard)
        guard sp_plan_moves(plan, &shard, &from, &to, &wave, &kind, Int32(n)) == SP_OK else { return [] }
        return (0..<n).map { [shard[$0], from[$0], to[$0], wave[$0], kind[$0]] }
    }

    /// The same moves from the Swift plan.
    static func moves(_ plan: MigrationPlan) -> [[Int32]] {
        let kinds: [MigrationMove.Kind] = [.move, .stage, .unstage, .create]
        return plan.waves.enumerated().flatMap { w, wave in
            wave.moves.map {
                [Int32($0.shard), Int32($0.from), Int32($0.to), Int32(w), Int32(kinds.firstIndex(of: $0.kind)!)]
            }
        }
    }

    static func json(_ plan: OpaquePointer?) -> String {
        var length = 0
        guard sp_plan_json(plan, nil, 0, &length) == SP_OK else { return "" }
        var buffer = [CChar](repeating: 0, count: length + 1)
        guard sp_plan_json(plan, &buffer, buffer.count, &length) == SP_OK else { return "" }
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    @Test("a plan between two placements equals the Swift API's, move for move, with the same JSON")
    func givenTarget() throws {
        let a = Arrays()
        let handle = try Self.create(a)
        defer { sp_problem_free(handle) }
        #expect(sp_problem_set_option(handle, "threads", 2) == SP_OK)
        #expect(sp_problem_set_option(handle, "iterations", 20_000) == SP_OK)
        var current = [Int32](repeating: -1, count: a.shards)
        var target = current
        #expect(sp_problem_set_option(handle, "seed", 1) == SP_OK && sp_problem_solve(handle, &current) == SP_OK)
        #expect(sp_problem_set_option(handle, "seed", 2) == SP_OK && sp_problem_solve(handle, &target) == SP_OK)
        for (name, value) in [("maxConcurrentPerHost", 2.0), ("maxMovesTotal", 120), ("maxBytesTotal", 1e9)] {
            #expect(sp_problem_set_option(handle, name, value) == SP_OK, "\(name)")
        }
        var plan: OpaquePointer?
        let status = sp_problem_plan(handle, Int32(a.shards), current, target, &plan)
        #expect(status == SP_OK || status == SP_INCOMPLETE, "\(Self.lastError)")
        defer { sp_plan_free(plan) }

        let model = CostModel(try Problem(try Self.scenario(a, current: current)))
        var limits = Policy.MigrationLimits()
        limits.maxConcurrentPerHost = 2
        limits.maxMovesTotal = 120
        let planned = Rebalancer(budget: .init(limits: limits, bytes: 1e9))
            .plan(model, target: Placement(leaves: target), planner: .init(limits: limits))
        #expect(!planned.plan.moves.isEmpty)
        #expect(Self.moves(plan) == Self.moves(planned.plan))
        #expect(Int(sp_plan_size(plan, "waves")) == planned.plan.waves.count)
        #expect(Int(sp_plan_size(plan, "blocked")) == planned.plan.blocked.count)
        #expect(Int(sp_plan_size(plan, "deferred")) == planned.plan.deferred.count)
        #expect(Self.json(plan) == planned.plan.jsonDocument(problem: model.problem, target: planned.resolved.target))
        var held = [Int32](repeating: -9, count: a.shards)
        #expect(sp_plan_placement(plan, "target", &held, Int32(a.shards)) == SP_OK)
        #expect(held == planned.resolved.target.leaves)
        var value = 0.0
        #expect(sp_plan_value(plan, "costAfter", &value) == SP_OK && value == planned.resolved.evaluation.total)
        #expect(
            sp_plan_value(plan, "costBefore", &value) == SP_OK
                && value == model.evaluate(Placement(leaves: current)).total)
        #expect(sp_plan_value(plan, "reverted", &value) == SP_OK && Int(value) == planned.resolved.reverted)
    }

    @Test("a plan without a target re-solves as the Swift API does, with the same options")
    func resolve() throws {
        let a = Arrays()
        let handle = try Self.create(a)
        defer { sp_problem_free(handle) }
        var current = [Int32](repeating: -1, count: a.shards)
        #expect(sp_problem_set_option(handle, "threads", 2) == SP_OK)
        #expect(sp_problem_set_option(handle, "iterations", 20_000) == SP_OK)
        #expect(sp_problem_solve(handle, &current) == SP_OK)
        #expect(sp_problem_set_weight(handle, "imbalance", 40) == SP_OK)  // worth moving for now
        #expect(sp_problem_set_option(handle, "seed", 8) == SP_OK)
        #expect(sp_problem_set_option(handle, "maxMovesPerHost", 3) == SP_OK)
        var plan: OpaquePointer?
        let status = sp_problem_plan(handle, Int32(a.shards), current, nil, &plan)
        #expect(status >= 0, "\(Self.lastError)")
        defer { sp_plan_free(plan) }

        var weights = Policy.Weights()
        weights.imbalance = 40
        let model = CostModel(try Problem(try Self.scenario(a, current: current, weights: weights)))
        var annealer = Annealer.Options()
        annealer.threads = 2
        annealer.seed = 8
        annealer.iterations = 20_000
        var limits = Policy.MigrationLimits()
        limits.maxMovesPerHost = 3
        let planned = Rebalancer(annealer: annealer, budget: .init(limits: limits))
            .plan(model, planner: .init(limits: limits))
        var target = [Int32](repeating: -9, count: a.shards)
        #expect(sp_plan_placement(plan, "target", &target, Int32(a.shards)) == SP_OK)
        #expect(target == planned.resolved.target.leaves)
        #expect(target != current)
        #expect(Self.moves(plan) == Self.moves(planned.plan))
    }

    @Test("weights set through the C ABI price placements exactly as a scenario with those weights")
    func weights() throws {
        let a = Arrays()
        let handle = try Self.create(a)
        defer { sp_problem_free(handle) }
        var weights = Policy.Weights()
        for (term, value) in [("traffic", 2.5), ("load", 0.25), ("imbalance", 3.0), ("migration", 0.0)] {
            #expect(sp_problem_set_weight(handle, term, value) == SP_OK, "\(term): \(Self.lastError)")
            weights.setWeight(value, forTerm: term)
        }
        let model = CostModel(try Problem(try Self.scenario(a, weights: weights)))
        let plain = CostModel(try Problem(try Self.scenario(a)))
        var random = SplitMix64(seed: 12)
        let placement = (0..<a.shards).map { _ in Int32(random.next(below: a.hosts)) }
        let reference = model.evaluate(Placement(leaves: placement))
        #expect(reference.total != plain.evaluate(Placement(leaves: placement)).total)
        var cost = 0.0
        var feasible: Int32 = -1
        #expect(sp_problem_evaluate(handle, placement, &cost, &feasible) == SP_OK)
        #expect(cost == reference.total && (feasible == 1) == reference.isFeasible)
        let count = Int(sp_term_count())
        var terms = [Double](repeating: .nan, count: count)
        var weighted = [Double](repeating: .nan, count: count)
        #expect(sp_problem_breakdown(handle, placement, &terms, &weighted, Int32(count)) == SP_OK)
        for i in 0..<count {
            let name = String(cString: sp_term_name(Int32(i)))
            #expect(terms[i] == reference.terms[name], "\(name)")
            #expect(weighted[i] == (reference.weightedTerms[name] ?? 0), "\(name)")
            var weight = -1.0
            if CostTerms.softNames.contains(name) {
                #expect(
                    sp_problem_weight(handle, name, &weight) == SP_OK
                        && weight == CostTerms.weight(of: name, in: weights))
            } else {
                #expect(sp_problem_weight(handle, name, &weight) == SP_ERR_ARGUMENT && weight == -1)
            }
        }
        // A solve prices with the new weights too: the Swift solve with the same options and weights.
        #expect(sp_problem_set_option(handle, "threads", 2) == SP_OK)
        #expect(sp_problem_set_option(handle, "iterations", 20_000) == SP_OK)
        var solved = [Int32](repeating: -1, count: a.shards)
        #expect(sp_problem_solve(handle, &solved) == SP_OK)
        var options = Annealer.Options()
        options.threads = 2
        options.iterations = 20_000
        let result = Annealer(options: options).solve(model)
        #expect(solved == result.placement.leaves)
    }

    @Test("weights set from several threads at once all take effect")
    func concurrentWeights() throws {
        let a = Arrays()
        let handle = try Self.create(a)
        defer { sp_problem_free(handle) }
        let bits = UInt(bitPattern: handle)
        let terms = CostTerms.softNames
        DispatchQueue.concurrentPerform(iterations: terms.count) { i in
            _ = sp_problem_set_weight(OpaquePointer(bitPattern: bits), terms[i], Double(i) + 0.5)
        }
        for (i, term) in terms.enumerated() {
            var weight = 0.0
            #expect(sp_problem_weight(handle, term, &weight) == SP_OK && weight == Double(i) + 0.5, "\(term)")
        }
    }
}
