import Testing

@testable import ShardPlace

/// Relative closeness for sums of Float data accumulated in Double.
func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-4) -> Bool {
    abs(a - b) <= tolerance * max(1, abs(a), abs(b))
}

func expectClose(_ incremental: CostTerms, _ full: CostTerms, weights: Policy.Weights, _ context: String) {
    for name in CostTerms.hardNames {
        #expect(
            close(incremental[name]!, full[name]!),
            "\(name): incremental \(incremental[name]!) vs full \(full[name]!) \(context)")
    }
    for name in CostTerms.softNames where CostTerms.weight(of: name, in: weights) != 0 {
        #expect(
            close(incremental[name]!, full[name]!),
            "\(name): incremental \(incremental[name]!) vs full \(full[name]!) \(context)")
    }
}

@Suite struct CostStateTests {
    @Test("the initial state equals a full evaluation", arguments: [PlacementDepth.host, .numa, .core])
    func initialState(depth: PlacementDepth) throws {
        let scenario = RandomScenario.make(seed: 7, shards: 40, hosts: 6, depth: depth)
        #expect(scenario.validate().isEmpty, "\(scenario.validate())")
        let problem = try Problem(scenario)
        let model = CostModel(problem)
        let placement = Placement(initialOf: problem)
        let state = CostState(model: model, placement: placement)
        expectClose(state.terms, model.evaluate(placement).terms, weights: problem.weights, "initial")
    }

    @Test(
        "accumulated deltas of up to 100,000 random shifts and swaps equal a full recomputation",
        arguments: [
            (UInt64(1), PlacementDepth.host, 100_000), (2, .host, 100_000), (3, .numa, 100_000), (4, .core, 20_000),
            (5, .l3, 20_000), (7, .host, 20_000),
        ])
    func randomMoves(seed: UInt64, depth: PlacementDepth, moves: Int) throws {
        // Seed 2: two chunks of four resources; seed 7: two resources, none transient (the host delta
        // skips that term); the others three, one or two transient.
        let resources = seed == 2 ? 6 : seed == 7 ? 2 : 3
        let scenario = RandomScenario.make(seed: seed, shards: 60, hosts: 7, resources: resources, depth: depth)
        #expect(try Problem(scenario).transientMask.contains { $0 != 0 } == (seed != 7))
        let problem = try Problem(scenario)
        let model = CostModel(problem)
        var state = CostState(model: model, placement: Placement(initialOf: problem))
        var g = RandomScenario.Generator(state: seed &* 977)
        var accumulated = state.terms
        for move in 1...moves {
            let s = Int.random(in: 0..<problem.shardCount, using: &g)
            if move % 3 == 0 {
                let t = Int.random(in: 0..<problem.shardCount, using: &g)
                let predicted = state.swapDelta(s, t)
                let applied = state.swap(s, t)
                expectCloseIfWrong(predicted, applied, "swap \(move)")
                accumulated += applied
            } else {
                let leaf = Int.random(in: 0..<problem.leafCount, using: &g)
                accumulated += state.shift(s, to: leaf)
            }
            if move % 5_000 == 0 {
                let full = model.evaluate(state.placement).terms
                expectClose(state.terms, full, weights: problem.weights, "after \(move) moves")
                expectClose(accumulated, full, weights: problem.weights, "accumulated after \(move) moves")
            }
        }
    }

    private func expectCloseIfWrong(_ a: CostTerms, _ b: CostTerms, _ context: String) {
        for name in CostTerms.hardNames + CostTerms.softNames where !close(a[name]!, b[name]!) {
            Issue.record("\(name): predicted \(a[name]!) applied \(b[name]!) \(context)")
        }
    }

    @Test(
        "a shift priced from a departure and an arrival computed apart equals the whole shift delta, bit for bit",
        arguments: [(UInt64(21), PlacementDepth.host), (22, .numa), (23, .core)])
    func splitShiftDelta(seed: UInt64, depth: PlacementDepth) throws {
        let scenario = RandomScenario.make(seed: seed, shards: 50, hosts: 6, resources: 5, depth: depth)
        let problem = try Problem(scenario)
        var state = CostState(model: CostModel(problem), placement: Placement(initialOf: problem))
        var g = RandomScenario.Generator(state: seed &* 31)
        var compared = 0
        for _ in 0..<300 {
            let s = Int.random(in: 0..<problem.shardCount, using: &g)
            guard state.leaf(of: s) >= 0 else {
                state.shift(s, to: Int.random(in: 0..<problem.leafCount, using: &g))
                continue
            }
            let ha = problem.host(ofLeaf: state.leaf(of: s))
            let departure = state.departureDelta(s)
            let home = Int(problem.initialHost[s])
            for leaf in 0..<problem.leafCount where problem.host(ofLeaf: leaf) != ha {
                let hb = problem.host(ofLeaf: leaf)
                let whole = state.shiftDelta(s, to: leaf)
                #expect(state.shiftDelta(s, to: leaf, departure: departure, arrival: nil) == whole)
                if hb != home {
                    let arrival = state.arrivalDelta(s, host: hb)
                    #expect(state.shiftDelta(s, to: leaf, departure: departure, arrival: arrival) == whole)
                    #expect(state.shiftDelta(s, to: leaf, departure: nil, arrival: arrival) == whole)
                    compared += 1
                }
            }
            // Walk on (shards leave their initial hosts, so holds and move counts change).
            state.shift(s, to: Int.random(in: 0..<problem.leafCount, using: &g))
        }
        #expect(compared > 1000)
    }

    @Test("a shift's delta equals the difference of two full evaluations")
    func deltaMatchesFull() throws {
        let scenario = RandomScenario.make(seed: 11, shards: 30, hosts: 5, depth: .numa)
        let problem = try Problem(scenario)
        let model = CostModel(problem)
        var state = CostState(model: model, placement: Placement(initialOf: problem))
        var g = RandomScenario.Generator(state: 99)
        for _ in 0..<500 {
            let s = Int.random(in: 0..<problem.shardCount, using: &g)
            let leaf = Int.random(in: 0..<problem.leafCount, using: &g)
            let before = model.evaluate(state.placement).terms
            let delta = state.shift(s, to: leaf)
            let after = model.evaluate(state.placement).terms
            expectClose(delta, after - before, weights: problem.weights, "shift s\(s) → \(leaf)")
        }
    }

    @Test(
        "SIMD distance equals the scalar prefix distance on every leaf pair",
        arguments: [PlacementDepth.host, .numa, .l3, .core])
    func distances(depth: PlacementDepth) throws {
        let problem = try Problem(RandomScenario.make(seed: 3, shards: 10, hosts: 6, depth: depth))
        let state = CostState(model: CostModel(problem), placement: Placement(initialOf: problem))
        let costs = Policy.LevelCosts()
        for a in 0..<problem.leafCount {
            for b in 0..<problem.leafCount {
                let d = problem.distance(a, b)
                #expect(state.distance(a, b) == d, "\(problem.leafNames[a]) – \(problem.leafNames[b])")
                #expect(d == problem.distance(b, a))
                let ha = problem.host(ofLeaf: a)
                let hb = problem.host(ofLeaf: b)
                if a == b {
                    #expect(d == 0)
                } else if ha == hb {
                    #expect(d >= Float(costs.core) && d <= Float(costs.host))
                } else if ha % 3 == hb % 3 && ha % 2 == hb % 2 {
                    #expect(d == Float(costs.rack))  // same zone and rack labels
                } else if ha % 2 == hb % 2 {
                    #expect(d == Float(costs.zone))
                } else {
                    #expect(d == Float(costs.cluster))
                }
            }
        }
    }
}
