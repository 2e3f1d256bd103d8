import Testing

@testable import ShardPlace

/// A swap's second half priced on the stored state (`CostState+Swap.swift`) against the same half priced
/// after applying the first.
@Suite struct SwapInPlaceTests {
    @Test(
        "a swap's second half priced in place equals it priced after applying the first half, bit for bit",
        arguments: MoveBoundTests.Kind.allCases.map { ($0, false) } + [(.allWeights, true)])
    func inPlaceEqualsApplied(kind: MoveBoundTests.Kind, independentGroups: Bool) throws {
        var compared = 0
        var withGroupMoves = 0
        var withPeer = 0
        for seed in UInt64(1)...3 {
            // From the scenario's own placement: shards away from their initial hosts count as moved.
            // Without dependencies no group is linked to another: two shards of different groups are then
            // priced in place, and the largest moved count one changes is read by the other.
            var scenario = RandomScenario.make(seed: seed, shards: 14, hosts: 7)
            for g in scenario.groups.indices { scenario.groups[g].dependsOn = [] }
            let problem = try independentGroups ? Problem(scenario) : kind.problem(seed: seed)
            var state = CostState(model: CostModel(problem), placement: Placement(initialOf: problem))
            var g = RandomScenario.Generator(state: seed &* 977 &+ 3)
            for move in 0..<4_000 {
                let a = Int.random(in: 0..<problem.shardCount, using: &g)
                if move % 3 == 0 {
                    // Wander (into infeasible states too), so that swaps are priced in many states.
                    state.shift(a, to: Int.random(in: 0..<problem.leafCount, using: &g))
                    continue
                }
                // Every other swap between traffic peers, when `a` has one.
                let first = problem.trafficStart[a]
                let degree = Int(problem.trafficStart[a + 1] - first)
                let b =
                    move % 2 == 0 && degree > 0
                    ? Int(problem.trafficPeer[Int(first) + Int.random(in: 0..<degree, using: &g)])
                    : Int.random(in: 0..<problem.shardCount, using: &g)
                let la = state.leaf(of: a)
                let lb = state.leaf(of: b)
                guard la >= 0, lb >= 0, la != lb, state.pricesSwapInPlace(a, b) else { continue }
                let terms = state.terms
                let first1 = state.shiftDelta(a, to: lb)
                let second = state.swapSecondHalf(a, b)
                #expect(state.terms == terms && state.leaf(of: a) == la, "pricing in place changed the state")
                let groupMoves = state.maxMoved
                state.applyShift(a, to: lb, delta: first1)
                // The largest moved count changed under a second half that reads it: `b` in a group, leaving or
                // returning to its initial host.
                let h0 = Int(problem.initialHost[b])
                let movedChanges = h0 >= 0 && (problem.leafHost[lb] != h0) != (problem.leafHost[la] != h0)
                if state.maxMoved != groupMoves && movedChanges && problem.shardGroup[b] >= 0 { withGroupMoves += 1 }
                if (Int(first)..<Int(first) + degree).contains(where: { problem.trafficPeer[$0] == b }) {
                    withPeer += 1
                }
                let applied = state.shiftDelta(b, to: la)
                compared += 1
                #expect(
                    second == applied,
                    "\(kind) seed \(seed) move \(move): swap \(a)↔\(b) second half \(second) in place, \(applied) applied"
                )
                // Keep the swap or take the first half back.
                if move % 4 == 1 { state.applyShift(b, to: la, delta: applied) } else { state.shift(a, to: la) }
            }
        }
        switch kind {
        case .allWeights, .defaultWeights, .generated:
            // Not vacuous: many swaps compared, some between traffic peers, some (all weights) changing the
            // largest moved count of a group.
            #expect(compared >= 1_000, "\(kind): \(compared) swaps compared")
            #expect(withPeer >= 50, "\(kind): \(withPeer) swaps between traffic peers")
            if independentGroups { #expect(withGroupMoves >= 20, "\(kind): \(withGroupMoves) with group moves") }
        case .numa, .core, .providers:
            // Intra-host capacity nodes, offer charges: priced by applying the first half.
            #expect(compared == 0)
        }
    }

    @Test(
        "swapDelta prices a swap as applying it does and leaves the state bit for bit as it was",
        arguments: [MoveBoundTests.Kind.allWeights, .generated, .providers, .numa])
    func swapDeltaLeavesStateAlone(kind: MoveBoundTests.Kind) throws {
        let problem = try kind.problem(seed: 6)
        var state = CostState(model: CostModel(problem), placement: Placement(initialOf: problem))
        var g = RandomScenario.Generator(state: 606)
        var priced = 0
        for move in 0..<2_000 {
            let a = Int.random(in: 0..<problem.shardCount, using: &g)
            let b = Int.random(in: 0..<problem.shardCount, using: &g)
            if move % 2 == 0 {
                state.shift(a, to: Int.random(in: 0..<problem.leafCount, using: &g))
                continue
            }
            let la = state.leaf(of: a)
            let lb = state.leaf(of: b)
            guard la >= 0, lb >= 0, la != lb else { continue }
            let usage = state.usage.array
            let hold = state.hold.array
            let lists = (state.firstOnHost.array, state.nextOnHost.array)
            let terms = state.terms
            let delta = state.swapDelta(a, b)
            #expect(state.usage.array == usage && state.hold.array == hold, "\(kind) swap \(a)↔\(b): rows changed")
            #expect(state.firstOnHost.array == lists.0 && state.nextOnHost.array == lists.1)
            #expect(state.terms == terms && state.leaf(of: a) == la && state.leaf(of: b) == lb)
            // Against the swap applied: the same change, bit for bit, whichever way it was priced.
            let first = state.shift(a, to: lb)
            let second = state.shift(b, to: la)
            #expect(delta == first + second, "\(kind) swap \(a)↔\(b): \(delta) against \(first + second) applied")
            priced += 1
        }
        #expect(priced > 300)
    }
}
