/// Scratch space of the descent search, allocated once per chain.
struct DescentScratch {
    /// The replica the chain was built on (the true weights).
    var replica: ProblemReplica?
    /// Whether shard `s` may go to host `h` at all (in its reach and eligible): `shards × hosts`.
    var allowed: [Bool] = []
    /// The same pairs as lists: shard `s` may go to hosts `allowedHosts[allowedStart[s]..<allowedStart[s + 1]]`.
    var allowedStart: [Int32] = []
    var allowedHosts: [Int32] = []
    /// The shards of the current prefix by host, as size ranks (ascending): host `h` holds ranks
    /// `prefixRanks[prefixStart[h]..<prefixStart[h + 1]]`.
    var prefixStart: [Int32] = []
    var prefixRanks: [Int32] = []
    /// Improving moves of the last pass: (shard, leaf) for shifts, (shard, shard) for swaps.
    var moves: [Int64] = []
    /// Hosts a move touched since the last list of improving moves was made (see
    /// ``Chain/descendSwaps(prefix:deadline:)``).
    var dirty: [Bool] = []
    /// Per resource, the problem and replica whose load weights are all ÷ 10 but that resource's
    /// (built when first needed).
    var emphasis: [(Problem, ProblemReplica)?] = []
    var schedule = DescentSchedule()
    /// Asked with the clock: true ends the search.
    var stop: (@Sendable () -> Bool)?
    /// Placements kept between the stages of the beam: (objective, leaves), cheapest first.
    var pool: [(Double, [Int32])] = []
    /// Prices a shard's shifts to every host at once where the problem allows (``ShiftScan``): a list
    /// of improving shifts then prices one by one only the hosts the scan finds improving.
    var scan: ShiftScan?
    var scanPrepared = false
    /// The largest distance between two leaves (the scale of the scan's traffic rounding).
    var maximumDistance = 0.0
}

/// How the descent search spends its time (see ``Chain/descend(from:began:deadline:schedule:stop:)``).
struct DescentSchedule {
    /// Placements carried from each stage (range) to the next, and each stage's share of the time. The
    /// first stage runs its width from the start, later ones continue each kept placement (the best
    /// twice). The winners kept 15, 8, 4 and 2 (``init(seconds:wide:)``); one (run twice) is the
    /// narrow beam of short searches.
    var widths = [1, 1, 1, 1]
    var shares = [0.3, 0.27, 0.1, 0.17]
    /// Ranges the size order is cut into: the stages take the first ones, the best placement the rest.
    var ranges = 7
    /// Ejection trials per prefix (the winners made 300: the wide beam's; the narrow beam makes 20).
    var ejections = 20
    /// The most resources stressed in turn after each range (the half of them farthest above their bound,
    /// at most this many). The winners stressed half of them: six on set A's a2 instances (12 resources),
    /// which there do better than three (BENCHMARKS.md).
    var stressed = 6

    /// The default schedule.
    init() {}

    /// The schedule for a search of `seconds` (or as `wide` says): the default under ``longSearch``
    /// seconds, the winners' beam (15, 8, 4, 2 kept) with 300 ejection trials per prefix from there on.
    /// On set A the wide beam does better in 60 s on every a2 instance tried, and mixed in 30 s (better
    /// on a2_2 and a2_5, worse on a2_4): BENCHMARKS.md.
    init(seconds: Double, wide: Bool? = nil) {
        if wide ?? (seconds >= Self.longSearch) {
            widths = [15, 8, 4, 2]
            ejections = 300
        }
    }

    /// The shortest search, in seconds, given the winners' beam.
    static let longSearch = 45.0
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
    /// weights ÷ 10, for the half of the resources whose load cost is farthest above its bound, at most
    /// ``DescentSchedule/stressed``), each followed by a true descent. A beam carries the best few
    /// placements from range to range; the whole beam starts again from `start` while time is left.
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
        // Every change below goes through the descent's own moves, which stamp their hosts.
        if n * problem.hostCount <= ArrivalCache.maximumEntries {
            eject.arrivals.enable(shards: n, hosts: problem.hostCount)
        }
        defer { eject.arrivals.enabled = false }
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

    /// Notes that a move of the descent changed host `h`: it is listed again and its arrival entries
    /// (``ArrivalCache``) are stale.
    @inline(__always)
    private mutating func touched(_ h: Int) {
        descent.dirty[h] = true
        if eject.arrivals.enabled { eject.arrivals.touch(h) }
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
        if eject.arrivals.enabled { eject.arrivals.invalidateAll() }
        for h in descent.dirty.indices { descent.dirty[h] = true }
    }

    /// Builds the size order, the allowed pairs and keeps the replica of the true weights.
    mutating func prepareDescent() {
        let n = problem.shardCount
        let hosts = problem.hostCount
        if eject.bySize.count != n { buildSizeOrder() }
        if descent.replica == nil { descent.replica = state.r }
        guard descent.allowedStart.count != n + 1 else { return }
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
        descent.allowedStart = [Int32](repeating: 0, count: n + 1)
        descent.allowedHosts.removeAll()
        for s in 0..<n {
            for h in 0..<hosts where descent.allowed[s * hosts + h] { descent.allowedHosts.append(Int32(h)) }
            descent.allowedStart[s + 1] = Int32(descent.allowedHosts.count)
        }
        descent.prefixStart = [Int32](repeating: 0, count: hosts + 1)
        descent.prefixRanks = [Int32](repeating: 0, count: n)
        descent.emphasis = [(Problem, ProblemReplica)?](repeating: nil, count: problem.resourceCount)
        descent.dirty = [Bool](repeating: false, count: hosts)
        prepareScan()
    }

    /// Builds the chain's ``ShiftScan`` once, where its state can be scanned.
    mutating func prepareScan() {
        guard !descent.scanPrepared else { return }
        descent.scanPrepared = true
        let scan = ShiftScan(problem)
        descent.scan = state.scans(with: scan) ? scan : nil
        descent.maximumDistance = Double(problem.distanceCosts.max() ?? 0)
    }

    /// Scans placed shard `s`'s shifts to every host into `descent.scan` (``CostState/scanShifts(_:weights:lambda:into:)``,
    /// the chain's weights and penalties) where the chain scans; returns the slack: a host whose scanned
    /// value is at least `x + slack + 1e-8 × |value|` costs more than `x` priced exactly (the scan sums
    /// the terms in another order and the traffic in `Double`). `departure` is the shard's
    /// ``CostState/departureDelta(_:)``: the terms a scanned value sums are about as large as it.
    mutating func scanShifts(of s: Int, departure: CostTerms) -> Double? {
        prepareScan()
        guard let scan = descent.scan else { return nil }
        state.scanShifts(s, weights: weights, lambda: penalty.lambda, into: scan)
        var volume = 0.0
        for e in Int(state.r.trafficStart[s])..<Int(state.r.trafficStart[s + 1]) {
            volume += Double(state.r.trafficVolume[e])
        }
        return 1e-8 * (1 + abs(penalty.objective(departure, weights)))
            + 1e-5 * weights.traffic * volume * descent.maximumDistance
    }

    /// One range of the size order under the true objective, then, for each resource in turn (the half
    /// whose load cost is farthest above its bound, at most ``DescentSchedule/stressed``), under load
    /// costs that stress that resource followed by the true objective again. Ends at the cheapest
    /// placement it saw. - Returns: false when the deadline passed.
    mutating func descendWeighted(_ range: Range<Int>, deadline: Double) -> Bool {
        let resources = resourcesByExcess()
        let rounds = problem.weights.load == 0 ? 0 : Swift.min(descent.schedule.stressed, problem.resourceCount / 2)
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
    /// empty; then the list is made again, from the shifts with a host a move touched since (then from
    /// all once more when those give none, as ``descendSwaps(prefix:deadline:)`` does). Ends at a local
    /// optimum (a list of all shifts comes out empty). - Returns: false when the deadline passed.
    mutating func descendShifts(prefix: Int, deadline: Double) -> Bool {
        var made = 0
        var full = true
        for _ in 0..<1000 {
            descent.moves.removeAll(keepingCapacity: true)
            for i in 0..<prefix {
                let s = Int(eject.bySize[i])
                let from = state.leaf(of: s)
                guard from >= 0 else { continue }
                let home = Int(state.r.leafHost[from])
                let everyHost = full || descent.dirty[home]
                let departure = state.departureDelta(s)
                // With every host to list, one scan prices them all; a host whose scanned value is not
                // below what an improving shift has (its penalised value is under -threshold plus the
                // hard terms' rounding allowance) is passed over.
                var cutoff = Double.infinity
                var slack = 0.0
                if everyHost, let scanned = scanShifts(of: s, departure: departure) {
                    cutoff = -threshold() + penalty.lambda.sum() * CostState.feasibilityTolerance
                    slack = scanned
                }
                for k in Int(descent.allowedStart[s])..<Int(descent.allowedStart[s + 1]) {
                    let h = Int(descent.allowedHosts[k])
                    guard h != home, everyHost || descent.dirty[h] else { continue }
                    if cutoff < .infinity {
                        let value = descent.scan.unsafelyUnwrapped.value(atHost: h)
                        if value >= cutoff + slack + 1e-8 * abs(value) {
                            moves &+= 1
                            continue
                        }
                    }
                    let (fits, part) = fittingArrival(s, host: h)
                    guard fits else { continue }
                    let arrival = part?.terms
                    for leaf in Int(state.r.hostLeafStart[h])..<Int(state.r.hostLeafStart[h + 1]) {
                        moves &+= 1
                        if improves(state.shiftDelta(s, to: leaf, departure: departure, arrival: arrival)) {
                            descent.moves.append(Int64(s) << 32 | Int64(leaf))
                        }
                    }
                }
                if i & 15 == 15 && timeUp(deadline) { return false }
            }
            switch listed(full: &full) {
            case .localOptimum: return true
            case .listAll: continue
            case .apply: break
            }
            while let (s, leaf) = drawListedMove() {
                let from = state.leaf(of: s)
                guard leaf != from else { continue }
                let d = state.shiftDelta(s, to: leaf)
                guard improves(d) else { continue }
                state.applyShift(s, to: leaf, delta: d)
                logMove(s, from)
                touched(Int(state.r.leafHost[from]))
                touched(Int(state.r.leafHost[leaf]))
                recordIfBest()
                made += 1
                if made >= 100_000 { return true }
            }
        }
        return true
    }

    /// Descent by swaps among the `prefix` largest shards (pairs on different hosts), as
    /// ``descendShifts(prefix:deadline:)`` does with shifts. The list is made again only from the pairs
    /// with a host that a move since the last list touched (the others' host terms are as they were);
    /// when that finds nothing, from all pairs once more, so that the descent ends at a true local
    /// optimum (group terms, such as a group's spread or largest move count, can change a pair's value
    /// without a move on its hosts). - Returns: false when the deadline passed.
    mutating func descendSwaps(prefix: Int, deadline: Double) -> Bool {
        let hosts = problem.hostCount
        var made = 0
        var full = true
        for _ in 0..<1000 {
            descent.moves.removeAll(keepingCapacity: true)
            listPrefixByHost(prefix)
            for i in 0..<prefix {
                let a = Int(eject.bySize[i])
                let la = state.leaf(of: a)
                guard la >= 0 else { continue }
                let ha = Int(state.r.leafHost[la])
                let everyPair = full || descent.dirty[ha]
                // Each pair once: the partner is later in the size order, on a host `a` may go to.
                for k in Int(descent.allowedStart[a])..<Int(descent.allowedStart[a + 1]) {
                    let hb = Int(descent.allowedHosts[k])
                    guard hb != ha, everyPair || descent.dirty[hb] else { continue }
                    var m = Int(descent.prefixStart[hb + 1]) - 1
                    while m >= Int(descent.prefixStart[hb]) {
                        let j = Int(descent.prefixRanks[m])
                        if j <= i { break }
                        m -= 1
                        let b = Int(eject.bySize[j])
                        guard descent.allowed[b * hosts + ha], state.mayExchange(a, ha, b, hb),
                            state.fits(a, host: hb, leaving: b), state.fits(b, host: ha, leaving: a)
                        else { continue }
                        moves &+= 2
                        guard improves(state.swapDelta(a, b)) else { continue }
                        descent.moves.append(Int64(a) << 32 | Int64(b))
                    }
                }
                if i & 7 == 7 && timeUp(deadline) { return false }
            }
            switch listed(full: &full) {
            case .localOptimum: return true
            case .listAll: continue
            case .apply: break
            }
            while let (a, b) = drawListedMove() {
                let la = state.leaf(of: a)
                let lb = state.leaf(of: b)
                let ha = Int(state.r.leafHost[la])
                let hb = Int(state.r.leafHost[lb])
                guard ha != hb, improves(state.swapDelta(a, b)) else { continue }
                state.swap(a, b)
                logMove(a, la)
                logMove(b, lb)
                touched(ha)
                touched(hb)
                recordIfBest()
                made += 1
                if made >= 100_000 { return true }
            }
        }
        return true
    }

    /// What a descent does after making its list of improving moves.
    private enum Listed { case localOptimum, listAll, apply }

    /// After a list of improving moves was made (from all moves when `full`, else from those touching a
    /// changed host): forgets the changed hosts; a list of all moves that came out empty is a local
    /// optimum, an empty partial one calls for a list of all moves next, and any other is applied (the
    /// next list being partial).
    private mutating func listed(full: inout Bool) -> Listed {
        for h in descent.dirty.indices { descent.dirty[h] = false }
        if descent.moves.isEmpty {
            if full { return .localOptimum }
            full = true
            return .listAll
        }
        full = false
        return .apply
    }

    /// Lists the shards of the `prefix` largest by host (``DescentScratch/prefixRanks``), ranks ascending:
    /// a counting sort, filled backwards from each host's end.
    private mutating func listPrefixByHost(_ prefix: Int) {
        let hosts = problem.hostCount
        for h in 0...hosts { descent.prefixStart[h] = 0 }
        for i in 0..<prefix {
            let l = state.leaf(of: Int(eject.bySize[i]))
            if l >= 0 { descent.prefixStart[Int(state.r.leafHost[l])] += 1 }
        }
        for h in 1..<hosts { descent.prefixStart[h] += descent.prefixStart[h - 1] }
        descent.prefixStart[hosts] = descent.prefixStart[hosts - 1]
        for i in stride(from: prefix - 1, through: 0, by: -1) {
            let l = state.leaf(of: Int(eject.bySize[i]))
            guard l >= 0 else { continue }
            let h = Int(state.r.leafHost[l])
            descent.prefixStart[h] -= 1
            descent.prefixRanks[Int(descent.prefixStart[h])] = Int32(i)
        }
    }

    /// Ejection trials: `trials` times, a random shard of the `prefix` largest is tried on the other hosts
    /// that hold a shard of the prefix (from a random one on, at most 100) until a trial is kept. A host
    /// where the shard would break a constraint other than capacity is skipped without a trial.
    /// - Returns: false when the deadline passed.
    mutating func descendEjections(trials: Int, prefix: Int, deadline: Double) -> Bool {
        let hosts = problem.hostCount
        // The hosts holding a prefix shard change only when a trial is kept.
        listPrefixByHost(prefix)
        for _ in 0..<trials {
            if timeUp(deadline) { return false }
            let big = Int(eject.bySize[rng.next(below: prefix)])
            let from = state.leaf(of: big)
            guard from >= 0, state.isFeasible else { continue }
            let home = Int(state.r.leafHost[from])
            let offset = rng.next(below: hosts)
            var tried = 0
            for k in 0..<hosts {
                let h = (offset + k) % hosts
                guard h != home, descent.allowed[big * hosts + h], descent.prefixStart[h + 1] > descent.prefixStart[h]
                else { continue }
                let low = Int(state.r.hostLeafStart[h])
                let leaf = low + rng.next(below: Int(state.r.hostLeafStart[h + 1]) - low)
                let d = state.shiftDelta(big, to: leaf)
                guard d.antiAffinity <= 0, d.spread <= 0, d.dependency <= 0, d.placementRules <= 0 else { continue }
                tried += 1
                let trial = ejectTrial(big: big, leaf: leaf, strict: true, payFirst: true)
                moves &+= trial.evaluations
                if trial.kept { listPrefixByHost(prefix) }
                if trial.kept || tried >= 100 { break }
            }
        }
        return true
    }
}

extension CostState {
    /// Whether shards `a` (on host `ha`) and `b` (on `hb`) could exchange hosts within both hosts' hard
    /// capacities, transient holds left out: a necessary condition of ``fits(_:host:leaving:)`` both ways
    /// (a hold only adds to a host's use), and half its work.
    @inline(__always)
    func mayExchange(_ a: Int, _ ha: Int, _ b: Int, _ hb: Int) -> Bool {
        let baseA = ha &* r.stride
        let baseB = hb &* r.stride
        for c in 0..<r.chunks {
            let o = c &* 4
            let move =
                (r.demand.simd4(at: a &* r.stride &+ o) as SIMD4<Double>)
                - (r.demand.simd4(at: b &* r.stride &+ o) as SIMD4<Double>)
            let intoB = (usage.simd4(at: baseB &+ o) as SIMD4<Double>) + move
            let intoA = (usage.simd4(at: baseA &+ o) as SIMD4<Double>) - move
            if any(intoB .> (r.capacity.simd4(at: baseB &+ o) as SIMD4<Double>) + 1e-7)
                || any(intoA .> (r.capacity.simd4(at: baseA &+ o) as SIMD4<Double>) + 1e-7)
            {
                return false
            }
        }
        return true
    }

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
