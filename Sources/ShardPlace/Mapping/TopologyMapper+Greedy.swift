extension TopologyMapper {
    /// Heaviest-connected-first best fit: the next worker is the one with most traffic to those placed;
    /// it goes to the free slot with the least hop-bytes to them (ties: the lowest slot).
    /// - Parameters:
    ///   - m: the number of slots.
    ///   - d: `m × m` slot distances.
    /// - Returns: the slot of every worker.
    static func greedyStart(graph: TrafficGraph, m: Int, d: [Int32]) -> [Int] {
        let n = graph.count
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
                for e in graph.start[next]..<graph.start[next + 1] {
                    let p = Int(graph.peers[e])
                    if slotOf[p] >= 0 { c += graph.weights[e] * Double(d[s * m + slotOf[p]]) }
                }
                if c < bestCost {
                    bestCost = c
                    bestSlot = s
                }
            }
            slotOf[next] = bestSlot
            free[bestSlot] = false
            for e in graph.start[next]..<graph.start[next + 1] { attraction[Int(graph.peers[e])] += graph.weights[e] }
        }
        return slotOf
    }
}
