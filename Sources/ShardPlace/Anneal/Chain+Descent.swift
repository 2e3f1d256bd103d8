/// Scratch space of the descent search, allocated once per chain.
struct DescentScratch {
    /// The replica the chain was built on (the true weights).
    var replica: ProblemReplica?
    /// Position of each shard in the size order (``EjectScratch/bySize``, largest first).
    var rank: [Int32] = []
    /// Whether shard `s` may go to host `h` at all (in its reach and eligible): `shards × hosts`.
    var allowed: [Bool] = []
    /// Improving moves of the last pass: (shard, leaf) for shifts, (shard, shard) for swaps.
    var moves: [Int64] = []
    /// Whether each host holds one of the shards of the current prefix.
    var holdsPrefix: [Bool] = []
    /// Per resource, the problem and replica whose load weights are all ÷ 10 but that resource's
    /// (built when first needed).
    var emphasis: [(Problem, ProblemReplica)?] = []
    var schedule = DescentSchedule()
    /// Asked with the clock: true ends the search.
    var stop: (@Sendable () -> Bool)?
    /// Placements kept between the stages of the beam: (objective, leaves), cheapest first.
    var pool: [(Double, [Int32])] = []
}

/// How the descent search spends its time (see ``Chain/descend(from:began:deadline:schedule:stop:)``).
struct DescentSchedule {
    /// Placements carried from each stage (range) to the next, and each stage's share of the time. The
    /// first stage runs its width from the start, later ones continue each kept placement (the best
    /// twice). The winners kept 15, 8, 4 and 2; at this solver's speed one (run twice) does better on
    /// set A in 60 s (BENCHMARKS.md).
    var widths = [1, 1, 1, 1]
    var shares = [0.3, 0.27, 0.1, 0.17]
    /// Ranges the size order is cut into: the stages take the first ones, the best placement the rest.
    var ranges = 7
    /// Ejection trials per prefix (the winners made 300; each trial here prices every leaf for each
    /// shard moved out, without their caches, and fewer trials reach further in the time).
    var ejections = 20
}

extension Chain {
    /// The descent search of the ROADEF/EURO 2012 winners (Gavranović, Buljubašić and Demirović's
    /// variable neighbourhood search), on this chain's cost state.
    ///
    /// The shards are taken largest first in growing prefixes (5 % of them, then 4 % more at a time); at
    /// each prefix, ejection trials (``ejectTrial(big:leaf:strict:payFirst:)``) for a random shard of the
    /// prefix, then a descent by shifts and one by swaps among the prefix's shards, each applying improving
    /// moves drawn at random from all of them until none is left. Each range of prefixes is searched
    /// under the true objective and, in turn, under load costs that stress one resource (the others'
    /// weights ÷ 10, for the half of the resources whose load cost is farthest above its bound), each
    /// followed by a true descent. A beam carries the best few placements from range to range; the
    /// whole beam starts again from `start` while time is left.
    ///
    /// Only moves that add no hard violation are made (an ejection trial passes through overloaded
    /// hosts but is kept only feasible): start from a feasible placement. The best is recorded as usual.
    mutating func descend(
        from start: Placement, began: Double, deadline: Double, schedule: DescentSchedule,
        stop: (@Sendable () -> Bool)? = nil
    ) {
        let n = problem.shardCount
        guard n >= 1, problem.hostCount >= 2 else { return }
        prepareDescent()
        descent.stop = stop
        descent.schedule = schedule
        let total = Swift.max(1e-3, deadline - began)
        let rangeLength = (n + schedule.ranges - 1) / schedule.ranges
        var iterationTimes: [Double] = []
        while !timeUp(deadline) {
            let iterationStart = MonotonicClock.seconds()
            descent.pool = [(0, start.leaves)]
            var stage = 0
            var lower = 0
            while stage < schedule.widths.count && lower < n {
                let range = lower..<Swift.min(n, lower + rangeLength)
                let stageEnd = MonotonicClock.seconds() + schedule.shares[stage] * total
                let sources = descent.pool
                var next: [(Double, [Int32])] = []
                var runs = 0
                // The first stage runs its width from the start; later ones continue each kept placement
                // (the best twice).
                let plan: [Int] =
                    stage == 0
                    ? [Int](repeating: 0, count: schedule.widths[0])
                    : [0] + Array(sources.indices)
                for source in plan where source < sources.count {
                    if runs > 0 && MonotonicClock.seconds() >= stageEnd { break }
                    runs += 1
                    reset(to: Placement(leaves: sources[source].1))
                    let finished = descendWeighted(range, deadline: deadline)
                    if state.isFeasible {
                        keep(&next, width: schedule.widths[Swift.min(stage + 1, schedule.widths.count - 1)])
                    }
                    if !finished { return }
                }
                descent.pool = next.isEmpty ? sources : next
                stage += 1
                lower = range.upperBound
            }
            // The best placement through the remaining ranges.
            reset(to: Placement(leaves: descent.pool[0].1))
            while lower < n {
                let range = lower..<Swift.min(n, lower + rangeLength)
                if !descendWeighted(range, deadline: deadline) { return }
                lower = range.upperBound
            }
            iterationTimes.append(MonotonicClock.seconds() - iterationStart)
            let mean = iterationTimes.reduce(0, +) / Double(iterationTimes.count)
            if MonotonicClock.seconds() + mean > deadline {
                // No time for another beam: descend on from the best over the whole order.
                reset(to: best())
                while descendWeighted(0..<n, deadline: deadline) {}
                return
            }
        }
    }

    /// Adds the current placement to `pool` (at most `width`, cheapest first, no duplicates).
    private mutating func keep(_ pool: inout [(Double, [Int32])], width: Int) {
        let cost = state.terms.weightedTotal(weights)
        let leaves = state.leaf.array
        guard !pool.contains(where: { $0.0 == cost && $0.1 == leaves }) else { return }
        let at = pool.firstIndex { $0.0 > cost } ?? pool.count
        guard at < width else { return }
        pool.insert((cost, leaves), at: at)
        if pool.count > width { pool.removeLast() }
    }

    /// Replaces the current placement, keeping the best: it is materialized first, since the log of
    /// moves no longer leads back to it.
    mutating func reset(to placement: Placement, reweighted: (Problem, ProblemReplica)? = nil) {
        _ = best()
        state = CostState(
            replica: reweighted?.1 ?? descent.replica ?? state.r, problem: reweighted?.0 ?? problem,
            placement: placement)
    }

    /// Builds the size ranks, the allowed pairs and keeps the replica of the true weights.
    mutating func prepareDescent() {
        let n = problem.shardCount
        let hosts = problem.hostCount
        if eject.bySize.count != n { buildSizeOrder() }
        if descent.replica == nil { descent.replica = state.r }
        guard descent.rank.count != n else { return }
        descent.rank = [Int32](repeating: 0, count: n)
        for (i, s) in eject.bySize.enumerated() { descent.rank[Int(s)] = Int32(i) }
        descent.allowed = [Bool](repeating: false, count: n * hosts)
        for s in 0..<n {
            if state.r.reachRestricted[s] {
                for i in Int(state.r.reachStart[s])..<Int(state.r.reachStart[s + 1]) {
                    let h = state.r.reachHosts[i]
                    descent.allowed[s * hosts + Int(h)] = state.isEligible(s, h)
                }
            } else {
                for h in 0..<hosts { descent.allowed[s * hosts + h] = state.isEligible(s, Int32(h)) }
            }
        }
        descent.emphasis = [(Problem, ProblemReplica)?](repeating: nil, count: problem.resourceCount)
        descent.holdsPrefix = [Bool](repeating: false, count: hosts)
    }

    /// One range of the size order under the true objective, then, for each resource in turn (the half
    /// whose load cost is farthest above its bound), under load costs that stress that resource followed
    /// by the true objective again. Ends at the cheapest placement it saw. - Returns: false when the
    /// deadline passed.
    mutating func descendWeighted(_ range: Range<Int>, deadline: Double) -> Bool {
        let resources = resourcesByExcess()
        let rounds = problem.weights.load == 0 ? 0 : problem.resourceCount / 2
        var bestCost = Double.infinity
        var bestLeaves: [Int32] = []
        for k in 0...rounds {
            let finished = descendRange(range, deadline: deadline)
            let cost = state.terms.weightedTotal(weights)
            if state.isFeasible && cost < bestCost {
                bestCost = cost
                bestLeaves = state.leaf.array
            }
            if !finished || k == rounds || k >= resources.count { break }
            // From the cheapest placement of this call, under the stressed weights (no best recorded there).
            let r = resources[k]
            if descent.emphasis[r] == nil {
                var stressed = problem
                for q in 0..<problem.resourceCount where q != r { stressed.loadWeight[q] /= 10 }
                descent.emphasis[r] = (stressed, ProblemReplica(stressed))
            }
            reset(to: Placement(leaves: bestLeaves), reweighted: descent.emphasis[r])
            recording = false
            let done = descendRange(range, deadline: deadline)
            recording = true
            reset(to: state.placement)
            recordIfBest()
            if !done { break }
        }
        if !bestLeaves.isEmpty && state.terms.weightedTotal(weights) > bestCost {
            reset(to: Placement(leaves: bestLeaves))
        }
        return !timeUp(deadline)
    }

    /// The resources ordered by how far their load cost is above its bound (the load over the total
    /// safety capacity), farthest first; those without load weight are left out.
    private func resourcesByExcess() -> [Int] {
        let p = problem
        let r = state.r
        var excess: [(Double, Int)] = []
        for q in 0..<p.resourceCount where p.loadWeight[q] > 0 {
            var cost = 0.0
            var used = 0.0
            var safe = 0.0
            for h in 0..<p.hostCount {
                let u = state.usage[h * r.stride + q]
                let s = r.safety[h * r.stride + q]
                cost += Swift.max(0, u - s)
                used += u
                safe += s
            }
            excess.append((p.loadWeight[q] * (cost - Swift.max(0, used - safe)), q))
        }
        return excess.sorted { $0.0 > $1.0 }.map(\.1)
    }

    /// Ejection trials, shifts and swaps over growing prefixes of the size order ending in `range`.
    /// - Returns: false when the deadline passed.
    mutating func descendRange(_ range: Range<Int>, deadline: Double) -> Bool {
        let n = problem.shardCount
        let first = Swift.max(1, n / 20)
        let step = Swift.max(1, n / 25)
        var ends: [Int] = []
        var end = first
        while end < range.upperBound {
            if end >= range.lowerBound { ends.append(end) }
            end += step
        }
        if ends.isEmpty || range.upperBound == n { ends.append(range.upperBound) }
        for prefix in ends {
            guard descendEjections(trials: descent.schedule.ejections, prefix: prefix, deadline: deadline),
                descendShifts(prefix: prefix, deadline: deadline),
                descendSwaps(prefix: prefix, deadline: deadline)
            else { return false }
        }
        return true
    }

    /// Whether the deadline (monotonic seconds) passed or the caller asked to stop.
    private func timeUp(_ deadline: Double) -> Bool {
        MonotonicClock.seconds() >= deadline || (descent.stop?() ?? false)
    }

    /// Whether a delta lowers the objective and adds no hard violation.
    @inline(__always)
    private func improves(_ d: CostTerms) -> Bool {
        addsNoViolation(d) && d.weightedTotal(weights) < -threshold()
    }

    /// Takes a random move off the list (its two numbers: shard and leaf, or two shards); `nil` when empty.
    private mutating func drawListedMove() -> (Int, Int)? {
        guard !descent.moves.isEmpty else { return nil }
        let k = rng.next(below: descent.moves.count)
        let move = descent.moves[k]
        descent.moves.swapAt(k, descent.moves.count - 1)
        descent.moves.removeLast()
        return (Int(move >> 32), Int(move & 0xFFFF_FFFF))
    }

    /// Descent by shifts of the `prefix` largest shards: every improving shift that adds no hard violation
    /// is listed; one drawn at random is priced again and made if it still improves, until the list is
    /// empty; then the list is made again. Ends at a local optimum (a list comes out empty).
    /// - Returns: false when the deadline passed.
    mutating func descendShifts(prefix: Int, deadline: Double) -> Bool {
        let hosts = problem.hostCount
        var made = 0
        for _ in 0..<1000 {
            descent.moves.removeAll(keepingCapacity: true)
            for i in 0..<prefix {
                let s = Int(eject.bySize[i])
                let from = state.leaf(of: s)
                guard from >= 0 else { continue }
                let home = Int(state.r.leafHost[from])
                for h in 0..<hosts where h != home && descent.allowed[s * hosts + h] && state.fits(s, host: h) {
                    for leaf in Int(state.r.hostLeafStart[h])..<Int(state.r.hostLeafStart[h + 1]) {
                        moves &+= 1
                        if improves(state.shiftDelta(s, to: leaf)) {
                            descent.moves.append(Int64(s) << 32 | Int64(leaf))
                        }
                    }
                }
                if i & 15 == 15 && timeUp(deadline) { return false }
            }
            if descent.moves.isEmpty { return true }
            while let (s, leaf) = drawListedMove() {
                let from = state.leaf(of: s)
                guard leaf != from else { continue }
                let d = state.shiftDelta(s, to: leaf)
                guard improves(d) else { continue }
                state.applyShift(s, to: leaf, delta: d)
                logMove(s, from)
                recordIfBest()
                made += 1
                if made >= 100_000 { return true }
            }
        }
        return true
    }

    /// Descent by swaps among the `prefix` largest shards (pairs on different hosts), as
    /// ``descendShifts(prefix:deadline:)`` does with shifts. - Returns: false when the deadline passed.
    mutating func descendSwaps(prefix: Int, deadline: Double) -> Bool {
        let hosts = problem.hostCount
        var made = 0
        for _ in 0..<1000 {
            descent.moves.removeAll(keepingCapacity: true)
            for i in 0..<prefix {
                let a = Int(eject.bySize[i])
                let la = state.leaf(of: a)
                guard la >= 0 else { continue }
                let ha = Int(state.r.leafHost[la])
                for j in (i + 1)..<prefix {
                    let b = Int(eject.bySize[j])
                    let lb = state.leaf(of: b)
                    guard lb >= 0 else { continue }
                    let hb = Int(state.r.leafHost[lb])
                    guard ha != hb, descent.allowed[a * hosts + hb], descent.allowed[b * hosts + ha],
                        state.fits(a, host: hb, leaving: b), state.fits(b, host: ha, leaving: a)
                    else { continue }
                    moves &+= 2
                    guard improves(state.swapDelta(a, b)) else { continue }
                    descent.moves.append(Int64(a) << 32 | Int64(b))
                }
                if i & 7 == 7 && timeUp(deadline) { return false }
            }
            if descent.moves.isEmpty { return true }
            while let (a, b) = drawListedMove() {
                let la = state.leaf(of: a)
                let lb = state.leaf(of: b)
                guard state.r.leafHost[la] != state.r.leafHost[lb], improves(state.swapDelta(a, b)) else { continue }
                state.swap(a, b)
                logMove(a, la)
                logMove(b, lb)
                recordIfBest()
                made += 1
                if made >= 100_000 { return true }
            }
        }
        return true
    }

    /// Ejection trials: `trials` times, a random shard of the `prefix` largest is tried on the other hosts
    /// that hold a shard of the prefix (from a random one on, at most 100) until a trial is kept. A host
    /// where the shard would break a constraint other than capacity is skipped without a trial.
    /// - Returns: false when the deadline passed.
    mutating func descendEjections(trials: Int, prefix: Int, deadline: Double) -> Bool {
        let n = problem.shardCount
        let hosts = problem.hostCount
        for _ in 0..<trials {
            if timeUp(deadline) { return false }
            let big = Int(eject.bySize[rng.next(below: prefix)])
            let from = state.leaf(of: big)
            guard from >= 0, state.isFeasible else { continue }
            let home = Int(state.r.leafHost[from])
            for h in 0..<hosts { descent.holdsPrefix[h] = false }
            for s in 0..<n where descent.rank[s] < prefix {
                let l = state.leaf(of: s)
                if l >= 0 { descent.holdsPrefix[Int(state.r.leafHost[l])] = true }
            }
            let offset = rng.next(below: hosts)
            var tried = 0
            for k in 0..<hosts {
                let h = (offset + k) % hosts
                guard h != home, descent.allowed[big * hosts + h], descent.holdsPrefix[h] else { continue }
                let low = Int(state.r.hostLeafStart[h])
                let leaf = low + rng.next(below: Int(state.r.hostLeafStart[h + 1]) - low)
                let d = state.shiftDelta(big, to: leaf)
                guard d.antiAffinity <= 0, d.spread <= 0, d.dependency <= 0, d.placementRules <= 0 else { continue }
                tried += 1
                let trial = ejectTrial(big: big, leaf: leaf, strict: true, payFirst: true)
                moves &+= trial.evaluations
                if trial.kept || tried >= 100 { break }
            }
        }
        return true
    }
}

extension CostState {
    /// Whether shard `s` (not on host `h`) would fit there within the host's hard capacity, its
    /// transient holds included (a shard going home frees its own hold there). Host rows only: capacities
    /// of nodes inside the host are left to the delta. A cheap filter before pricing a move: where it
    /// says no, the move's delta adds capacity or transient violation.
    @inline(__always)
    func fits(_ s: Int, host h: Int) -> Bool { fits(s, host: h, leaving: -1) }

    /// ``fits(_:host:)`` if shard `t` (on `h`; −1 for none) left the host at the same time: one side of
    /// a swap.
    @inline(__always)
    func fits(_ s: Int, host h: Int, leaving t: Int) -> Bool {
        let base = h &* r.stride
        let row = s &* r.stride
        let home = Int(r.initialHost[s]) == h
        let outHome = t >= 0 && Int(r.initialHost[t]) == h
        for c in 0..<r.chunks {
            let o = c &* 4
            let d = r.demand.simd4(at: row &+ o) as SIMD4<Double>
            let e = t >= 0 ? r.demand.simd4(at: t &* r.stride &+ o) as SIMD4<Double> : SIMD4<Double>()
            var held = hold.simd4(at: base &+ o) as SIMD4<Double>
            if home { held -= d }
            if outHome { held += e }
            let need =
                (usage.simd4(at: base &+ o) as SIMD4<Double>) + d - e + (r.transientMask.simd4(at: o) as SIMD4<Double>)
                * held
            if any(need .> (r.capacity.simd4(at: base &+ o) as SIMD4<Double>) + 1e-7) { return false }
        }
        return true
    }
}
