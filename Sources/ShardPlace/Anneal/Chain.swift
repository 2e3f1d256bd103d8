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
        let small = uphill.min() ?? meanUp
        tEnd = Swift.max(1e-12, Swift.min(t0 * 1e-3, small / 20))
        temperature = t0
    }

    /// A random leaf the shard may go to (an eligible host's leaf), or `nil` when it has nowhere else.
    @inline(__always)
    mutating func randomLeaf(for s: Int) -> Int? {
        let p = problem
        if let hosts = p.eligibleHostList(shard: s) {
            if hosts.isEmpty { return nil }
            let h = Int(hosts[hosts.startIndex &+ rng.next(below: hosts.count)])
            let range = p.leaves(ofHost: h)
            return range.lowerBound &+ rng.next(below: range.count)
        }
        // Below host depth, half the shifts stay on the shard's host (re-pinning inside it).
        let current = state.leaf(of: s)
        if p.depth != .host && current >= 0 && rng.next() & 1 == 0 {
            let range = p.leaves(ofHost: p.host(ofLeaf: current))
            return range.lowerBound &+ rng.next(below: range.count)
        }
        return rng.next(below: p.leafCount)
    }

    @inline(__always)
    private mutating func accept(_ delta: Double) -> Bool {
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
        for i in 0..<count {
            if i & 1023 == 0 {
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
            }
            adaptEvery -= 1
            if adaptEvery == 0 {
                adaptEvery = 2048
                penalty.adapt(to: state.terms.hard)
            }
            moves &+= 1
            let u = rng.nextDouble()
            if u < options.swapProbability && n >= 2 {
                swapMove()
            } else if u < options.swapProbability + options.targetedProbability {
                targetedMove()
            } else {
                shiftMove()
            }
        }
    }

    @inline(__always)
    private mutating func shiftMove() {
        let s = rng.next(below: problem.shardCount)
        guard let leaf = randomLeaf(for: s), leaf != state.leaf(of: s) else { return }
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
        guard la >= 0, lb >= 0, la != lb, problem.isEligible(shard: a, host: problem.host(ofLeaf: lb)),
            problem.isEligible(shard: b, host: problem.host(ofLeaf: la))
        else { return }
        let saved = state.terms
        let d1 = state.shift(a, to: lb)
        let d2 = state.shift(b, to: la)
        if accept(penalty.objective(d1 + d2, weights)) {
            accepted &+= 1
            noteMove(a, la)
            noteMove(b, lb)
        } else {
            state.shift(b, to: lb)
            state.shift(a, to: la)
            state.terms = saved
        }
    }

    /// Takes a shard off an overloaded host (one of a few sampled shards whose host is over its safety
    /// or hard capacity) and puts it on the best of a few candidate leaves.
    private mutating func targetedMove() {
        var s = -1
        for _ in 0..<8 {
            let candidate = rng.next(below: problem.shardCount)
            let leaf = state.leaf(of: candidate)
            if leaf >= 0 && state.isOverloaded(host: problem.host(ofLeaf: leaf)) {
                s = candidate
                break
            }
        }
        guard s >= 0 else { return shiftMove() }
        var bestLeaf = -1
        var best = Double.infinity
        var bestDelta = CostTerms()
        for _ in 0..<8 {
            guard let leaf = randomLeaf(for: s), leaf != state.leaf(of: s) else { continue }
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

    /// Logs a move and records a new best when the state is feasible and cheaper.
    @inline(__always)
    private mutating func noteMove(_ s: Int, _ previous: Int) {
        if !bestIsSnapshot {
            if log.count == logLimit {
                materialize()
            } else {
                log.append(Int64(s) << 32 | Int64(UInt32(bitPattern: Int32(previous))))
            }
        }
        recordIfBest()
    }

    /// Records the current state as the best when it beats it: any feasible state beats every
    /// infeasible one; among feasible states the lower objective wins; among infeasible ones the lower
    /// violation total.
    @inline(__always)
    mutating func recordIfBest() {
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
    /// Whether a host's usage is above its safety capacity (or hard capacity) in some resource.
    func isOverloaded(host h: Int) -> Bool {
        let base = h &* r.stride
        for c in 0..<r.chunks {
            let o = c &* 4
            let u = usage.simd4(at: base &+ o) as SIMD4<Double>
            let safety = SIMD4<Double>(r.safety.simd4(at: base &+ o) as SIMD4<Float>)
            if any(u .> safety) { return true }
        }
        return false
    }
}
