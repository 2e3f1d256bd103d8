extension OverloadRisk {
    /// What ``lowering(_:model:to:moveLimit:)`` did.
    struct Lowered {
        var placement: Placement
        var value: Value
        var moves: Int
    }

    /// Moves shards off risky hosts, one at a time, until the placement's risk is at most `limit`.
    ///
    /// Each move takes a shard off one of the eight riskiest hosts to a leaf of another eligible host
    /// (at most eight leaves per host) without raising any hard term, choosing the move of least
    /// objective increase per unit of risk removed (a move that lowers both is taken first). The risk is
    /// recomputed in full after each move, so that the limit is checked without accumulated rounding.
    ///
    /// - Parameters:
    ///   - placement: a feasible placement.
    ///   - model: the evaluator of the problem this risk model was built for.
    ///   - limit: the most ``Value/expectedOverloadedHosts`` allowed.
    ///   - moveLimit: the most moves to make.
    /// - Returns: the first placement within the limit, or `nil` when no move lowers the risk any more,
    ///   the moves run out, or the result is not feasible.
    /// - Complexity: per move, O(risky shards × eligible leaves × delta cost + candidates × resources ×
    ///   steps).
    func lowering(_ placement: Placement, model: CostModel, to limit: Double, moveLimit: Int) -> Lowered? {
        let p = model.problem
        let weights = p.weights
        var state = CostState(model: model, placement: placement)
        guard state.isFeasible else { return nil }
        var loads = HostLoads(self)
        var onHost = [[Int]](repeating: [], count: hostCount)
        for s in 0..<shardCount where placement.leaves[s] >= 0 {
            let h = Int(leafHost[Int(placement.leaves[s])])
            loads.add(shard: s, host: h, sign: 1)
            onHost[h].append(s)
        }
        var hostRisk = (0..<hostCount).map { loads.shards[$0] > 0 ? loads.risk(host: $0) : 0 }
        var moves = 0
        while true {
            let value = evaluate(state.placement)
            if value.expectedOverloadedHosts <= limit {
                return model.evaluate(state.placement).isFeasible
                    ? Lowered(placement: state.placement, value: value, moves: moves) : nil
            }
            if moves >= moveLimit { return nil }
            let sources = (0..<hostCount).filter { hostRisk[$0] > 0 }.sorted {
                (hostRisk[$0], -$0) > (hostRisk[$1], -$1)
            }.prefix(8)
            var best: (shard: Int, from: Int, leaf: Int, score: Double)?
            for a in sources {
                for s in onHost[a] {
                    let without = loads.risk(host: a, shard: s, sign: -1)
                    let gain = hostRisk[a] - without
                    guard gain > 0 else { continue }
                    let targets = p.eligibleHostList(shard: s).map { $0.map(Int.init) } ?? Array(0..<hostCount)
                    for b in targets where b != a {
                        let range = p.leaves(ofHost: b)
                        let stride = Swift.max(1, range.count / 8)
                        for leaf in Swift.stride(from: range.lowerBound, to: range.upperBound, by: stride) {
                            let delta = state.shiftDelta(s, to: leaf)
                            guard delta.hard.sum() <= CostState.feasibilityTolerance else { continue }
                            let cost = delta.weightedTotal(weights)
                            // Adding a shard never lowers a host's risk: `gain` bounds what the move removes.
                            if let best, cost > 0, cost / gain >= best.score { continue }
                            let removed = gain - (loads.risk(host: b, shard: s, sign: 1) - hostRisk[b])
                            guard removed > 0 else { continue }
                            let score = cost / removed
                            if best == nil || score < best!.score { best = (s, a, leaf, score) }
                        }
                    }
                }
            }
            guard let best else { return nil }
            let b = Int(leafHost[best.leaf])
            state.shift(best.shard, to: best.leaf)
            loads.add(shard: best.shard, host: best.from, sign: -1)
            loads.add(shard: best.shard, host: b, sign: 1)
            onHost[best.from].removeAll { $0 == best.shard }
            onHost[b].append(best.shard)
            hostRisk[best.from] = loads.shards[best.from] > 0 ? loads.risk(host: best.from) : 0
            hostRisk[b] = loads.risk(host: b)
            moves += 1
        }
    }
}
