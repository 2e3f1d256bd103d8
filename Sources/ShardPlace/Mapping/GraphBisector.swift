/// Splits a set of workers into two parts of exact sizes with as little traffic between them as it can
/// find: greedy graph growing (the smaller part grown from a seed worker, always taking the worker whose
/// move cuts least), then Fiduccia–Mattheyses passes that move one worker at a time, the best move of the
/// larger part whenever the sizes are off target, and keep the best prefix of the pass that has the exact
/// sizes. Several restarts (seeds alternately a pseudo-peripheral worker, found by a breadth-first search
/// from a random one, and a random worker; ties broken in a random order per restart); the lowest cut wins.
///
/// Traffic to workers outside the set is ignored: in a tree all the children of a node are at the same
/// distance from anything outside it.
struct GraphBisector {
    /// A split: the two parts (workers in the order given) and the traffic between them.
    struct Split {
        var first: [Int32]
        var second: [Int32]
        var cut: Double
    }

    let graph: TrafficGraph
    /// Worker → index in the set being split, -1 outside it.
    private var local: [Int32]

    init(_ graph: TrafficGraph) {
        self.graph = graph
        local = [Int32](repeating: -1, count: graph.count)
    }

    /// Splits `vertices` (distinct workers) into a first part of `firstSize` workers and a second part of
    /// the rest.
    /// - Complexity: O(restarts × passes × size²) in the worst case.
    mutating func split(_ vertices: [Int32], firstSize: Int, restarts: Int, rng: inout SplitMix64) -> Split {
        let s = vertices.count
        precondition(firstSize >= 0 && firstSize <= s, "part size out of range")
        if firstSize == 0 || firstSize == s {
            return firstSize == 0
                ? Split(first: [], second: vertices, cut: 0) : Split(first: vertices, second: [], cut: 0)
        }
        // Grow the smaller part; give it back as `first` or `second` as asked.
        let grown = min(firstSize, s - firstSize)
        let flipped = grown != firstSize
        for (k, v) in vertices.enumerated() { local[Int(v)] = Int32(k) }
        defer { for v in vertices { local[Int(v)] = -1 } }
        var subgraph = Subgraph(graph: graph, vertices: vertices, local: local)
        var bestSide: [UInt8] = []
        var bestCut = Double.infinity
        for restart in 0..<max(1, restarts) {
            var order = Array(0..<Int32(s))
            order.shuffle(using: &rng)
            var seed = rng.next(below: s)
            if restart & 1 == 0 { seed = subgraph.farthest(from: seed) }
            subgraph.grow(from: seed, size: grown, order: order)
            subgraph.refine(size: grown, order: order)
            let cut = subgraph.exactCut()
            if cut < bestCut {
                bestCut = cut
                bestSide = subgraph.side
            }
        }
        var first: [Int32] = []
        var second: [Int32] = []
        first.reserveCapacity(firstSize)
        second.reserveCapacity(s - firstSize)
        for (k, v) in vertices.enumerated() {
            if (bestSide[k] == 0) != flipped { first.append(v) } else { second.append(v) }
        }
        return Split(first: first, second: second, cut: bestCut)
    }
}
