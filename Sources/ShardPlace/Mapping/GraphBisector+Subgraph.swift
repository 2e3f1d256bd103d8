extension GraphBisector {
    /// The set being split, as a graph of its own (local indices, compressed rows), with the side of every
    /// vertex (0: the part grown, 1: the rest) and each vertex's traffic to either side.
    struct Subgraph {
        let start: [Int]
        let peers: [Int32]
        let weights: [Double]
        var side: [UInt8]
        var toGrown: [Double]
        var toRest: [Double]
        var grownCount = 0
        var cut = 0.0
        /// Below this, two cuts are equal (a millionth of a millionth of all the traffic).
        let tolerance: Double

        init(graph: TrafficGraph, vertices: [Int32], local: [Int32]) {
            let s = vertices.count
            var start = [Int](repeating: 0, count: s + 1)
            var peers: [Int32] = []
            var weights: [Double] = []
            var total = 0.0
            for (k, v) in vertices.enumerated() {
                for e in graph.start[Int(v)]..<graph.start[Int(v) + 1] {
                    let p = local[Int(graph.peers[e])]
                    if p >= 0 {
                        peers.append(p)
                        weights.append(graph.weights[e])
                        total += graph.weights[e]
                    }
                }
                start[k + 1] = peers.count
            }
            self.start = start
            self.peers = peers
            self.weights = weights
            side = [UInt8](repeating: 1, count: s)
            toGrown = [Double](repeating: 0, count: s)
            toRest = [Double](repeating: 0, count: s)
            tolerance = max(total, 1) * 1e-12
        }

        /// The last vertex a breadth-first search from `origin` reaches (a pseudo-peripheral vertex of its
        /// component).
        func farthest(from origin: Int) -> Int {
            var seen = [Bool](repeating: false, count: side.count)
            var queue = [origin]
            seen[origin] = true
            var head = 0
            while head < queue.count {
                let v = queue[head]
                head += 1
                for e in start[v]..<start[v + 1] where !seen[Int(peers[e])] {
                    seen[Int(peers[e])] = true
                    queue.append(Int(peers[e]))
                }
            }
            return queue[queue.count - 1]
        }

        /// How much the cut falls when `v` changes side.
        func gain(_ v: Int) -> Double { side[v] == 0 ? toRest[v] - toGrown[v] : toGrown[v] - toRest[v] }

        /// Moves `v` to the other side.
        mutating func move(_ v: Int) {
            cut -= gain(v)
            let leaving = side[v]
            side[v] ^= 1
            grownCount += leaving == 0 ? -1 : 1
            for e in start[v]..<start[v + 1] {
                let p = Int(peers[e])
                let w = weights[e]
                if leaving == 0 {
                    toGrown[p] -= w
                    toRest[p] += w
                } else {
                    toGrown[p] += w
                    toRest[p] -= w
                }
            }
        }

        /// Everything on the rest side, then the grown side built from `seed` one best vertex at a time.
        mutating func grow(from seed: Int, size: Int, order: [Int32]) {
            for v in side.indices {
                side[v] = 1
                toGrown[v] = 0
                var degree = 0.0
                for e in start[v]..<start[v + 1] { degree += weights[e] }
                toRest[v] = degree
            }
            grownCount = 0
            cut = 0
            move(seed)
            while grownCount < size {
                var best = -1
                var bestGain = -Double.infinity
                for o in order {
                    let v = Int(o)
                    if side[v] == 1 {
                        let g = toGrown[v] - toRest[v]
                        if g > bestGain + tolerance {
                            best = v
                            bestGain = g
                        }
                    }
                }
                move(best)
            }
        }

        /// Fiduccia–Mattheyses passes at exact sizes, `size` vertices on the grown side, until a pass
        /// finds nothing better (at most 8).
        mutating func refine(size: Int, order: [Int32]) {
            let n = side.count
            var locked = [Bool](repeating: false, count: n)
            var moved: [Int] = []
            moved.reserveCapacity(n)
            let patience = max(32, n / 4)
            for _ in 0..<8 {
                for v in 0..<n { locked[v] = false }
                moved.removeAll(keepingCapacity: true)
                var bestCut = cut
                var bestLength = 0
                while moved.count < n {
                    // From the larger side when the sizes are off target, else from either.
                    let from: UInt8 = grownCount > size ? 0 : (grownCount < size ? 1 : 2)
                    var best = -1
                    var bestGain = -Double.infinity
                    for o in order {
                        let v = Int(o)
                        if !locked[v] && (from == 2 || side[v] == from) {
                            let g = gain(v)
                            if g > bestGain + tolerance {
                                best = v
                                bestGain = g
                            }
                        }
                    }
                    if best < 0 { break }
                    move(best)
                    locked[best] = true
                    moved.append(best)
                    if grownCount == size && cut < bestCut - tolerance {
                        bestCut = cut
                        bestLength = moved.count
                    } else if moved.count - bestLength > patience {
                        break
                    }
                }
                for v in moved[bestLength...].reversed() { move(v) }
                if bestLength == 0 { break }
            }
        }

        /// The cut recomputed from the sides (no accumulated rounding).
        func exactCut() -> Double {
            var total = 0.0
            for v in side.indices {
                for e in start[v]..<start[v + 1] where Int(peers[e]) > v && side[v] != side[Int(peers[e])] {
                    total += weights[e]
                }
            }
            return total
        }
    }
}
