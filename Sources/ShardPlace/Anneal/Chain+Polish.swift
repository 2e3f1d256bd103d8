extension Chain {
    /// What a polish did.
    struct PolishReport {
        var shifts = 0
        var swaps = 0
        /// Compounds of the return search kept.
        var returns = 0
        var evaluations = 0
        /// Whether it ended at a local optimum (a full pass of every neighbourhood found nothing), rather
        /// than at the deadline or the evaluation budget.
        var complete = false
    }

    /// Exhaustive descent from the current state: every shard to every leaf it may take (the best of them
    /// when it improves), then every pair of shards on different hosts exchanged, then — where moves
    /// cost something — moved shards sent home with compensating shifts (``returnSearch(sideways:spend:)``,
    /// a few sideways passes when nothing pays), repeated until a full pass improves nothing — or the
    /// deadline (monotonic seconds) or the evaluation budget ends it.
    ///
    /// The annealer samples its moves, so its result can miss a single improving shift or swap, which
    /// on a small instance costs little to find by trying them all. A move counts when it lowers the
    /// penalised objective and, from a feasible state, adds no hard violation; a swap is priced exactly
    /// (the second shard's delta is taken with the first one moved). The best is recorded as usual.
    mutating func polish(deadline: Double?, budget: Int) -> PolishReport {
        var report = PolishReport()
        let n = problem.shardCount
        guard n > 0 else {
            report.complete = true
            return report
        }
        var countdown = 256
        let tracksMoves = weights.migration > 0 || weights.groupMoves > 0 || weights.hostMoves > 0
        var sidewaysLeft = 12
        /// Spends `k` evaluations; false when the budget or the deadline is spent.
        func spend(_ k: Int) -> Bool {
            report.evaluations &+= k
            if report.evaluations >= budget { return false }
            countdown &-= k
            if countdown <= 0 {
                countdown = 256
                if let deadline, MonotonicClock.seconds() >= deadline { return false }
            }
            return true
        }
        while true {
            var improved = false
            // Shifts: the best leaf of each shard in turn.
            for s in 0..<n {
                let from = state.leaf(of: s)
                guard from >= 0 else { continue }
                let feasible = state.isFeasible
                var best = -threshold()
                var bestLeaf = -1
                var bestDelta = CostTerms()
                var stop = false
                // Where the chain scans, one scan prices every host: only a host whose scanned value may
                // beat the best so far is priced exactly.
                let slack = scanShifts(of: s, departure: state.departureDelta(s))
                let scan = descent.scan
                forEachLeaf(of: s) { leaf in
                    guard leaf != from, !stop else { return }
                    if let slack, let scan {
                        // At host depth a leaf is its host.
                        let value = scan.value(atHost: leaf)
                        if value >= best + slack + 1e-8 * abs(value) {
                            if !spend(1) { stop = true }
                            return
                        }
                    }
                    let d = state.shiftDelta(s, to: leaf)
                    if !spend(1) { stop = true }
                    let value = penalty.objective(d, weights)
                    if value < best && (!feasible || addsNoViolation(d)) {
                        best = value
                        bestLeaf = leaf
                        bestDelta = d
                    }
                }
                if bestLeaf >= 0 {
                    state.applyShift(s, to: bestLeaf, delta: bestDelta)
                    logMove(s, from)
                    recordIfBest()
                    report.shifts &+= 1
                    improved = true
                }
                if stop { return report }
            }
            // Swaps: every pair on different hosts.
            for a in 0..<n {
                for b in (a &+ 1)..<n {
                    let la = state.leaf(of: a)
                    let lb = state.leaf(of: b)
                    guard la >= 0, lb >= 0 else { continue }
                    let ha = state.r.leafHost[la]
                    let hb = state.r.leafHost[lb]
                    guard ha != hb, state.isEligible(a, hb), state.isEligible(b, ha) else { continue }
                    let feasible = state.isFeasible
                    // From a feasible state, a swap past either host's capacity is never kept.
                    if feasible && !state.mayExchange(a, Int(ha), b, Int(hb)) { continue }
                    let saved = state.terms
                    // Priced on the stored state where it can be (nothing to undo), else by applying `a`'s half.
                    let inPlace = state.pricesSwapInPlace(a, b)
                    let d1 = state.shiftDelta(a, to: lb)
                    if !inPlace { state.applyShift(a, to: lb, delta: d1) }
                    let d2 = inPlace ? state.swapSecondHalf(a, b) : state.shiftDelta(b, to: la)
                    let total = d1 + d2
                    let keep = penalty.objective(total, weights) < -threshold() && (!feasible || addsNoViolation(total))
                    if keep {
                        if inPlace { state.applyShift(a, to: lb, delta: d1) }
                        state.applyShift(b, to: la, delta: d2)
                        logMove(a, la)
                        logMove(b, lb)
                        recordIfBest()
                        report.swaps &+= 1
                        improved = true
                    } else if !inPlace {
                        state.applyShift(a, to: la, delta: CostTerms())
                        state.terms = saved
                    }
                    if !spend(2) { return report }
                }
            }
            // Moved shards sent home with compensating shifts, when both passes above found nothing
            // (they are cheaper), for as long as that pays.
            if !improved && tracksMoves {
                while true {
                    let (kept, stopped) = returnSearch(spend: spend)
                    if kept {
                        report.returns &+= 1
                        improved = true
                    }
                    if stopped { return report }
                    if !kept { break }
                }
                if !improved && sidewaysLeft > 0 {
                    sidewaysLeft -= 1
                    let (kept, stopped) = returnSearch(sideways: true, spend: spend)
                    if stopped { return report }
                    improved = kept
                }
            }
            if !improved {
                report.complete = true
                return report
            }
        }
    }

    /// The least improvement that counts: above the rounding of the summed terms.
    func threshold() -> Double {
        1e-9 * Swift.max(1, abs(state.terms.weightedTotal(weights)))
    }

    /// Whether a delta raises no hard term (beyond rounding).
    @inline(__always)
    func addsNoViolation(_ d: CostTerms) -> Bool {
        all(d.hard .<= SIMD8(repeating: CostState.feasibilityTolerance))
    }

    /// Calls `body` with every leaf shard `s` may take (the leaves of the hosts in its reach, or every leaf).
    @inline(__always)
    func forEachLeaf(of s: Int, _ body: (Int) -> Void) {
        if state.r.reachRestricted[s] {
            for i in Int(state.r.reachStart[s])..<Int(state.r.reachStart[s &+ 1]) {
                let h = Int(state.r.reachHosts[i])
                for leaf in Int(state.r.hostLeafStart[h])..<Int(state.r.hostLeafStart[h &+ 1]) { body(leaf) }
            }
        } else {
            for leaf in 0..<state.r.leafCount { body(leaf) }
        }
    }
}
