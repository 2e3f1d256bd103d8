import Foundation

/// One annealing chain: its own cost state, generator, penalty weights and temperature schedule, and
/// the best feasible placement it has seen (kept as "current minus an undo log" so that improving
/// the best costs nothing).
struct Chain: ~Copyable {
    var state: CostState
    var rng: SplitMix64
    var penalty: Penalty
    let weights: Policy.Weights
    let problem: Problem
    /// Start and end temperature of the geometric schedule.
    var t0: Double
    var tEnd: Double
    var temperature: Double

    /// Best feasible objective (soft, weighted) and whether one was seen.
    var bestCost = Double.infinity
    var bestViolation = Double.infinity
    /// Moves since the best, as (shard, previous leaf), when the best is "current minus log".
    private var log: [Int64]
    private let logLimit: Int
    /// The best as a materialized array, when the log overflowed (or the best is infeasible).
    private var snapshot: [Int32]
    private var bestIsSnapshot = false
    private var bestSeen = false

    var moves = 0
    var accepted = 0
    /// Shift and swap proposals rejected on their lower bound (``rejectsOnBound(_:to:)``) and
    /// targeted-move candidates passed over on it (``losesOnBound(_:to:best:)``): moves decided without
    /// pricing.
    var decidedOnBound = 0
    /// Whether shift and swap proposals are first checked against their lower bound (off: every one is
    /// priced; the chain's course is the same either way).
    var boundRejection = true
    /// Bounds taken and bounds that decided their move since the last check, and proposals left before
    /// the bounds are taken again (``noteBoundTry(_:)``).
    private var boundTries = 0
    private var boundHits = 0
    private var boundPause = 0
    /// Hosts of each domain, per constraint key (CSR over key-major domain ids): where a shard can go to
    /// join the group it depends on.
    private let domainHostStart: [[Int32]]
    /// Shards found breaking a constraint at the last scan (refreshed while the state is infeasible), so
    /// that repairs find the few culprits among millions of shards.
    private var suspects: [Int32] = []
    private var movesSinceScan = 0
    private let domainHosts: [[Int32]]
    /// Scratch space of ``repackMove(hosts:shards:budget:)``.
    var repack = RepackScratch()
    /// Scratch space of ``ejectMove(strict:)``.
    var eject = EjectScratch()
    /// Scratch space of the descent search (``descend(from:began:deadline:schedule:stop:)``).
    var descent = DescentScratch()
    /// Scratch space of the return search (``returnSearch(sideways:spend:)``).
    var returns = ReturnScratch()
    /// Whether a better state is recorded as the best: off while the descent searches under reweighted
    /// load costs (the moves are still logged, so the best stays "current minus log").
    var recording = true
    /// Probability of an ejection move; in a repack descent chain, the share of its moves.
    var ejectRate = 0.0
    /// Probability of a repack move; 1 makes this chain a repack descent (half its moves while
    /// infeasible).
    var repackRate = 0.0
    /// Whether used offer hosts carry a fixed charge: then half the shifts go to a host already in use,
    /// and a small share of the moves empty a lightly used offer host at once (``evacuateMove()``).
    let consolidate: Bool
    /// Moves whose uniform draw is at or above this empty a host (1: never).
    private let evacuateFrom: Double
    /// The shards being moved off a host and the leaves they left (reused; no allocation per move).
    private var evacuees: [Int32] = []
    private var evacueeLeaves: [Int32] = []
    /// The most shards an evacuation moves.
    static let evacuateLimit = 24
    /// Shift proposals drawn ahead (shard −1: none), so that their memory is fetched while the moves
    /// before them are priced: `ahead0` is the next one and has had all three prefetch stages (see
    /// ``CostState/prefetchShift(_:to:)``), `ahead1` two, `ahead2` one. A proposal whose lower bound
    /// already rejects it at the second stage (`hopeless`) gets no more: the bound is likely to reject
    /// it again when its turn comes, and it then needs only the lines of the first stage.
    private var ahead0 = (shard: -1, leaf: -1, hopeless: false)
    private var ahead1 = (shard: -1, leaf: -1, hopeless: false)
    private var ahead2 = (shard: -1, leaf: -1, hopeless: false)

    init(model: CostModel, replica: ProblemReplica, start: Placement, seed: UInt64) {
        problem = model.problem
        weights = model.problem.weights
        state = CostState(replica: replica, problem: model.problem, placement: start)
        rng = SplitMix64(seed: seed)
        logLimit = Swift.max(4096, model.problem.shardCount / 4)
        log = []
        log.reserveCapacity(logLimit)
        snapshot = start.leaves
        bestIsSnapshot = true
        let p = model.problem
        var starts: [[Int32]] = []
        var lists: [[Int32]] = []
        for k in 0..<p.domainKeys.count {
            let domains = Int(p.domainCount[k])
            var count = [Int32](repeating: 0, count: domains + 1)
            for h in 0..<p.hostCount where p.hostDomain[k * p.hostCount + h] >= 0 {
                count[Int(p.hostDomain[k * p.hostCount + h]) + 1] += 1
            }
            for d in 0..<domains { count[d + 1] += count[d] }
            var fill = count
            var hosts = [Int32](repeating: 0, count: Int(count[domains]))
            for h in 0..<p.hostCount where p.hostDomain[k * p.hostCount + h] >= 0 {
                let d = Int(p.hostDomain[k * p.hostCount + h])
                hosts[Int(fill[d])] = Int32(h)
                fill[d] += 1
            }
            starts.append(count)
            lists.append(hosts)
        }
        domainHostStart = starts
        domainHosts = lists
        consolidate = state.track.offerCharges
        evacuateFrom = consolidate ? 0.97 : 1
        evacuees.reserveCapacity(Self.evacuateLimit + 1)
        evacueeLeaves.reserveCapacity(Self.evacuateLimit + 1)
        penalty = Penalty(scale: 1)
        t0 = 1
        tEnd = 1e-4
        temperature = 1
        calibrate()
        recordIfBest()
    }

    /// Sets the penalty scale and the temperature range from sampled uphill soft-cost changes.
    private mutating func calibrate() {
        var uphill: [Double] = []
        var magnitudes: [Double] = []
        for _ in 0..<400 {
            let s = rng.next(below: problem.shardCount)
            guard let leaf = randomLeaf(for: s) else { continue }
            let delta = state.shiftDelta(s, to: leaf)
            let soft = delta.weightedTotal(weights)
            magnitudes.append(abs(soft))
            if soft > 0 && all(delta.hard .== 0) { uphill.append(soft) }
        }
        let meanAbs = magnitudes.isEmpty ? 1 : Swift.max(1e-9, magnitudes.reduce(0, +) / Double(magnitudes.count))
        penalty = Penalty(scale: meanAbs)
        let meanUp = uphill.isEmpty ? meanAbs : uphill.reduce(0, +) / Double(uphill.count)
        t0 = Swift.max(1e-9, meanUp / 1.2)  // an average uphill move is accepted with probability ~0.43
        // The end temperature: a twentieth of a small uphill move, the tenth percentile of those sampled
        // (at most t0 / 1000). The smallest sample made it hang on one draw: on set A's a2_4 it ranged
        // 0.55–299 over six seeds, and the colder runs anneal worse (BENCHMARKS.md).
        uphill.sort()
        let small = uphill.isEmpty ? meanUp : uphill[uphill.count / 10]
        tEnd = Swift.max(1e-12, Swift.min(t0 * 1e-3, small / 20))
        temperature = t0
    }

    /// A random leaf the shard may go to (a leaf of a host in its reach, ``Problem/reachStart``), or `nil`
    /// when it has nowhere else.
    /// Reads only the replica: the chains of several cores share the `Problem`'s arrays, whose reference
    /// counts would otherwise bounce between the cores on every move.
    @inline(__always)
    mutating func randomLeaf(for s: Int) -> Int? {
        if state.r.reachRestricted[s] {
            let first = Int(state.r.reachStart[s])
            let count = Int(state.r.reachStart[s &+ 1]) &- first
            if count == 0 { return nil }
            let h = Int(state.r.reachHosts[first &+ rng.next(below: count)])
            let low = Int(state.r.hostLeafStart[h])
            return low &+ rng.next(below: Int(state.r.hostLeafStart[h &+ 1]) &- low)
        }
        // Below host depth, half the shifts stay on the shard's host (re-pinning inside it).
        let current = state.leaf(of: s)
        if state.r.belowHost && current >= 0 && rng.next() & 1 == 0 {
            let h = Int(state.r.leafHost[current])
            let low = Int(state.r.hostLeafStart[h])
            return low &+ rng.next(below: Int(state.r.hostLeafStart[h &+ 1]) &- low)
        }
        return rng.next(below: state.r.leafCount)
    }

    /// Whether the Metropolis rule rejects shifting `s` to `leaf` on the lower bound alone
    /// (``CostState/shiftLowerBound(_:to:lambda:)``), without pricing it: the bound is above
    /// ``certainRejection`` temperatures and the uniform draw that ``accept(_:)`` would make is at least
    /// e^−certainRejection, so that draw rejects the move whatever its exact delta. The draw is then taken
    /// from the generator, as pricing would have taken it; otherwise nothing is drawn and the move is
    /// priced. Either way the chain goes on exactly as if every move were priced in full.
    @inline(__always)
    mutating func rejectsOnBound(_ s: Int, to leaf: Int) -> Bool {
        guard boundInUse() else { return false }
        return noteBoundTry(rejectsOnBound(state.shiftLowerBound(s, to: leaf, lambda: penalty.lambda)))
    }

    /// Whether the bounds are taken now: on, and not paused because they rarely decided anything.
    @inline(__always)
    mutating func boundInUse() -> Bool {
        guard boundRejection else { return false }
        if boundPause > 0 {
            boundPause &-= 1
            return false
        }
        return true
    }

    /// Counts a bound taken and whether it decided the move; when fewer than 1 in 8 of the last 1,024
    /// decided anything (a loosely packed problem, a hot phase), the bounds cost more than they save and
    /// are paused for the next 16,384 proposals. Either way the chain's course is the same.
    @inline(__always)
    mutating func noteBoundTry(_ decided: Bool) -> Bool {
        boundTries &+= 1
        if decided { boundHits &+= 1 }
        if boundTries == 1_024 {
            if boundHits < 128 { boundPause = 16_384 }
            boundTries = 0
            boundHits = 0
        }
        return decided
    }

    /// Whether the Metropolis rule rejects a move whose penalised delta is at least `bound`, from the
    /// draw it would make (taken from the generator when it does; see ``rejectsOnBound(_:to:)``).
    @inline(__always)
    mutating func rejectsOnBound(_ bound: Double) -> Bool {
        // The margin covers rounding between the bound and the priced delta.
        guard bound > Self.certainRejection * temperature * (1 + 1e-9) + 1e-6 * (1 + abs(bound)) else { return false }
        var draw = rng
        guard draw.nextDouble() >= Self.certainRejectionDraw else { return false }
        rng = draw
        decidedOnBound &+= 1
        return true
    }

    /// Whether shifting `s` to `leaf` cannot beat the best candidate value `best` of a targeted move,
    /// on the lower bound alone (then it is not priced; the choice is the same).
    @inline(__always)
    mutating func losesOnBound(_ s: Int, to leaf: Int, best: Double) -> Bool {
        guard boundRejection, boundPause == 0, best < .infinity,
            state.shiftLowerBound(s, to: leaf, lambda: penalty.lambda) > best + 1e-6 * (1 + abs(best))
        else { return false }
        decidedOnBound &+= 1
        return true
    }

    /// A move whose penalised delta is this many temperatures uphill is accepted with probability
    /// e^−40 ≈ 4 × 10⁻¹⁸ (``rejectsOnBound(_:to:)``).
    static let certainRejection = 40.0
    static let certainRejectionDraw = exp(-certainRejection)

    @inline(__always)
    mutating func accept(_ delta: Double) -> Bool {
        if delta <= 0 { return true }
        return rng.nextDouble() < exp(-delta / temperature)
    }

    /// Runs `count` moves (or, with `count == Int.max`, until `deadline`) while the temperature follows
    /// the schedule from position `from` to `to` (0…1) by moves done or by time. Stops early when the
    /// deadline (monotonic seconds) passes or the target cost is met.
    mutating func run(
        moves count: Int, from: Double, to: Double, options: Annealer.Options, start: Double, deadline: Double?
    ) {
        let n = problem.shardCount
        guard n > 0 else { return }
        let logRatio = Foundation.log(tEnd / t0)
        var adaptEvery = 2048
        // The clock is read every 1,024 evaluations (a repack move counts its own).
        var clockCountdown = 0
        for i in 0..<count {
            clockCountdown -= 1
            if clockCountdown <= 0 {
                clockCountdown = 1024
                let now = MonotonicClock.seconds()
                let fraction: Double
                if count == Int.max, let deadline {
                    fraction = Swift.min(1, (now - start) / Swift.max(1e-9, deadline - start))
                } else {
                    fraction = Double(i) / Double(Swift.max(1, count))
                }
                temperature = t0 * exp(logRatio * (from + (to - from) * fraction))
                if let deadline, now >= deadline { break }
                if let target = options.targetCost, bestCost <= target { break }
                if let stop = options.shouldStop, stop() { break }
            }
            adaptEvery -= 1
            if adaptEvery == 0 {
                adaptEvery = 2048
                penalty.adapt(to: state.terms.hard)
            }
            moves &+= 1
            var u = rng.nextDouble()
            // While infeasible, a third of the moves repair: they take a violating shard somewhere better.
            let infeasible = state.terms.hard.sum() > CostState.feasibilityTolerance
            let targeted = infeasible ? 0.33 : options.targetedProbability
            let repackRate = infeasible && repackRate >= 1 ? 0.5 : repackRate
            if ejectRate > 0 && !infeasible && rng.nextDouble() < ejectRate {
                let evaluations = ejectMove(strict: repackRate >= 1)
                moves &+= evaluations
                clockCountdown -= evaluations
                continue
            }
            if u < repackRate && problem.hostCount >= 2 {
                let evaluations = repackMove(
                    hosts: options.repackHosts, shards: options.repackShards, budget: options.repackBudget)
                moves &+= evaluations
                clockCountdown -= evaluations
                continue
            }
            u = (u - repackRate) / (1 - repackRate)  // the other moves share what is left
            if u < targeted {
                targetedMove()
            } else if u >= evacuateFrom {
                evacuateMove()
            } else if u < targeted + options.swapProbability && n >= 2 {
                swapMove()
            } else {
                shiftMove()
            }
        }
    }

    /// The next shift proposal (a random shard and a random leaf it may go to; shard −1 when the shard
    /// drawn has nowhere else to go), drawn three moves ago; draws the one after and advances the
    /// prefetch stages of those in between.
    @inline(__always)
    private mutating func nextShiftProposal() -> (shard: Int, leaf: Int) {
        let move = ahead0
        ahead0 = ahead1
        ahead1 = ahead2
        let s = rng.next(below: problem.shardCount)
        if let leaf = randomLeaf(for: s) {
            ahead2 = (s, leaf, false)
            state.prefetchShift(s, to: leaf)
        } else {
            ahead2 = (-1, -1, false)
        }
        if ahead1.shard >= 0 {
            // A hint only: the state may move before this proposal's turn, and the bound is then taken again.
            ahead1.hopeless =
                boundRejection && boundPause == 0
                && state.shiftLowerBound(ahead1.shard, to: ahead1.leaf, lambda: penalty.lambda)
                    > Self.certainRejection * temperature
            if !ahead1.hopeless { state.prefetchShiftSource(ahead1.shard, to: ahead1.leaf) }
        }
        if ahead0.shard >= 0 && !ahead0.hopeless { state.prefetchShiftPeers(ahead0.shard) }
        return (move.shard, move.leaf)
    }

    @inline(__always)
    private mutating func shiftMove() {
        let (s, proposed) = nextShiftProposal()
        guard s >= 0 else { return }
        var leaf = proposed
        if consolidate && rng.next() & 1 == 0 {
            // Join a random shard's host: a host already in use costs no new charge.
            let other = state.leaf(of: rng.next(below: problem.shardCount))
            if other >= 0 && state.isEligible(s, state.r.leafHost[other]) { leaf = other }
        }
        guard leaf != state.leaf(of: s) else { return }
        if rejectsOnBound(s, to: leaf) { return }
        let delta = state.shiftDelta(s, to: leaf)
        if accept(penalty.objective(delta, weights)) {
            let previous = state.leaf(of: s)
            state.applyShift(s, to: leaf, delta: delta)
            accepted &+= 1
            noteMove(s, previous)
        }
    }

    @inline(__always)
    private mutating func swapMove() {
        let a = rng.next(below: problem.shardCount)
        let b = rng.next(below: problem.shardCount)
        let la = state.leaf(of: a)
        let lb = state.leaf(of: b)
        guard la >= 0, lb >= 0, la != lb, state.isEligible(a, state.r.leafHost[lb]),
            state.isEligible(b, state.r.leafHost[la])
        else {
            return
        }
        if boundInUse() && noteBoundTry(rejectsOnBound(state.swapLowerBound(a, b, lambda: penalty.lambda))) { return }
        if state.pricesSwapInPlace(a, b) {
            // Both halves priced on the stored state; applied only when accepted.
            let d1 = state.shiftDelta(a, to: lb)
            let d2 = state.swapSecondHalf(a, b)
            guard accept(penalty.objective(d1 + d2, weights)) else { return }
            state.applyShift(a, to: lb, delta: d1)
            state.applyShift(b, to: la, delta: d2)
            accepted &+= 1
            logMove(a, la)
            logMove(b, lb)
            recordIfBest()
            return
        }
        let saved = state.terms
        state.saveSwap(a, b)
        let d1 = state.shiftDelta(a, to: lb)
        state.applyShift(a, to: lb, delta: d1)
        let d2 = state.shiftDelta(b, to: la)
        state.applyShift(b, to: la, delta: d2)
        if accept(penalty.objective(d1 + d2, weights)) {
            accepted &+= 1
            // Log both halves before the best is checked: the state holds the whole swap.
            logMove(a, la)
            logMove(b, lb)
            recordIfBest()
        } else {
            // Undo without pricing: the structures go back, the sums and rows are restored bit for bit
            // (so that the course is the same whether a swap is priced and rejected or rejected on its
            // bound).
            state.applyShift(b, to: lb, delta: CostTerms())
            state.applyShift(a, to: la, delta: CostTerms())
            state.terms = saved
            state.restoreSwap(a, b)
        }
    }

    /// Takes a shard off an overloaded host or out of a broken constraint (one of a few sampled shards
    /// whose host is over its safety or hard capacity, or that shares an anti-affinity domain, misses a
    /// dependency or sits on an ineligible host) and puts it on the best of a few candidate leaves.
    private mutating func targetedMove() {
        var s = -1
        let infeasible = state.terms.hard.sum() > CostState.feasibilityTolerance
        if infeasible {
            movesSinceScan &+= 1
            if suspects.isEmpty || movesSinceScan >= 65_536 {
                movesSinceScan = 0
                suspects.removeAll(keepingCapacity: true)
                for shard in 0..<problem.shardCount {
                    let leaf = state.leaf(of: shard)
                    if leaf >= 0
                        && (state.isViolating(shard: shard) || state.isOverCapacity(host: Int(state.r.leafHost[leaf])))
                    {
                        suspects.append(Int32(shard))
                    }
                }
            }
            while !suspects.isEmpty && s < 0 {
                let k = rng.next(below: suspects.count)
                let candidate = Int(suspects[k])
                let leaf = state.leaf(of: candidate)
                if leaf >= 0
                    && (state.isViolating(shard: candidate) || state.isOverCapacity(host: Int(state.r.leafHost[leaf])))
                {
                    s = candidate
                } else {
                    suspects.swapAt(k, suspects.count - 1)
                    suspects.removeLast()
                }
            }
        }
        // While feasible no shard breaks a constraint (those terms count whole violations), so only load
        // over safety capacity is looked for: each check is a few cache misses on a large problem.
        for _ in 0..<16 where s < 0 {
            let candidate = rng.next(below: problem.shardCount)
            let leaf = state.leaf(of: candidate)
            if leaf >= 0
                && (state.isOverloaded(host: Int(state.r.leafHost[leaf]))
                    || (infeasible && state.isViolating(shard: candidate)))
            {
                s = candidate
                break
            }
        }
        guard s >= 0 else { return shiftMove() }
        var bestLeaf = -1
        var best = Double.infinity
        var bestDelta = CostTerms()
        var dependency = state.violatedDependency(shard: s)
        if let (required, key) = dependency, rng.next() & 1 == 0 {
            // Or bring a shard of the required group into this shard's domain.
            let g = Int(problem.slotGroup[Int(required)])
            let members = Int(problem.groupMemberStart[g])..<Int(problem.groupMemberStart[g + 1])
            let target = problem.host(ofLeaf: state.leaf(of: s))
            let d = Int(problem.hostDomain[key * problem.hostCount + target])
            let range = Int(domainHostStart[key][d])..<Int(domainHostStart[key][d + 1])
            s = Int(problem.groupMembers[members.lowerBound + rng.next(below: members.count)])
            dependency = nil
            for _ in 0..<8 {
                let h = Int(domainHosts[key][range.lowerBound + rng.next(below: range.count)])
                guard problem.isEligible(shard: s, host: h) else { continue }
                let leaves = problem.leaves(ofHost: h)
                let leaf = leaves.lowerBound + rng.next(below: leaves.count)
                if leaf == state.leaf(of: s) || losesOnBound(s, to: leaf, best: best) { continue }
                let delta = state.shiftDelta(s, to: leaf)
                let value = penalty.objective(delta, weights)
                if value < best {
                    best = value
                    bestLeaf = leaf
                    bestDelta = delta
                }
            }
        }
        for attempt in 0..<16 {
            var candidate = randomLeaf(for: s)
            if let (required, key) = dependency, attempt & 1 == 0 {
                // Join a domain that holds the group this shard depends on.
                let g = Int(problem.slotGroup[Int(required)])
                let members = Int(problem.groupMemberStart[g])..<Int(problem.groupMemberStart[g + 1])
                let member = Int(problem.groupMembers[members.lowerBound + rng.next(below: members.count)])
                let memberLeaf = state.leaf(of: member)
                if memberLeaf >= 0 {
                    let d = Int(problem.hostDomain[key * problem.hostCount + problem.host(ofLeaf: memberLeaf)])
                    let range = Int(domainHostStart[key][d])..<Int(domainHostStart[key][d + 1])
                    let h = Int(domainHosts[key][range.lowerBound + rng.next(below: range.count)])
                    if problem.isEligible(shard: s, host: h) {
                        let leaves = problem.leaves(ofHost: h)
                        candidate = leaves.lowerBound + rng.next(below: leaves.count)
                    }
                }
            }
            guard let leaf = candidate, leaf != state.leaf(of: s), !losesOnBound(s, to: leaf, best: best) else {
                continue
            }
            let delta = state.shiftDelta(s, to: leaf)
            let value = penalty.objective(delta, weights)
            if value < best {
                best = value
                bestLeaf = leaf
                bestDelta = delta
            }
        }
        guard bestLeaf >= 0, accept(best) else { return }
        let previous = state.leaf(of: s)
        state.applyShift(s, to: bestLeaf, delta: bestDelta)
        accepted &+= 1
        noteMove(s, previous)
    }

    /// Moves every shard of a lightly used offer host (at most ``evacuateLimit``) to the best of a few
    /// hosts already in use, as one move accepted or undone as a whole: with fixed host charges, closing
    /// a host pays only when its last shard leaves, which single shifts rarely reach downhill.
    private mutating func evacuateMove() {
        var h = -1
        for _ in 0..<4 {
            let candidate = rng.next(below: problem.hostCount)
            let count = Int(state.hostShards[candidate])
            if count > 0 && count <= Self.evacuateLimit && state.r.hostOffer[candidate] >= 0 {
                h = candidate
                break
            }
        }
        guard h >= 0 else { return shiftMove() }
        evacuees.removeAll(keepingCapacity: true)
        evacueeLeaves.removeAll(keepingCapacity: true)
        var next = state.firstOnHost[h]
        while next >= 0 {
            evacuees.append(next)
            evacueeLeaves.append(Int32(state.leaf(of: Int(next))))
            next = state.nextOnHost[Int(next)]
        }
        let saved = state.terms
        var total = CostTerms()
        var moved = 0
        for i in 0..<evacuees.count {
            let s = Int(evacuees[i])
            var bestLeaf = -1
            var best = Double.infinity
            var bestDelta = CostTerms()
            for _ in 0..<6 {
                let target = state.leaf(of: rng.next(below: problem.shardCount))
                guard target >= 0 else { continue }
                let host = state.r.leafHost[target]
                guard Int(host) != h, state.isEligible(s, host) else { continue }
                let delta = state.shiftDelta(s, to: target)
                let value = penalty.objective(delta, weights)
                if value < best {
                    best = value
                    bestLeaf = target
                    bestDelta = delta
                }
            }
            guard bestLeaf >= 0 else { break }
            state.applyShift(s, to: bestLeaf, delta: bestDelta)
            total += bestDelta
            moved += 1
        }
        if moved == evacuees.count && accept(penalty.objective(total, weights)) {
            accepted &+= 1
            for i in 0..<moved { logMove(Int(evacuees[i]), Int(evacueeLeaves[i])) }
            recordIfBest()
        } else {
            for i in stride(from: moved - 1, through: 0, by: -1) {
                state.applyShift(Int(evacuees[i]), to: Int(evacueeLeaves[i]), delta: CostTerms())
            }
            state.terms = saved
        }
    }

    /// Logs a move and records a new best when the state is feasible and cheaper.
    @inline(__always)
    private mutating func noteMove(_ s: Int, _ previous: Int) {
        logMove(s, previous)
        recordIfBest()
    }

    /// Logs a move (shard and the leaf it left, the move already applied) so that the best can be rebuilt
    /// as "current minus log". A full log is materialized with this move in it, so the snapshot lacks it.
    @inline(__always)
    mutating func logMove(_ s: Int, _ previous: Int) {
        guard !bestIsSnapshot else { return }
        log.append(Int64(s) << 32 | Int64(UInt32(bitPattern: Int32(previous))))
        if log.count >= logLimit { materialize() }
    }

    /// Records the current state as the best when it beats it: any feasible state beats every
    /// infeasible one; among feasible states the lower objective wins; among infeasible ones the lower
    /// violation total.
    @inline(__always)
    mutating func recordIfBest() {
        guard recording else { return }
        let feasible = state.isFeasible
        let cost = state.terms.weightedTotal(weights)
        let better: Bool
        if feasible {
            better = !bestSeen || bestViolation > 0 || cost < bestCost - 1e-9 * Swift.max(1, abs(bestCost))
        } else {
            let violation = state.terms.hard.sum()
            better = !bestSeen || (bestViolation > 0 && violation < bestViolation - 1e-9)
        }
        guard better else { return }
        bestSeen = true
        bestCost = feasible ? cost : .infinity
        bestViolation = feasible ? 0 : state.terms.hard.sum()
        bestIsSnapshot = false
        log.removeAll(keepingCapacity: true)
    }

    /// Writes the best into `snapshot` (current placement with the log undone) and stops logging.
    private mutating func materialize() {
        for s in 0..<problem.shardCount { snapshot[s] = Int32(state.leaf(of: s)) }
        for entry in log.reversed() {
            snapshot[Int(entry >> 32)] = Int32(truncatingIfNeeded: entry)
        }
        log.removeAll(keepingCapacity: true)
        bestIsSnapshot = true
    }

    /// The best placement seen.
    mutating func best() -> Placement {
        if !bestIsSnapshot { materialize() }
        bestIsSnapshot = true
        return Placement(leaves: snapshot)
    }

    /// Restarts from another chain's best.
    mutating func restart(from placement: Placement, replica: ProblemReplica, cost: Double, violation: Double) {
        state = CostState(replica: replica, problem: problem, placement: placement)
        snapshot = placement.leaves
        bestIsSnapshot = true
        bestSeen = true
        bestCost = cost
        bestViolation = violation
        log.removeAll(keepingCapacity: true)
    }
}

extension CostState {
    /// Whether a placed shard takes part in a broken group constraint or sits on an ineligible host:
    /// it shares an anti-affinity domain with a replica, its group spans too few domains, or its
    /// domain lacks a group it depends on.
    func isViolating(shard s: Int) -> Bool {
        let leaf = Int(self.leaf[s])
        guard leaf >= 0 else { return false }
        let h = Int(r.leafHost[leaf])
        if !isEligible(s, Int32(h)) { return true }
        let g = Int(r.shardGroup[s])
        guard g >= 0 else { return false }
        for i in Int(r.groupSlotStart[g])..<Int(r.groupSlotStart[g &+ 1]) {
            let slot = r.groupSlots[i]
            let domain = r.hostDomain[Int(r.slotKey[Int(slot)]) &* r.hostCount &+ h]
            let limit = r.slotLimit[Int(slot)]
            if limit > 0 && domain >= 0 && counts.count(slot, domain) > limit { return true }
            if distinct[Int(slot)] < r.slotSpreadMin[Int(slot)] { return true }
        }
        return violatedDependency(shard: s) != nil
    }

    /// The first dependency a placed shard breaks: the required slot and its key, or `nil`.
    func violatedDependency(shard s: Int) -> (Int32, Int)? {
        let leaf = Int(self.leaf[s])
        let g = Int(r.shardGroup[s])
        guard leaf >= 0, g >= 0 else { return nil }
        let h = Int(r.leafHost[leaf])
        for i in Int(r.groupSlotStart[g])..<Int(r.groupSlotStart[g &+ 1]) {
            let slot = r.groupSlots[i]
            let key = Int(r.slotKey[Int(slot)])
            let domain = r.hostDomain[key &* r.hostCount &+ h]
            for j in Int(r.slotDependencyStart[Int(slot)])..<Int(r.slotDependencyStart[Int(slot) &+ 1]) {
                let dep = Int(r.slotDependencies[j])
                if r.dependencyDependent[dep] == slot && counts.count(r.dependencyRequired[dep], domain) == 0 {
                    return (r.dependencyRequired[dep], key)
                }
            }
        }
        return nil
    }

    /// Whether a host's usage (or transient hold) is above its hard capacity in some resource.
    func isOverCapacity(host h: Int) -> Bool {
        let base = h &* r.stride
        for c in 0..<r.chunks {
            let o = c &* 4
            let u = usage.simd4(at: base &+ o) as SIMD4<Double>
            let held =
                u + (r.transientMask.simd4(at: o) as SIMD4<Double>) * (hold.simd4(at: base &+ o) as SIMD4<Double>)
            if any(held .> (r.capacity.simd4(at: base &+ o) as SIMD4<Double>) + 1e-9) { return true }
        }
        return false
    }

    /// Whether a host's usage is above its safety capacity (or hard capacity) in some resource.
    func isOverloaded(host h: Int) -> Bool {
        let base = h &* r.stride
        for c in 0..<r.chunks {
            let o = c &* 4
            let u = usage.simd4(at: base &+ o) as SIMD4<Double>
            let safety = (r.safety.simd4(at: base &+ o) as SIMD4<Double>)
            if any(u .> safety) { return true }
        }
        return false
    }
}
