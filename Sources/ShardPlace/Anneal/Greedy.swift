/// The greedy constructive baseline: shards in decreasing order of size, each put on the candidate
/// leaf that raises the penalized cost least (best fit by the cost function). Candidates are the shard's
/// current leaf and a sample of eligible leaves (all of them when few enough); where the problem can be
/// scanned (``ShiftScan``) and shards × hosts is at most ``scanBudget``, every host, priced by one scan
/// per shard.
public struct Greedy: Sendable {
    /// Leaves sampled per shard when it has more eligible leaves than this.
    public var candidates: Int
    public var seed: UInt64
    /// The most shards × hosts priced by scans of hosts (0: never scan); above it, leaves are sampled.
    public var scanBudget: Int

    public init(candidates: Int = 64, seed: UInt64 = 1, scanBudget: Int = 200_000_000) {
        self.candidates = candidates
        self.seed = seed
        self.scanBudget = scanBudget
    }

    /// Places every shard, ignoring the current placement except as one candidate per shard (and
    /// through the migration terms).
    ///
    /// - Returns: a complete placement (it may violate hard constraints when the instance is tight; the
    ///   annealer repairs from there).
    /// - Complexity: O(shards × log shards + shards × candidates × delta cost).
    public func solve(_ model: CostModel) -> Placement {
        var state = CostState(
            model: model, placement: Placement(leaves: [Int32](repeating: -1, count: model.problem.shardCount)))
        fill(&state, model: model)
        return state.placement
    }

    /// Places the shards of `state` that are not placed yet.
    func fill(_ state: inout CostState, model: CostModel) {
        let p = model.problem
        var rng = SplitMix64(seed: seed)
        let penalty = Penalty(scale: 1e6)
        // Large instances sample fewer leaves per shard (at least 8), so that the start stays a few
        // tens of millions of evaluations.
        let candidates = Swift.max(8, Swift.min(self.candidates, 20_000_000 / Swift.max(1, p.shardCount)))
        // Size of a shard: Σ demand / mean host capacity per resource.
        var totalCapacity = [Double](repeating: 0, count: p.resourceCount)
        for h in 0..<p.hostCount {
            for r in 0..<p.resourceCount { totalCapacity[r] += p.capacity(host: h, resource: r) }
        }
        var sizes = [Double](repeating: 0, count: p.shardCount)
        for s in 0..<p.shardCount {
            var size = 0.0
            for r in 0..<p.resourceCount where totalCapacity[r] > 0 {
                size += p.demand(shard: s, resource: r) / totalCapacity[r]
            }
            sizes[s] = size
        }
        let order = (0..<p.shardCount).filter { state.leaf(of: $0) < 0 }.sorted {
            sizes[$0] > sizes[$1] || (sizes[$0] == sizes[$1] && $0 < $1)
        }
        let scan = ShiftScan(p)
        if state.scans(with: scan)
            && p.shardCount.multipliedReportingOverflow(by: p.hostCount).partialValue <= scanBudget
        {
            // Every eligible host per shard, the initial one first (it wins ties).
            for s in order {
                state.scanShifts(s, weights: p.weights, lambda: penalty.lambda, into: scan)
                var bestHost = Int(p.initialHost[s])
                var best = bestHost >= 0 ? scan.value(atHost: bestHost) : .infinity
                func consider(_ h: Int) {
                    if scan.value(atHost: h) < best {
                        best = scan.value(atHost: h)
                        bestHost = h
                    }
                }
                if let hosts = p.eligibleHostList(shard: s) {
                    for h in hosts { consider(Int(h)) }
                } else {
                    // From a random host on, so that ties fall on a random host.
                    let start = rng.next(below: p.hostCount)
                    for h in start..<p.hostCount { consider(h) }
                    for h in 0..<start { consider(h) }
                }
                if bestHost >= 0 { state.shift(s, to: p.leaves(ofHost: bestHost).lowerBound) }
            }
            return
        }
        for s in order {
            var bestLeaf = -1
            var best = Double.infinity
            func consider(_ leaf: Int) {
                let value = penalty.objective(state.shiftDelta(s, to: leaf), p.weights)
                if value < best {
                    best = value
                    bestLeaf = leaf
                }
            }
            if p.initialLeaf[s] >= 0 { consider(Int(p.initialLeaf[s])) }
            if let hosts = p.eligibleHostList(shard: s) {
                let leafTotal = hosts.reduce(0) { $0 + p.leaves(ofHost: Int($1)).count }
                if leafTotal <= candidates {
                    for h in hosts { for leaf in p.leaves(ofHost: Int(h)) { consider(leaf) } }
                } else {
                    for _ in 0..<candidates {
                        let h = Int(hosts[hosts.startIndex + rng.next(below: hosts.count)])
                        let range = p.leaves(ofHost: h)
                        consider(range.lowerBound + rng.next(below: range.count))
                    }
                }
            } else if p.leafCount <= candidates {
                for leaf in 0..<p.leafCount { consider(leaf) }
            } else {
                for _ in 0..<candidates { consider(rng.next(below: p.leafCount)) }
            }
            if bestLeaf >= 0 { state.shift(s, to: bestLeaf) }
        }
    }
}
