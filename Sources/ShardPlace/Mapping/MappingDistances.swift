/// The tree distance between the PUs of one machine used to price worker mappings: the height of the
/// lowest common ancestor counted from the leaves, an ancestor whose cpuset equals its child's merged with
/// it (so levels that add no sharing add no hop). Same PU 0, SMT siblings 1, two cores of one L3 2 on an
/// SMT machine; for asymmetric trees (hybrid CPUs) the larger of the two sides' heights. This is the
/// "hop-bytes" distance of TreeMatch and of `../shared/tools/mapping_cost.py`.
public struct MappingDistances: Sendable {
    /// PU object ids in logical order.
    public let pus: [Topology.ObjectID]
    /// `pus.count²` distances.
    let distance: [UInt8]

    public init(_ topology: Topology) {
        pus = topology.objects(ofType: .pu)
        let n = pus.count
        // Per PU: every ancestor (bottom-up) with the merged height at which it sits.
        let chains: [[(Topology.ObjectID, Int)]] = pus.map { pu in
            var chain: [(Topology.ObjectID, Int)] = []
            var height = 0
            var previous: Topology.ObjectID?
            var current: Topology.ObjectID? = pu
            while let c = current {
                if let p = previous, topology[c].cpuset != topology[p].cpuset { height += 1 }
                chain.append((c, height))
                previous = c
                current = topology[c].parent
            }
            return chain
        }
        var distance = [UInt8](repeating: 0, count: n * n)
        for i in 0..<n {
            var heightOf: [Int32: Int] = [:]
            for (id, h) in chains[i] { heightOf[id.rawValue] = h }
            for j in (i + 1)..<max(i + 1, n) {
                // The first ancestor of j that is also an ancestor of i is the LCA.
                for (id, hj) in chains[j] {
                    if let hi = heightOf[id.rawValue] {
                        let d = UInt8(clamping: max(hi, hj))
                        distance[i * n + j] = d
                        distance[j * n + i] = d
                        break
                    }
                }
            }
        }
        self.distance = distance
    }

    /// Distance between the PUs at logical positions `a` and `b`.
    public func callAsFunction(_ a: Int, _ b: Int) -> Int { Int(distance[a * pus.count + b]) }
}
