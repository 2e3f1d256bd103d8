/// Scratch space of the return search (``Chain/returnSearch(sideways:spend:)``), allocated once per
/// chain.
struct ReturnScratch {
    /// Shards away from their starting leaf, in the order they are tried.
    var away: [Int32] = []
    /// A trial's shifts as (shard << 32 | leaf it left), their target leaves, and the hosts they changed.
    var trail: [Int64] = []
    var targets: [Int32] = []
    var hosts: [Int32] = []
    /// Compensating shifts a trial makes at most after its returns (the last one priced as the end of a
    /// compound only).
    static let depth = 3
}

extension Chain {
    /// The return search: compound moves that send one or two moved shards back to their starting leaf
    /// and compensate with up to ``ReturnScratch/depth`` shifts of other shards, each touching a host the
    /// compound changed (a shard on one of them to any leaf, or any shard onto one of them). A compound
    /// is kept when, all its moves together, it lowers the objective and adds no hard violation; with
    /// one compensating shift the search is exhaustive (the best such compound of each return is found),
    /// deeper ones follow the cheapest step, as an ejection chain does.
    ///
    /// It lowers what the moves cost — the migration, group-move and host-move terms — where the load
    /// terms sit on a plateau. The annealer's temperature is far above one shard's move cost on
    /// instances like ROADEF's a1_5 (load costs of 10⁸, move costs of 1 per process), so it ends with
    /// many shards moved that no longer need to be; a lone return then breaks a load bound that another
    /// shift or two restore. A pass tries every moved shard once (in random order), then, when that found
    /// nothing, pairs of moved shards until one pair helps. `sideways` keeps compounds that cost no more
    /// (one pass of single returns): a way off a plateau's local optimum, used a few times by the polish.
    ///
    /// - Parameter spend: charges evaluations; false when the budget or the deadline is spent.
    /// - Returns: whether something was kept, and whether `spend` ran out.
    mutating func returnSearch(sideways: Bool = false, spend: (Int) -> Bool) -> (improved: Bool, stopped: Bool) {
        guard state.isFeasible else { return (false, false) }
        let n = problem.shardCount
        returns.away.removeAll(keepingCapacity: true)
        for s in 0..<n where problem.initialLeaf[s] >= 0 && state.leaf(of: s) != Int(problem.initialLeaf[s]) {
            returns.away.append(Int32(s))
        }
        let count = returns.away.count
        guard count > 0 else { return (false, false) }
        for i in stride(from: count - 1, to: 0, by: -1) {
            returns.away.swapAt(i, rng.next(below: i + 1))
        }
        var improved = false
        for i in 0..<count {
            let p = Int(returns.away[i])
            guard state.leaf(of: p) != Int(problem.initialLeaf[p]) else { continue }
            guard let kept = returnTrial(p, -1, sideways: sideways, spend: spend) else { return (improved, true) }
            improved = improved || kept
        }
        if improved || sideways { return (improved, false) }
        for i in 0..<count {
            for j in (i + 1)..<count {
                let p = Int(returns.away[i])
                let q = Int(returns.away[j])
                guard let kept = returnTrial(p, q, sideways: sideways, spend: spend) else { return (false, true) }
                if kept { return (true, false) }
            }
        }
        return (false, false)
    }

    /// One compound of ``returnSearch(sideways:spend:)``: shard `first` (and `second`, when not −1) sent
    /// home, then up to ``ReturnScratch/depth`` compensating shifts, each the best one touching a host
    /// the compound changed so far (taken even when the compound does not pay yet, as an ejection
    /// chain); the cheapest prefix that pays and adds no violation is kept, else all is undone. Nil when
    /// `spend` ran out (undone).
    private mutating func returnTrial(_ first: Int, _ second: Int, sideways: Bool, spend: (Int) -> Bool) -> Bool? {
        let saved = state.terms
        let limit = sideways ? threshold() : -threshold()
        returns.trail.removeAll(keepingCapacity: true)
        returns.hosts.removeAll(keepingCapacity: true)
        returns.targets.removeAll(keepingCapacity: true)
        var total = CostTerms()
        /// Makes a shift of the trial (unlogged), noting the hosts it changed.
        func make(_ s: Int, _ leaf: Int, _ d: CostTerms) {
            let from = state.leaf(of: s)
            returns.trail.append(Int64(s) << 32 | Int64(UInt32(bitPattern: Int32(from))))
            returns.targets.append(Int32(leaf))
            let left = state.r.leafHost[from]
            let reached = state.r.leafHost[leaf]
            if !returns.hosts.contains(left) { returns.hosts.append(left) }
            if !returns.hosts.contains(reached) { returns.hosts.append(reached) }
            state.applyShift(s, to: leaf, delta: d)
            total += d
        }
        let home = Int(problem.initialLeaf[first])
        make(first, home, state.shiftDelta(first, to: home))
        if second >= 0 {
            let home = Int(problem.initialLeaf[second])
            make(second, home, state.shiftDelta(second, to: home))
        }
        var stopped = !spend(returns.trail.count)
        var bestValue = limit
        var bestLength = 0
        var value = penalty.objective(total, weights)
        if value < bestValue && addsNoViolation(total) {
            bestValue = value
            bestLength = returns.trail.count
        }
        // The shift that completes the best compound after its first `bestLength` moves (−1: none).
        var finalShard = -1
        var finalLeaf = -1
        for step in 0..<ReturnScratch.depth where !stopped {
            var stepValue = Double.infinity
            var stepShard = -1
            var stepLeaf = -1
            var stepDelta = CostTerms()
            /// Prices shard `q` to `leaf`: as the end of a paying compound, and as the chain's next step.
            func consider(_ q: Int, _ leaf: Int) {
                let d = state.shiftDelta(q, to: leaf)
                let v = value + penalty.objective(d, weights)
                if v < bestValue && addsNoViolation(total + d) {
                    bestValue = v
                    bestLength = returns.trail.count
                    finalShard = q
                    finalLeaf = leaf
                }
                if v < stepValue {
                    stepValue = v
                    stepShard = q
                    stepLeaf = leaf
                    stepDelta = d
                }
            }
            for q in 0..<problem.shardCount {
                let from = state.leaf(of: q)
                guard from >= 0, !returns.trail.contains(where: { Int($0 >> 32) == q }) else { continue }
                let h = state.r.leafHost[from]
                if returns.hosts.contains(h) {
                    // A shard on a changed host: to any leaf it fits.
                    forEachLeaf(of: q) { leaf in
                        if leaf != from && state.fits(q, host: Int(state.r.leafHost[leaf])) { consider(q, leaf) }
                    }
                    if !spend(state.r.leafCount) { stopped = true }
                } else {
                    // Any other shard: onto a changed host.
                    for target in returns.hosts
                    where state.isEligible(q, target) && state.fits(q, host: Int(target)) {
                        for leaf in Int(
                            state.r.hostLeafStart[Int(target)])..<Int(state.r.hostLeafStart[Int(target) &+ 1])
                        {
                            consider(q, leaf)
                        }
                    }
                    if !spend(returns.hosts.count) { stopped = true }
                }
                if stopped { break }
            }
            // The last step's shifts were priced as completions only.
            guard stepShard >= 0, step < ReturnScratch.depth - 1 else { break }
            make(stepShard, stepLeaf, stepDelta)
            value = stepValue
        }
        // Undone in reverse; the paying prefix made again one move at a time, each logged as it is made
        // (so that the best stays "current minus log" at every entry, whenever the log fills).
        for entry in returns.trail.reversed() {
            state.applyShift(Int(entry >> 32), to: Int(Int32(truncatingIfNeeded: entry)), delta: CostTerms())
        }
        state.terms = saved
        guard bestLength > 0 else { return stopped ? nil : false }
        for k in 0..<bestLength { apply(Int(returns.trail[k] >> 32), to: Int(returns.targets[k])) }
        if finalShard >= 0 { apply(finalShard, to: finalLeaf) }
        recordIfBest()
        return true
    }

    /// Prices, makes and logs one shift.
    private mutating func apply(_ s: Int, to leaf: Int) {
        let from = state.leaf(of: s)
        state.applyShift(s, to: leaf, delta: state.shiftDelta(s, to: leaf))
        logMove(s, from)
    }
}
