import Foundation

extension TopologyMapper {
    /// One search's data: the slots' distances and, per slot, the slots near it that proposals favour.
    struct SlotSpace {
        /// Number of slots.
        let count: Int
        /// `count × count` tree distances between slots.
        let d: [Int32]
        /// Per slot, the other slots at distance 2 or less (at least one).
        let near: [[Int32]]

        init(count: Int, distance: (Int, Int) -> Int) {
            var d = [Int32](repeating: 0, count: count * count)
            for a in 0..<count { for b in 0..<count { d[a * count + b] = Int32(distance(a, b)) } }
            var near: [[Int32]] = (0..<count).map { a in
                (0..<count).filter { $0 != a && d[a * count + $0] <= 2 }.map(Int32.init)
            }
            for a in 0..<count where near[a].isEmpty { near[a] = [Int32((a + 1) % count)] }
            self.count = count
            self.d = d
            self.near = near
        }

        /// Hop-bytes of a mapping (slot per worker), recomputed in full.
        func cost(_ slotOf: [Int], _ graph: TrafficGraph) -> Double {
            var total = 0.0
            for i in 0..<graph.count {
                for e in graph.start[i]..<graph.start[i + 1] where Int(graph.peers[e]) > i {
                    total += graph.weights[e] * Double(d[slotOf[i] * count + slotOf[Int(graph.peers[e])]])
                }
            }
            return total
        }
    }

    /// Simulated annealing over `iterations` pair swaps of slots (a slot may be empty) from `initial`: half
    /// the proposals move a worker next to a communicating peer; the initial temperature is the median of
    /// sampled uphill moves times `temperatureScale`, cooled geometrically to a tenth of the smallest one
    /// (within 10⁻⁴ of the initial temperature and 1 times it).
    /// - Returns: the best mapping seen (`initial` itself when nothing beats it), its cost, the moves made.
    static func anneal(
        _ initial: [Int], graph: TrafficGraph, space: SlotSpace, iterations: Int, temperatureScale: Double,
        rng: inout SplitMix64
    ) -> ([Int], Double, Int) {
        let n = graph.count
        let m = space.count
        let d = space.d
        let near = space.near
        let start = graph.start
        let peers = graph.peers
        let weights = graph.weights
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
        guard !uphill.isEmpty else { return (slotOf, space.cost(slotOf, graph), 0) }
        uphill.sort()
        let t0 = uphill[uphill.count / 2] * temperatureScale
        let tEnd = min(t0, max(uphill[0] / 10, t0 * 1e-4))
        let total = iterations
        var current = space.cost(slotOf, graph)
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
        return (best, space.cost(best, graph), total)
    }
}
