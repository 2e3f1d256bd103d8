/// Scratch space of the ejection move, allocated once per chain.
struct EjectScratch {
    /// Every shard, largest first (demand relative to the mean capacity of each resource).
    var bySize: [Int32] = []
    var size: [Double] = []
    /// The shards on the target host (largest first), and the moves made so far: shard and leaf left.
    var onHost: [Int] = []
    var moved: [Int] = []
    var from: [Int] = []
    /// Hosts a trial changed, with the stamps they had before it (restored when the trial is undone).
    var stamped: [(host: Int32, stamp: UInt32)] = []
    var arrivals = ArrivalCache()
    /// Whether a leaf's host-level part bounds its whole penalised value from below once the state's
    /// hard group terms are zero (see ``Chain/hostPartBounds()``); worked out on first use.
    var hostPartBounds: Bool?
}

/// The host-level terms of shard arrivals (``CostState/arrivalDelta(_:host:)``) kept per (shard, host)
/// while the host is unchanged: the winners' add-cost cache, which lets an ejection trial price every
/// host for each shard it moves out without recomputing the hosts no move touched.
///
/// Each host carries a stamp, a fresh number from one clock whenever the host changes (numbers are never
/// reused, so a stamp restored after an undone trial makes the entries from before the trial valid again
/// and those from during it stale); an entry is valid while its stamp equals its host's. Only a chain
/// that stamps every change it makes may turn it on: the descent search does.
struct ArrivalCache {
    /// The most entries kept (60 bytes each): beyond, the trials price every host afresh.
    static let maximumEntries = 1_000_000
    var enabled = false
    var hosts = 0
    var clock: UInt32 = 0
    var stamp: [UInt32] = []
    /// `shards × hosts`, shard-major: the stamp each entry was computed under (0: never) and the entry.
    var entryStamp: [UInt32] = []
    var entry: [HostPart] = []

    /// The host-level fields of a delta (the rest of ``CostTerms`` is 0 in an arrival), and whether the
    /// shard fits the host at all (``CostState/fits(_:host:)``; the fields are priced only where it does).
    struct HostPart {
        var capacity = 0.0, transient = 0.0, load = 0.0, balance = 0.0, imbalance = 0.0, fragmentation = 0.0
        var price = 0.0
        var fits = true

        init(_ t: CostTerms) {
            capacity = t.capacity
            transient = t.transient
            load = t.load
            balance = t.balance
            imbalance = t.imbalance
            fragmentation = t.fragmentation
            price = t.price
        }

        /// The entry of a host the shard does not fit.
        static let misfit: HostPart = {
            var part = HostPart(CostTerms())
            part.fits = false
            return part
        }()

        /// The penalised value of these terms (``Penalty/objective(_:_:)`` of ``terms``, summed in another
        /// order).
        @inline(__always)
        func value(_ w: Policy.Weights, _ penalty: Penalty) -> Double {
            w.load * load + w.balance * balance + w.imbalance * imbalance + w.fragmentation * fragmentation
                + w.price * price + penalty.lambda[0] * capacity + penalty.lambda[1] * transient
        }

        var terms: CostTerms {
            var t = CostTerms()
            t.capacity = capacity
            t.transient = transient
            t.load = load
            t.balance = balance
            t.imbalance = imbalance
            t.fragmentation = fragmentation
            t.price = price
            return t
        }
    }

    /// Sizes the cache for `shards × hosts` entries, all stale, and turns it on.
    mutating func enable(shards: Int, hosts: Int) {
        if entryStamp.count != shards * hosts || self.hosts != hosts {
            self.hosts = hosts
            entryStamp = [UInt32](repeating: 0, count: shards * hosts)
            entry = [HostPart](repeating: HostPart(CostTerms()), count: shards * hosts)
            stamp = [UInt32](repeating: 0, count: hosts)
        }
        invalidateAll()
        enabled = true
    }

    /// Gives every host a fresh stamp (after the state was replaced).
    mutating func invalidateAll() {
        for h in 0..<stamp.count { touch(h) }
    }

    /// Gives host `h` a fresh stamp; when the clock would wrap, every entry is made stale first.
    @inline(__always)
    mutating func touch(_ h: Int) {
        if clock == UInt32.max {
            for i in entryStamp.indices { entryStamp[i] = 0 }
            clock = 0
            for k in 0..<stamp.count where k != h {
                clock += 1
                stamp[k] = clock
            }
        }
        clock += 1
        stamp[h] = clock
    }
}

extension Chain {
    /// The big-shard insertion with ejections (the "big process rearrangement" of the ROADEF/EURO 2012
    /// winners, Gavranović, Buljubašić and Demirović): a large shard is put on a random other host even
    /// where it does not fit, then that host's shards, largest first, leave for the best leaf each can take
    /// elsewhere — first only where that lowers the penalised objective, then, while the host is still
    /// over capacity, wherever costs least. The result is kept when it breaks no hard constraint and is
    /// cheaper (in an annealing chain, when the Metropolis rule takes its change); else every shard goes
    /// back.
    ///
    /// On problems packed to their safety capacity in many resources at once, a large shard fits nowhere
    /// without first making room, and the room is made by several moves that each cost something alone:
    /// shifts and swaps cannot get there, and the repack move looks at a few hosts only.
    ///
    /// The shard is drawn with a bias to the largest (its rank is n·u³ for a uniform u). Runs only from
    /// a feasible state. - Returns: the shift evaluations it made.
    @discardableResult
    mutating func ejectMove(strict: Bool) -> Int {
        let p = problem
        let n = p.shardCount
        guard p.hostCount >= 2, n >= 1, state.terms.hard.sum() <= CostState.feasibilityTolerance else { return 0 }
        if eject.bySize.count != n { buildSizeOrder() }
        let u = rng.nextDouble()
        let big = Int(eject.bySize[Swift.min(n - 1, Int(Double(n) * u * u * u))])
        let start = state.leaf(of: big)
        guard start >= 0 else { return 0 }
        let home = Int(state.r.leafHost[start])
        var target = -1
        var leaf = -1
        for _ in 0..<8 {
            guard let l = randomLeaf(for: big) else { break }
            let h = Int(state.r.leafHost[l])
            if h != home {
                target = h
                leaf = l
                break
            }
        }
        guard target >= 0 else { return 0 }
        return ejectTrial(big: big, leaf: leaf, strict: strict, payFirst: false).evaluations
    }

    /// One ejection trial: shard `big` put on `leaf` (another host), that host's shards moved out as
    /// ``ejectMove(strict:)`` describes. With `payFirst`, as the winners' solver does, the ejections of
    /// pass 1 are those that lower the soft objective (a move that only relieves the overloaded host does
    /// not pay) and the forced ejections (pass 2) run only when those alone already made the soft
    /// objective cheaper: a trial that cannot pay for itself ends early.
    /// - Returns: whether the result was kept, and the shift evaluations made.
    mutating func ejectTrial(big: Int, leaf: Int, strict: Bool, payFirst: Bool) -> (kept: Bool, evaluations: Int) {
        let n = problem.shardCount
        let start = state.leaf(of: big)
        let target = Int(state.r.leafHost[leaf])
        let saved = state.terms
        let threshold = threshold()
        eject.moved.removeAll(keepingCapacity: true)
        eject.from.removeAll(keepingCapacity: true)
        eject.stamped.removeAll(keepingCapacity: true)
        stampHosts(start, leaf)
        let first = state.shift(big, to: leaf)
        var change = penalty.objective(first, weights)
        var soft = first.weightedTotal(weights)
        eject.moved.append(big)
        eject.from.append(start)
        var evaluations = 1

        eject.onHost.removeAll(keepingCapacity: true)
        // The buffers, not the state's methods: a call on the state copied it for each shard (profile).
        let leaves = state.leaf
        let leafHost = state.r.leafHost
        for s in 0..<n where s != big {
            let l = Int(leaves[s])
            if l >= 0 && Int(leafHost[l]) == target { eject.onHost.append(s) }
        }
        if eject.size.count != n { buildSizeOrder() }
        eject.onHost.sort { eject.size[$0] > eject.size[$1] }

        // Pass 1: the ejections that pay for themselves (with `payFirst`, by the soft objective alone, as
        // the winners judged them: the relief of the overloaded host does not pay for a move).
        for q in eject.onHost {
            let l = state.leaf(of: q)
            let (to, value, d) = bestLeaf(q, avoiding: target, below: 0, evaluations: &evaluations, soft: payFirst)
            if to >= 0 && value < 0 {
                stampHosts(l, to)
                state.applyShift(q, to: to, delta: d)
                eject.moved.append(q)
                eject.from.append(l)
                change += penalty.objective(d, weights)
                soft += d.weightedTotal(weights)
            }
        }
        // Pass 2: while the host is over capacity, the cheapest ejections whatever they cost.
        let paid = !payFirst || soft < -threshold
        if paid && (state.terms.hard.sum() > CostState.feasibilityTolerance || change >= -threshold) {
            for q in eject.onHost where state.isOverCapacity(host: target) {
                let l = state.leaf(of: q)
                guard l >= 0, Int(state.r.leafHost[l]) == target else { continue }
                let (to, value, d) = bestLeaf(q, avoiding: target, below: .infinity, evaluations: &evaluations)
                guard to >= 0 else { continue }
                stampHosts(l, to)
                state.applyShift(q, to: to, delta: d)
                eject.moved.append(q)
                eject.from.append(l)
                change += value
                soft += d.weightedTotal(weights)
            }
        }
        let feasible = state.terms.hard.sum() <= CostState.feasibilityTolerance
        let keep = paid && feasible && (change < -threshold || (!strict && change > 0 && accept(change)))
        if !keep {
            // Undo without pricing: every usage and count goes back; the sums are restored bit for bit.
            for i in eject.moved.indices.reversed() {
                state.applyShift(eject.moved[i], to: eject.from[i], delta: CostTerms())
            }
            state.terms = saved
            // The hosts are as before the trial: so are their entries.
            if eject.arrivals.enabled {
                for (h, stamp) in eject.stamped.reversed() { eject.arrivals.stamp[Int(h)] = stamp }
            }
            return (false, evaluations)
        }
        accepted &+= 1
        for i in eject.moved.indices { logMove(eject.moved[i], eject.from[i]) }
        recordIfBest()
        return (true, evaluations)
    }

    /// The cheapest leaf for shard `q` off host `avoid` by the penalised objective (by the soft objective
    /// alone when `soft`), among those where it adds no capacity, transient or anti-affinity violation
    /// (its delta there is no worse in those terms than taking it off) and its value is under `limit`, its
    /// value and delta (leaf −1 when there is none).
    mutating func bestLeaf(
        _ q: Int, avoiding avoid: Int, below limit: Double, evaluations: inout Int, soft: Bool = false
    )
        -> (Int, Double, CostTerms)
    {
        var penalty = self.penalty
        if soft { penalty.lambda = .zero }  // the hard terms then weigh nothing
        var best = limit
        var bestLeaf = -1
        var bestDelta = CostTerms()
        let relief = state.unplaceDelta(q)
        let departure = state.departureDelta(q)
        let tolerance = CostState.feasibilityTolerance
        // With the arrival cache on and the state's hard group terms at zero, a leaf whose host-level part
        // (departure, arrival and the host-move charge) already costs no less than the best so far cannot
        // beat it: every other term of its delta is then zero or more. It is passed without the rest.
        let h0 = Int(state.r.initialHost[q])
        let hq = Int(state.r.leafHost[state.leaf(of: q)])
        let bounded =
            eject.arrivals.enabled && h0 >= 0 && hostPartBounds() && state.terms.antiAffinity <= tolerance
            && state.terms.spread <= tolerance && state.terms.dependency <= tolerance
            && state.terms.placementRules <= tolerance
        let departureValue = bounded ? penalty.objective(departure, weights) : 0
        let hostMoves = bounded && state.track.hostMoves
        let movedBefore = hq != h0
        let hostMoveBefore = hostMoves && movedBefore ? state.r.hostMoveCost[h0 &* state.r.hostCount &+ hq] : 0
        func consider(_ leaf: Int) {
            let h = Int(state.r.leafHost[leaf])
            let (fits, arrival) = fittingArrival(q, host: h)
            guard fits else { return }
            if bounded, let arrival {
                var lower = departureValue + arrival.value(weights, penalty)
                if hostMoves {
                    lower +=
                        weights.hostMoves * (state.r.hostMoveCost[h0 &* state.r.hostCount &+ h] - hostMoveBefore)
                }
                if lower >= best { return }
            }
            let d = state.shiftDelta(q, to: leaf, departure: departure, arrival: arrival?.terms)
            evaluations &+= 1
            guard d.capacity <= relief.capacity + tolerance, d.transient <= relief.transient + tolerance,
                d.antiAffinity <= relief.antiAffinity
            else { return }
            let value = penalty.objective(d, weights)
            if value < best {
                best = value
                bestLeaf = leaf
                bestDelta = d
            }
        }
        if state.r.reachRestricted[q] {
            for i in Int(state.r.reachStart[q])..<Int(state.r.reachStart[q &+ 1]) {
                let h = Int(state.r.reachHosts[i])
                guard h != avoid else { continue }
                for leaf in Int(state.r.hostLeafStart[h])..<Int(state.r.hostLeafStart[h &+ 1]) { consider(leaf) }
            }
        } else {
            for leaf in 0..<state.r.leafCount where Int(state.r.leafHost[leaf]) != avoid { consider(leaf) }
        }
        return (bestLeaf, best, bestDelta)
    }

    /// Whether shard `q` fits on host `h` (``CostState/fits(_:host:)``) and, where it does, its arrival
    /// terms from the cache (``cachedArrivalPart(_:host:)``; `nil` when the cache is off or `h` is the
    /// shard's initial host: the caller then prices the arrival itself).
    @inline(__always)
    mutating func fittingArrival(_ q: Int, host h: Int) -> (fits: Bool, arrival: ArrivalCache.HostPart?) {
        if let part = cachedArrivalPart(q, host: h) { return (part.fits, part) }
        return (state.fits(q, host: h), nil)
    }

    /// The cache's entry for shard `q` on host `h` (whether it fits, and where it does its arrival's
    /// host-level terms), computed and kept when stale; `nil` when the cache is off or `h` is the shard's
    /// initial host. Both depend on the host's usage and holds only, which every change of the host stamps.
    @inline(__always)
    mutating func cachedArrivalPart(_ q: Int, host h: Int) -> ArrivalCache.HostPart? {
        guard eject.arrivals.enabled, h != Int(state.r.initialHost[q]) else { return nil }
        let i = q &* eject.arrivals.hosts &+ h
        if eject.arrivals.entryStamp[i] != eject.arrivals.stamp[h] {
            eject.arrivals.entry[i] =
                state.fits(q, host: h) ? ArrivalCache.HostPart(state.arrivalDelta(q, host: h)) : .misfit
            eject.arrivals.entryStamp[i] = eject.arrivals.stamp[h]
        }
        let arrival = eject.arrivals.entry[i]
        assert(
            {
                guard arrival.fits == state.fits(q, host: h) else { return false }
                guard arrival.fits else { return true }
                let fresh = state.arrivalDelta(q, host: h)
                let kept = arrival.terms
                let scale = 1e-9 * (1 + abs(fresh.weightedTotal(weights)) + abs(fresh.capacity))
                return abs(fresh.weightedTotal(weights) - kept.weightedTotal(weights)) <= scale
                    && abs(fresh.capacity - kept.capacity) <= scale
                    && abs(fresh.transient - kept.transient) <= scale
            }(), "stale arrival entry: a change of host \(h) was not stamped")
        return arrival
    }

    /// Whether, on this problem, the terms of a shift's delta outside its host-level part (departure,
    /// arrival) and its host-move charge are never negative for a shard leaving for a host other than
    /// its initial one, once the state breaks no anti-affinity, spread, dependency or placement rule:
    /// migration and moved-count terms can then only grow (it stays moved or becomes moved), the group
    /// constraints' sums are at zero, and no traffic edge, offer charge or capacity node adds a term of
    /// either sign. Worked out once per chain.
    mutating func hostPartBounds() -> Bool {
        if let known = eject.hostPartBounds { return known }
        let w = weights
        let r = state.r
        // Traffic and egress terms come from traffic edges: without any they are zero whatever their weight.
        let edges = r.trafficStart[problem.shardCount] > 0
        var ok =
            !((state.track.traffic || state.track.egress) && edges) && !state.track.offerCharges
            && r.capacityLevels == 0
            && w.migration >= 0 && w.bytes >= 0 && w.groupMoves >= 0
        if ok && state.track.migration {
            for s in 0..<problem.shardCount where r.moveCost[s] < 0 || r.size[s] < 0 {
                ok = false
                break
            }
        }
        eject.hostPartBounds = ok
        return ok
    }

    /// Before a trial moves a shard from leaf `a` to leaf `b`: both hosts get fresh stamps, their old ones
    /// kept for an undo.
    @inline(__always)
    private mutating func stampHosts(_ a: Int, _ b: Int) {
        guard eject.arrivals.enabled else { return }
        if a >= 0 { stampHost(Int(state.r.leafHost[a])) }
        stampHost(Int(state.r.leafHost[b]))
    }

    @inline(__always)
    private mutating func stampHost(_ h: Int) {
        eject.stamped.append((Int32(h), eject.arrivals.stamp[h]))
        eject.arrivals.touch(h)
    }

    /// Orders the shards largest first by what they can cost where they overload a host: the sum over
    /// resources of demand × the resource's load-cost weight (on ROADEF set A, where every weight is
    /// equal, the raw demand sum the winners sorted by; BENCHMARKS.md has what the order does there).
    /// Without load costs, the sum of demand ÷ mean host capacity.
    mutating func buildSizeOrder() {
        let p = problem
        let resources = p.resourceCount
        var scale = [Double](repeating: 0, count: resources)
        if p.weights.load > 0 && p.loadWeight.contains(where: { $0 > 0 }) {
            for q in 0..<resources { scale[q] = Swift.max(0, p.loadWeight[q]) }
        } else {
            for h in 0..<p.hostCount {
                for q in 0..<resources { scale[q] += Double(state.r.capacity[h &* state.r.stride &+ q]) }
            }
            for q in 0..<resources { scale[q] = Double(Swift.max(1, p.hostCount)) / Swift.max(1e-12, scale[q]) }
        }
        eject.size = (0..<p.shardCount).map { s in
            var size = 0.0
            for q in 0..<resources { size += Double(state.r.demand[s &* state.r.stride &+ q]) * scale[q] }
            return size
        }
        let size = eject.size
        eject.bySize = (0..<p.shardCount).map { Int32($0) }.sorted { size[Int($0)] > size[Int($1)] }
    }
}
