extension TopologyMapper {
    /// How a tree node's workers are shared out among its children (at most a child's capacity each).
    enum Share: CaseIterable {
        /// In proportion to the children's capacities (largest remainders first, ties to the first child).
        case proportional
        /// Over as few children as hold them (the largest first), in proportion to their capacities.
        case fewest

        /// Workers per child.
        func counts(_ workers: Int, capacities: [Int]) -> [Int] {
            switch self {
            case .proportional:
                return Self.proportional(workers, capacities)
            case .fewest:
                let order = capacities.indices.sorted {
                    capacities[$0] > capacities[$1] || (capacities[$0] == capacities[$1] && $0 < $1)
                }
                var kept = capacities.map { _ in 0 }
                var total = 0
                for k in order where total < workers {
                    kept[k] = capacities[k]
                    total += capacities[k]
                }
                return Self.proportional(workers, kept)
            }
        }

        private static func proportional(_ workers: Int, _ capacities: [Int]) -> [Int] {
            let total = capacities.reduce(0, +)
            precondition(workers <= total, "more workers than slots")
            guard workers > 0 else { return capacities.map { _ in 0 } }
            var counts = capacities.map { workers * $0 / total }
            var left = workers - counts.reduce(0, +)
            let byRemainder = capacities.indices.sorted {
                let (a, b) = (workers * capacities[$0] % total, workers * capacities[$1] % total)
                return a > b || (a == b && $0 < $1)
            }
            while left > 0 {
                for k in byRemainder where left > 0 && counts[k] < capacities[k] {
                    counts[k] += 1
                    left -= 1
                }
            }
            return counts
        }
    }

    /// The recursive-bisection start (the topology-guided dual recursive bipartitioning of Scotch and the
    /// top-down grouping of TreeMatch): from the root of `tree`, each node's workers are shared among its
    /// children by `share`; the children are halved, the workers split into two parts of the halves'
    /// sizes with as little traffic between them as ``GraphBisector`` finds, and each half split again,
    /// down to single children and, in the end, single slots.
    /// - Returns: the slot of every worker (distinct slots).
    static func bisectionStart(
        graph: TrafficGraph, tree: SlotTree, share: Share, restarts: Int, rng: inout SplitMix64
    ) -> [Int] {
        var slotOf = [Int](repeating: -1, count: graph.count)
        var bisector = GraphBisector(graph)
        func place(_ node: Int, _ workers: [Int32]) {
            let kids = tree.children[node]
            if kids.isEmpty {
                precondition(workers.count == 1, "one worker per slot")
                slotOf[Int(workers[0])] = tree.slot[node]
                return
            }
            let counts = share.counts(workers.count, capacities: kids.map { tree.capacity[$0] })
            let used = kids.indices.filter { counts[$0] > 0 }.map { (node: kids[$0], count: counts[$0]) }
            split(used[...], workers)
        }
        func split(_ kids: ArraySlice<(node: Int, count: Int)>, _ workers: [Int32]) {
            if kids.count == 1 {
                place(kids[kids.startIndex].node, workers)
                return
            }
            let middle = kids.startIndex + kids.count / 2
            let firstSize = kids[..<middle].reduce(0) { $0 + $1.count }
            let parts = bisector.split(workers, firstSize: firstSize, restarts: restarts, rng: &rng)
            split(kids[..<middle], parts.first)
            split(kids[middle...], parts.second)
        }
        if graph.count > 0 { place(tree.root, (0..<Int32(graph.count)).map { $0 }) }
        return slotOf
    }
}
