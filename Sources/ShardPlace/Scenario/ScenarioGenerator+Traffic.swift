import Foundation

extension ScenarioGenerator.ShardLayout {
    /// Sparse, clustered traffic: each shard starts a geometric number of edges (mean `perShard`, so a
    /// few shards talk much more than most), 75 % of them to its own service cluster (its replicas
    /// included), 18 % to a neighbouring cluster and 7 % anywhere. Volumes are log-normal with a
    /// per-cluster intensity. No shard talks to itself; a pair may repeat (volumes add up).
    ///
    /// - Parameter ids: the shard ids, by shard index.
    /// - Complexity: O(shards + edges).
    func traffic(perShard: Double, ids: [String], rng: inout SplitMix64) -> [TrafficEdge] {
        let n = count
        guard n >= 2, perShard > 0 else { return [] }
        let clusters = clusterStart.count - 1
        let intensity = (0..<clusters).map { _ in 2 * exp(0.8 * ScenarioGenerator.gaussian(&rng)) }
        // Geometric number of edges with mean perShard: ⌊ln U / ln(1 − p)⌋ with p = 1 / (1 + perShard).
        let logStay = log(perShard / (1 + perShard))
        var edges: [TrafficEdge] = []
        edges.reserveCapacity(Int(Double(n) * perShard * 1.05) + 16)
        for i in 0..<n {
            let c = Int(cluster[i])
            let home = clusterStart[c]..<clusterStart[c + 1]
            let u = 1 - rng.nextDouble()
            let k = min(Int(log(u) / logStay), 64 + Int(perShard * 8))
            for _ in 0..<k {
                let reach = rng.nextDouble()
                var peer: Int
                if reach < 0.75 && home.count > 1 {
                    peer = home.lowerBound + rng.next(below: home.count - 1)
                    if peer >= i { peer += 1 }
                } else if reach < 0.93 && clusters > 1 {
                    let pick = rng.next(below: 4)
                    let offset = pick < 2 ? pick - 2 : pick - 1  // −2, −1, +1 or +2
                    let neighbour = ((c + offset) % clusters + clusters) % clusters
                    let range = clusterStart[neighbour]..<clusterStart[neighbour + 1]
                    peer = range.lowerBound + rng.next(below: range.count)
                } else {
                    peer = rng.next(below: n - 1)
                    if peer >= i { peer += 1 }
                }
                guard peer != i else { continue }
                let volume = intensity[c] * exp(ScenarioGenerator.gaussian(&rng))
                edges.append(
                    TrafficEdge(from: ids[i], to: ids[peer], volume: max(0.001, (volume * 1000).rounded() / 1000)))
            }
        }
        return edges
    }
}
