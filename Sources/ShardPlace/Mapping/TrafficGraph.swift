/// The symmetric, sparse form of a ``CommunicationMatrix`` the mapper searches on: for every worker, the
/// workers it exchanges traffic with and the volume both ways (`volume[i][j] + volume[j][i]`), in
/// compressed rows (`start[i]..<start[i + 1]` index `peers` and `weights`).
struct TrafficGraph: Sendable {
    /// Number of workers.
    let count: Int
    /// Row offsets, `count + 1` of them.
    let start: [Int]
    /// The peer of each entry.
    let peers: [Int32]
    /// Traffic both ways of each entry (> 0).
    let weights: [Double]

    /// - Complexity: O(count²).
    init(_ matrix: CommunicationMatrix) {
        let n = matrix.count
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
        self.count = n
        self.start = start
        self.peers = peers
        self.weights = weights
    }
}
