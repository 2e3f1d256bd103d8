import Testing

@testable import ShardPlace

/// The cheap lower bounds on a move's penalised change (`CostState+Bound.swift`) against the change
/// priced in full, and the annealer that rejects moves on them against the same annealer pricing every
/// move.
@Suite struct MoveBoundTests {
    /// The scenarios: every soft term weighted (imbalance too, whose allowance needs hosts within
    /// capacity), the default weights, intra-host depths, provider terms (offer charges, egress,
    /// latency), and generated clusters packed tightly enough that most random shifts overflow a host.
    enum Kind: CustomStringConvertible, CaseIterable {
        case allWeights, defaultWeights, numa, core, providers, generated

        var description: String {
            switch self {
            case .allWeights: "all weights, host depth"
            case .defaultWeights: "default weights, host depth"
            case .numa: "all weights, numa depth"
            case .core: "default weights, core depth"
            case .providers: "providers"
            case .generated: "generated, 85 % utilisation"
            }
        }

        /// The kind's problem; `placed: false` drops the random scenarios' current placements (which
        /// break constraints) so that a solve starts from the greedy.
        func problem(seed: UInt64, placed: Bool = true) throws -> Problem {
            func random(_ scenario: Scenario) throws -> Problem {
                var scenario = scenario
                if !placed { scenario.placement = nil }
                return try Problem(scenario)
            }
            switch self {
            case .allWeights: return try random(RandomScenario.make(seed: seed, shards: 14, hosts: 7))
            case .defaultWeights:
                return try random(RandomScenario.make(seed: seed, shards: 14, hosts: 7, allWeights: false))
            case .numa: return try random(RandomScenario.make(seed: seed, shards: 14, hosts: 7, depth: .numa))
            case .core:
                return try random(
                    RandomScenario.make(seed: seed, shards: 14, hosts: 7, depth: .core, allWeights: false))
            case .providers:
                let scenario = ProviderScenario.make(seed: seed)
                let plan = try #require(scenario.offerPlan(outlook: .constant(of: scenario)))
                return try Problem(scenario, offerPlan: plan)
            case .generated:
                return try Problem(
                    ScenarioGenerator.generate(
                        .init(shards: 300, hosts: 12, resources: 4, seed: seed, targetUtilization: 0.85)))
            }
        }
    }

    @Test(
        "the shift and swap bounds never exceed the priced change, in feasible and infeasible states",
        arguments: Kind.allCases)
    func boundsBelowPricedChange(kind: Kind) throws {
        var kept = 0
        var positive = 0
        for seed in UInt64(1)...3 {
            let problem = try kind.problem(seed: seed, placed: false)
            let model = CostModel(problem)
            // From a feasible placement where there is one (the generated and provider scenarios' own, the
            // greedy's for the random ones, placed from nothing), walking first only
            // through moves that add no violation, then through any: both kinds of state are seen.
            let start =
                kind == .generated || kind == .providers
                ? Placement(initialOf: problem) : Greedy(seed: seed).solve(model)
            var state = CostState(model: model, placement: start)
            // Penalty weights on the annealer's scale: a hundred times the mean soft change of a shift.
            var g = RandomScenario.Generator(state: seed &* 131 &+ 7)
            var soft = 0.0
            for _ in 0..<200 {
                let s = Int.random(in: 0..<problem.shardCount, using: &g)
                soft += abs(
                    state.shiftDelta(s, to: Int.random(in: 0..<problem.leafCount, using: &g)).weightedTotal(
                        problem.weights))
            }
            var penalty = Penalty(scale: soft / 200)
            let floor = penalty.lambda
            var moves = 0
            for move in 1...6_000 {
                if move % 500 == 1 {
                    // Penalty weights as the adaptation leaves them: unequal, from the floor to far above.
                    for k in 0..<8 { penalty.lambda[k] = floor[k] * Double(Int.random(in: 1...50, using: &g)) }
                }
                let s = Int.random(in: 0..<problem.shardCount, using: &g)
                if move % 4 == 0 {
                    let t = Int.random(in: 0..<problem.shardCount, using: &g)
                    let bound = state.swapLowerBound(s, t, lambda: penalty.lambda)
                    guard bound > -.infinity else { continue }
                    let priced = penalty.objective(state.swapDelta(s, t), problem.weights)
                    #expect(
                        bound <= priced + 1e-9 * (1 + abs(priced)),
                        "\(kind) seed \(seed) move \(move): swap \(s)↔\(t) bound \(bound) above \(priced)")
                    kept += 1
                    if bound > 0 { positive += 1 }
                    continue
                }
                let leaf = Int.random(in: 0..<problem.leafCount, using: &g)
                let bound = state.shiftLowerBound(s, to: leaf, lambda: penalty.lambda)
                let delta = state.shiftDelta(s, to: leaf)
                if bound > -.infinity {
                    let priced = penalty.objective(delta, problem.weights)
                    #expect(
                        bound <= priced + 1e-9 * (1 + abs(priced)),
                        "\(kind) seed \(seed) move \(move): shift of \(s) to \(leaf) bound \(bound) above \(priced)")
                    kept += 1
                    if bound > 0 { positive += 1 }
                }
                if move % 3 == 0 && (move > 3_000 || delta.hard.sum() <= 0) {
                    state.applyShift(s, to: leaf, delta: delta)
                    moves += 1
                }
            }
            #expect(moves > 500)
        }
        // Not vacuous: over the three seeds the bounds are kept for many moves, and many are positive
        // (from a few dozen at core depth, where the greedy leaves cores over capacity, to thousands).
        #expect(kept >= 1_000, "\(kind): \(kept) bounds kept")
        #expect(positive >= 30, "\(kind): \(positive) positive bounds")
    }

    @Test(
        "annealing that rejects moves on their bounds ends exactly where annealing that prices every move does",
        arguments: [(Kind.generated, 1), (.generated, 2), (.allWeights, 1), (.defaultWeights, 2), (.providers, 1)])
    func sameCourseWithAndWithoutBounds(kind: Kind, threads: Int) throws {
        let problem = try kind.problem(seed: 5, placed: false)
        let model = CostModel(problem)
        var options = Annealer.Options()
        options.iterations = 40_000
        options.threads = threads
        options.seed = 9
        let fast = Annealer(options: options).solve(model)
        options.boundRejection = false
        let priced = Annealer(options: options).solve(model)
        #expect(fast.placement == priced.placement, "\(kind), \(threads) thread(s): the placements differ")
        #expect(fast.moves == priced.moves && fast.acceptedMoves == priced.acceptedMoves)
        // Bit for bit: a swap priced and rejected restores the usage sums exactly (`CostState.saveSwap`).
        #expect(fast.history.map(\.1) == priced.history.map(\.1))
        #expect(priced.decidedOnBound == 0)
        if kind == .generated {
            // Tightly packed: most proposals overflow their destination; the bound decides many of them.
            #expect(
                fast.decidedOnBound > fast.moves / 10,
                "\(kind): \(fast.decidedOnBound) of \(fast.moves) moves decided on the bound")
        }
    }
    @Test(
        "a swap priced and undone, its saved rows restored, leaves the state bit for bit as it was",
        arguments: [Kind.generated, .providers, .numa])
    func swapUndoneExactly(kind: Kind) throws {
        let problem = try kind.problem(seed: 4, placed: false)
        let model = CostModel(problem)
        let start = kind == .numa ? Greedy(seed: 4).solve(model) : Placement(initialOf: problem)
        var state = CostState(model: model, placement: start)
        var g = RandomScenario.Generator(state: 404)
        var tried = 0
        var reordered = 0
        for move in 0..<3_000 {
            let a = Int.random(in: 0..<problem.shardCount, using: &g)
            let b = Int.random(in: 0..<problem.shardCount, using: &g)
            let la = state.leaf(of: a)
            let lb = state.leaf(of: b)
            if move % 2 == 0 {
                // Keep the state moving, so that usage sums are not all of one history.
                state.shift(a, to: Int.random(in: 0..<problem.leafCount, using: &g))
                continue
            }
            guard la >= 0, lb >= 0, la != lb else { continue }
            let usage = state.usage.array
            let hold = state.hold.array
            let lists = (state.firstOnHost.array, state.nextOnHost.array, state.previousOnHost.array)
            let terms = state.terms
            state.saveSwap(a, b)
            state.applyShift(a, to: lb, delta: state.shiftDelta(a, to: lb))
            state.applyShift(b, to: la, delta: state.shiftDelta(b, to: la))
            state.applyShift(b, to: lb, delta: CostTerms())
            state.applyShift(a, to: la, delta: CostTerms())
            state.terms = terms
            if state.firstOnHost.array != lists.0 { reordered += 1 }
            state.restoreSwap(a, b)
            tried += 1
            #expect(state.usage.array == usage, "\(kind) swap \(a)↔\(b): usage rows differ")
            #expect(state.hold.array == hold, "\(kind) swap \(a)↔\(b): hold rows differ")
            #expect(
                state.firstOnHost.array == lists.0 && state.nextOnHost.array == lists.1
                    && state.previousOnHost.array == lists.2, "\(kind) swap \(a)↔\(b): host lists differ")
        }
        #expect(tried > 500)
        // With offer charges the undo alone reorders host lists: the restore is what puts them back.
        if kind == .providers { #expect(reordered > 0) }
    }
}
