/// Scratch space of the repack move, allocated once per chain.
struct RepackScratch {
    var hostMark: [Bool] = []
    var hosts: [Int] = []
    var shards: [Int] = []
    var others: [Int] = []
    var original: [Int] = []
    /// Candidate leaf of shard i on host j at `i * hosts.count + j`.
    var targets: [Int] = []
    var deltas: [CostTerms] = []
    var values: [Double] = []
    var monotone: [Double] = []
    var order: [Int] = []
    var current: [Int] = []
    var best: [Int] = []
    var bestChange = 0.0
    var lowerOffset = 0.0
    var budget = 0
}

extension Chain {
    /// The large-neighbourhood move: takes the shards off a few hosts — a costly one (the dearest of a
    /// few sampled) and partners (random, or the cheapest of a few sampled) — and puts them back by a depth-first search over those hosts,
    /// keeping the cheapest complete packing; applied when it beats the present one.
    ///
    /// A shift or a swap cannot empty room on a host that is full in several resources at once; this
    /// move repacks several hosts together. The search places the largest shards first, tries each
    /// shard's hosts cheapest first, never adds a capacity, transient, anti-affinity or eligibility
    /// violation (more shards cannot undo one), and cuts a branch when a lower bound of its best
    /// completion cannot beat the best found: the terms that only grow as shards are placed (load,
    /// moves, traffic, price, the hard terms above), plus the most the others (balance, imbalance,
    /// fragmentation of these hosts, spread, dependencies) could still fall. Every value is an exact
    /// delta of the penalised objective from the state.
    ///
    /// - Returns: the shift evaluations it made.
    @discardableResult
    mutating func repackMove(hosts hostLimit: Int, shards shardLimit: Int, budget: Int) -> Int {
        let p = problem
        guard p.hostCount >= 2, hostLimit >= 2, shardLimit >= 1 else { return 0 }
        if repack.hostMark.count != p.hostCount { repack.hostMark = [Bool](repeating: false, count: p.hostCount) }

        // Hosts: the dearest of a few sampled, then distinct partners (random, or cheap ones).
        repack.hosts.removeAll(keepingCapacity: true)
        var hot = rng.next(below: p.hostCount)
        var hottest = -Double.infinity
        for _ in 0..<8 {
            let h = rng.next(below: p.hostCount)
            let value = hostValue(h)
            if value > hottest {
                hottest = value
                hot = h
            }
        }
        repack.hosts.append(hot)
        repack.hostMark[hot] = true
        let k = Swift.min(hostLimit, p.hostCount)
        if k == p.hostCount {
            for h in 0..<p.hostCount where h != hot {
                repack.hostMark[h] = true
                repack.hosts.append(h)
            }
        }
        var tries = 0
        while repack.hosts.count < k && tries < 8 * k {
            tries += 1
            var h = rng.next(below: p.hostCount)
            // Half the partners are the cheapest of four sampled hosts: room to take the costly host's load.
            if rng.next() & 1 == 0 {
                var coldest = hostValue(h)
                for _ in 0..<3 {
                    let other = rng.next(below: p.hostCount)
                    let value = hostValue(other)
                    if value < coldest && !repack.hostMark[other] {
                        coldest = value
                        h = other
                    }
                }
            }
            if !repack.hostMark[h] {
                repack.hostMark[h] = true
                repack.hosts.append(h)
            }
        }
        defer { for h in repack.hosts { repack.hostMark[h] = false } }
        let hostCount = repack.hosts.count

        // Shards: those of the hot host first (up to half the limit), then the partners', sampled.
        repack.shards.removeAll(keepingCapacity: true)
        repack.others.removeAll(keepingCapacity: true)
        for s in 0..<p.shardCount {
            let leaf = state.leaf(of: s)
            guard leaf >= 0 else { continue }
            let h = Int(state.r.leafHost[leaf])
            if h == hot { repack.shards.append(s) } else if repack.hostMark[h] { repack.others.append(s) }
        }
        repack.shards.shuffle(using: &rng)
        if repack.shards.count > shardLimit / 2 + 1 {
            repack.others.append(contentsOf: repack.shards[(shardLimit / 2 + 1)...])
            repack.shards.removeLast(repack.shards.count - (shardLimit / 2 + 1))
        }
        repack.others.shuffle(using: &rng)
        for s in repack.others where repack.shards.count < shardLimit { repack.shards.append(s) }
        let n = repack.shards.count
        guard n > 0 else { return 0 }

        // Largest first (demand relative to the hot host's capacity).
        let resources = p.resourceCount
        func size(_ s: Int) -> Double {
            var size = 0.0
            for q in 0..<resources {
                size +=
                    Double(state.r.demand[s &* state.r.stride &+ q])
                    * Double(state.r.inverseCapacity[hot &* state.r.stride &+ q])
            }
            return size
        }
        repack.shards.sort { size($0) > size($1) }
        repack.original.removeAll(keepingCapacity: true)
        for s in repack.shards { repack.original.append(state.leaf(of: s)) }

        // Candidate leaves: the shard's own leaf on its host, a random leaf elsewhere.
        repack.targets.removeAll(keepingCapacity: true)
        for i in 0..<n {
            let s = repack.shards[i]
            for h in repack.hosts {
                let own = repack.original[i]
                if Int(state.r.leafHost[own]) == h {
                    repack.targets.append(own)
                } else if state.isEligible(s, Int32(h)) {
                    let low = Int(state.r.hostLeafStart[h])
                    repack.targets.append(low &+ rng.next(below: Int(state.r.hostLeafStart[h &+ 1]) &- low))
                } else {
                    repack.targets.append(-1)
                }
            }
        }
        let slots = n * hostCount
        if repack.deltas.count < slots {
            repack.deltas = [CostTerms](repeating: CostTerms(), count: slots)
            repack.values = [Double](repeating: 0, count: slots)
            repack.monotone = [Double](repeating: 0, count: slots)
            repack.order = [Int](repeating: 0, count: slots)
        }
        repack.current.removeAll(keepingCapacity: true)
        repack.current.append(contentsOf: repeatElement(-1, count: n))
        repack.best.removeAll(keepingCapacity: true)
        repack.best.append(contentsOf: repack.original)

        // What the non-monotone terms could still fall by: their present value on these hosts, and the
        // spread and dependency violations anywhere.
        var nonMonotone = penalty.lambda[3] * state.terms.spread + penalty.lambda[4] * state.terms.dependency
        for h in repack.hosts {
            let t = state.hostTerms(h, usageSign: 0, holdSign: 0, shard: 0)
            nonMonotone += nonMonotoneValue(t)
        }
        repack.lowerOffset = -nonMonotone

        // Take every chosen shard off, then search.
        let saved = state.terms
        var change = 0.0
        var monotone = 0.0
        for s in repack.shards {
            let d = state.unplace(s)
            let value = penaltyValue(d)
            change += value
            monotone += value - nonMonotoneValue(d)
        }
        repack.bestChange = -1e-9 * Swift.max(1, abs(saved.weightedTotal(weights)))
        repack.budget = budget
        search(depth: 0, change: change, monotone: monotone)
        let evaluations = budget - repack.budget

        // Put the shards back: the best packing found, or where they were.
        let improved = repack.best != repack.original
        for i in 0..<n {
            let s = repack.shards[i]
            state.shift(s, to: repack.best[i])
        }
        if !improved {
            state.terms = saved
            return evaluations
        }
        accepted &+= 1
        for i in 0..<n where repack.best[i] != repack.original[i] { logMove(repack.shards[i], repack.original[i]) }
        recordIfBest()
        return evaluations
    }

    /// The search below depth `i`: `change` is the penalised objective's change so far (unplaced shards
    /// not counted), `monotone` its part from terms that only grow as shards are placed.
    private mutating func search(depth i: Int, change: Double, monotone: Double) {
        let n = repack.shards.count
        if i == n {
            if change < repack.bestChange {
                repack.bestChange = change
                for j in 0..<n { repack.best[j] = repack.current[j] }
            }
            return
        }
        let s = repack.shards[i]
        let k = repack.hosts.count
        let base = i * k
        var candidates = 0
        for j in 0..<k {
            let leaf = repack.targets[base + j]
            guard leaf >= 0 else { continue }
            repack.budget -= 1
            let d = state.shiftDelta(s, to: leaf)
            let tolerance = CostState.feasibilityTolerance
            if d.capacity > tolerance || d.transient > tolerance || d.antiAffinity > 0 || d.placementRules > 0 {
                continue
            }
            let value = penaltyValue(d)
            repack.deltas[base + candidates] = d
            repack.values[base + candidates] = value
            repack.monotone[base + candidates] = value - nonMonotoneValue(d)
            repack.order[base + candidates] = j
            // Insertion into the cheapest-first order.
            var c = candidates
            while c > 0 && repack.values[base + c - 1] > value {
                repack.deltas.swapAt(base + c, base + c - 1)
                repack.values.swapAt(base + c, base + c - 1)
                repack.monotone.swapAt(base + c, base + c - 1)
                repack.order.swapAt(base + c, base + c - 1)
                c -= 1
            }
            candidates += 1
        }
        for c in 0..<candidates {
            guard repack.budget > 0 || c == 0 else { return }
            let m = monotone + repack.monotone[base + c]
            if m + repack.lowerOffset >= repack.bestChange { continue }
            let leaf = repack.targets[base + repack.order[base + c]]
            let saved = state.terms
            state.applyShift(s, to: leaf, delta: repack.deltas[base + c])
            repack.current[i] = leaf
            search(depth: i + 1, change: change + repack.values[base + c], monotone: m)
            state.applyUnplace(s, delta: CostTerms())  // undo without pricing; the sums come back below
            state.terms = saved
        }
    }

    /// The penalised value of a delta, leaving out the unplaced count (every shard goes back).
    @inline(__always)
    private func penaltyValue(_ d: CostTerms) -> Double {
        penalty.objective(d, weights) - penalty.lambda[6] * d.unplaced
    }

    /// The part of a penalised value from terms that can fall when more shards are placed.
    @inline(__always)
    private func nonMonotoneValue(_ d: CostTerms) -> Double {
        weights.balance * d.balance + weights.imbalance * d.imbalance + weights.fragmentation * d.fragmentation
            + penalty.lambda[3] * d.spread + penalty.lambda[4] * d.dependency
    }

    /// A host's own penalised cost (capacity, transient, load, balance, imbalance, fragmentation, price).
    private func hostValue(_ h: Int) -> Double {
        let t = state.hostTerms(h, usageSign: 0, holdSign: 0, shard: 0)
        return penalty.objective(t, weights)
    }
}
