import Foundation

/// Topology-aware mapping of communicating workers onto the PUs of one machine (the TreeMatch / Scotch
/// problem): minimise hop-bytes, Σ over worker pairs of traffic (both ways) × ``MappingDistances``, with
/// at most one worker per PU — or per core with ``Options/onePerCore``.
///
/// The search is the annealing of the placement engine specialised to one machine: pair swaps of slots
/// (a slot may be empty), half of them drawn next to a communicating peer, priced incrementally over the
/// sparse traffic of the two workers; a geometric temperature schedule calibrated from sampled uphill
/// moves; starts from the packed order and from a greedy best-fit; the best mapping seen is kept.
public struct TopologyMapper: Sendable {
    public struct Options: Sendable {
        public var seed: UInt64 = 1
        /// Swap moves per start (default 8,000 per worker, at least 400,000).
        public var iterations: Int?
        /// One worker per core (SMT siblings left free): `max_load_core` stays 1.
        public var onePerCore = false
        public init() {}
    }

    public struct Result: Sendable {
        /// PU OS index per worker.
        public var mapping: [Int32]
        /// Σ traffic (both ways) × tree distance over worker pairs.
        public var hopBytes: Double
        /// Hop-bytes of the packed mapping (worker i on the i-th slot), for reference.
        public var packedHopBytes: Double
        /// Most workers on one core.
        public var maxLoadCore: Int
        public var moves: Int
    }

    public var options: Options
    public init(options: Options = Options()) { self.options = options }

    /// Maps the workers of `matrix` onto `topology`.
    /// - Throws: ``ScenarioError`` when there are more workers than slots.
    public func map(_ matrix: CommunicationMatrix, onto topology: Topology) throws(ScenarioError) -> Result {
        let distances = MappingDistances(topology)
        // Slots: PUs (logical order), or the first PU of each core.
        var slots: [Int] = []
        if options.onePerCore {
            var seen = Set<Topology.ObjectID>()
            for (k, pu) in distances.pus.enumerated() {
                let core = topology.ancestor(of: pu, ofType: .core) ?? pu
                if seen.insert(core).inserted { slots.append(k) }
            }
        } else {
            slots = Array(distances.pus.indices)
        }
        let n = matrix.count
        let m = slots.count
        guard n <= m else {
            throw ScenarioError(
                issues: [
                    .init(
                        path: "",
                        message: "\(n) workers but only \(m) \(options.onePerCore ? "cores" : "PUs") to put them on")
                ])
        }
        // Symmetric sparse traffic.
        var start = [Int](repeating: 0, count: n + 1)
        var peers: [Int32] = []
        var weights: [Double] = []
        for i in 0..<n {
            for j in 0..<n where j != i {
                let w = matrix.volume[i * n + j] + matrix.volume[j * n + i]
                if w > 0 {
                    peers.append(Int32(j))
                    weights.append(w)
                }
            }
            start[i + 1] = peers.count
        }
        // Two searches: on the whole machine, and on the compact block of the first n slots (what the
        // compact peers use); each from the packed order and from a greedy best fit. The best wins.
        var best: [Int] = []
        var bestCost = Double.infinity
        var packedCost = 0.0
        var moves = 0
        let sizes: [Int] = n < m ? [m, n] : [m]
        for (round, count) in sizes.enumerated() {
            var d = [Int32](repeating: 0, count: count * count)
            for a in 0..<count { for b in 0..<count { d[a * count + b] = Int32(distances(slots[a], slots[b])) } }
            var near: [[Int32]] = (0..<count).map { a in
                (0..<count).filter { $0 != a && d[a * count + $0] <= 2 }.map(Int32.init)
            }
            for a in 0..<count where near[a].isEmpty { near[a] = [Int32((a + 1) % count)] }
            func cost(_ slotOf: [Int]) -> Double {
                var total = 0.0
                for i in 0..<n {
                    for e in start[i]..<start[i + 1] where Int(peers[e]) > i {
                        total += weights[e] * Double(d[slotOf[i] * count + slotOf[Int(peers[e])]])
                    }
                }
                return total
            }
            let packed = Array(0..<n)
            if round == 0 {
                packedCost = cost(packed)
                best = packed
                bestCost = packedCost
            }
            let greedy = greedyStart(n: n, m: count, d: d, start: start, peers: peers, weights: weights)
            for (k, initial) in [packed, greedy].enumerated() {
                let stream = UInt64(2 * round + k)
                var rng = SplitMix64(seed: options.seed &+ stream &* 0x9E37_79B9)
                let (result, resultCost, done) = anneal(
                    initial, n: n, m: count, d: d, start: start, peers: peers, weights: weights, near: near, rng: &rng,
                    cost: cost)
                moves += done
                if resultCost < bestCost - 1e-9 {
                    best = result
                    bestCost = resultCost
                }
            }
        }
        let mapping = best.map { topology[distances.pus[slots[$0]]].osIndex?.rawValue ?? -1 }
        var perCore: [Topology.ObjectID: Int] = [:]
        for slot in best {
            perCore[
                topology.ancestor(of: distances.pus[slots[slot]], ofType: .core) ?? distances.pus[slots[slot]],
                default: 0] += 1
        }
        return Result(
            mapping: mapping, hopBytes: bestCost, packedHopBytes: packedCost, maxLoadCore: perCore.values.max() ?? 0,
            moves: moves)
    }

    /// Heaviest-connected-first best fit: the next worker is the one with most traffic to those placed;
    /// it goes to the free slot with the least hop-bytes to them (ties: the lowest slot).
    private func greedyStart(n: Int, m: Int, d: [Int32], start: [Int], peers: [Int32], weights: [Double]) -> [Int] {
        var slotOf = [Int](repeating: -1, count: n)
        var free = [Bool](repeating: true, count: m)
        var attraction = [Double](repeating: 0, count: n)
        for _ in 0..<n {
            var next = -1
            for i in 0..<n where slotOf[i] < 0 && (next < 0 || attraction[i] > attraction[next]) { next = i }
            var bestSlot = -1
            var bestCost = Double.infinity
            for s in 0..<m where free[s] {
                var c = 0.0
                for e in start[next]..<start[next + 1] {
                    let p = Int(peers[e])
                    if slotOf[p] >= 0 { c += weights[e] * Double(d[s * m + slotOf[p]]) }
                }
                if c < bestCost {
                    bestCost = c
                    bestSlot = s
                }
            }
            slotOf[next] = bestSlot
            free[bestSlot] = false
            for e in start[next]..<start[next + 1] { attraction[Int(peers[e])] += weights[e] }
        }
        return slotOf
    }

    private func anneal(
        _ initial: [Int], n: Int, m: Int, d: [Int32], start: [Int], peers: [Int32], weights: [Double], near: [[Int32]],
        rng: inout SplitMix64, cost: ([Int]) -> Double
    ) -> ([Int], Double, Int) {
        var slotOf = initial
        var occupant = [Int](repeating: -1, count: m)
        for (i, s) in slotOf.enumerated() { occupant[s] = i }
        // Change of hop-bytes if worker x (at slot sa) went to slot sb, ignoring worker `other`.
        func shiftDelta(_ x: Int, _ sa: Int, _ sb: Int, other: Int) -> Double {
            var delta = 0.0
            for e in start[x]..<start[x + 1] {
                let k = Int(peers[e])
                if k == other { continue }
                let sk = slotOf[k]
                delta += weights[e] * Double(d[sb * m + sk] - d[sa * m + sk])
            }
            return delta
        }
        func swapDelta(_ sa: Int, _ sb: Int) -> Double {
            let x = occupant[sa]
            let y = occupant[sb]
            var delta = 0.0
            if x >= 0 { delta += shiftDelta(x, sa, sb, other: y) }
            if y >= 0 { delta += shiftDelta(y, sb, sa, other: x) }
            return delta
        }
        func proposal() -> (Int, Int) {
            let x = rng.next(below: n)
            let sa = slotOf[x]
            if rng.next() & 1 == 0 && start[x + 1] > start[x] {
                let k = Int(peers[start[x] + rng.next(below: start[x + 1] - start[x])])
                let candidates = near[slotOf[k]]
                return (sa, Int(candidates[rng.next(below: candidates.count)]))
            }
            return (sa, rng.next(below: m))
        }
        // Temperature from sampled uphill moves.
        var uphill: [Double] = []
        for _ in 0..<2000 {
            let (sa, sb) = proposal()
            if sa == sb { continue }
            let delta = swapDelta(sa, sb)
            if delta > 0 { uphill.append(delta) }
        }
        guard !uphill.isEmpty else { return (slotOf, cost(slotOf), 0) }
        uphill.sort()
        let t0 = uphill[uphill.count / 2]
        let tEnd = max(uphill[0] / 10, t0 * 1e-4)
        let total = options.iterations ?? max(400_000, 8_000 * n)
        var current = cost(slotOf)
        var best = slotOf
        var bestCost = current
        let ratio = log(tEnd / t0)
        var temperature = t0
        for i in 0..<total {
            if i & 1023 == 0 { temperature = t0 * exp(ratio * Double(i) / Double(total)) }
            let (sa, sb) = proposal()
            if sa == sb { continue }
            let delta = swapDelta(sa, sb)
            if delta <= 0 || rng.nextDouble() < exp(-delta / temperature) {
                let x = occupant[sa]
                let y = occupant[sb]
                occupant[sa] = y
                occupant[sb] = x
                if x >= 0 { slotOf[x] = sb }
                if y >= 0 { slotOf[y] = sa }
                current += delta
                if current < bestCost - 1e-9 {
                    bestCost = current
                    for i in 0..<n { best[i] = slotOf[i] }
                }
            }
        }
        return (best, cost(best), total)
    }
}
