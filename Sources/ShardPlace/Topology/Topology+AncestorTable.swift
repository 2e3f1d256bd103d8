extension Topology {
    /// For every leaf (an object at the placement depth), the id of its ancestor at each level, one
    /// small integer array per level: the compact form from which a tree distance is one vector compare.
    ///
    /// The id at a level is the ancestor's ``ObjectID`` (unique even where hwloc's logical indexes are
    /// not: Groups at several depths). For the NUMA level it is the leaf's local NUMA node (NUMA nodes
    /// are memory children in hwloc, not ancestors). Where a leaf has no object
    /// of a level (no L3 on the machine, or a leaf spanning two NUMA nodes), the id is a negative
    /// number unique to that leaf, so that two leaves never look alike at a level they do not share.
    public struct AncestorTable: Sendable, Hashable {
        /// The levels, coarse to fine.
        public let levels: [ObjectType]
        /// The leaves, in logical order of the leaf type.
        public let leaves: [ObjectID]
        /// `ids[level][leaf]`.
        public let ids: [[Int32]]

        /// The finest level index at which two leaves (positions in ``leaves``) share an ancestor, or
        /// `nil` when they share none of the listed levels.
        public func sharedLevel(_ a: Int, _ b: Int) -> Int? {
            for level in levels.indices.reversed() where ids[level][a] == ids[level][b] { return level }
            return nil
        }
    }

    /// Builds the ancestor table for leaves of `leafType` over `levels` (default: ``treeLevels(above:)``).
    ///
    /// - Complexity: O(leaves × levels × depth).
    public func ancestorTable(leafType: ObjectType, levels: [ObjectType]? = nil) -> AncestorTable {
        let chosen = levels ?? treeLevels(above: leafType)
        let leaves = objects(ofType: leafType)
        var puByOS: [OSIndex: ObjectID] = [:]
        for pu in objects(ofType: .pu) { if let os = objects[pu.index].osIndex { puByOS[os] = pu } }
        var ids = [[Int32]](repeating: [Int32](repeating: 0, count: leaves.count), count: chosen.count)
        for (leafPosition, leaf) in leaves.enumerated() {
            let missing = -Int32(leafPosition) - 1
            for (level, type) in chosen.enumerated() {
                var id = missing
                if type == .numaNode {
                    if objects[leaf.index].type == .numaNode {
                        id = leaf.rawValue
                    } else {
                        let nodes = Set(
                            objects[leaf.index].cpuset.compactMap { puByOS[$0].map { localNUMA[$0.index] } })
                        if nodes.count == 1, let only = nodes.first, only >= 0,
                            let node = object(.numaNode, logicalIndex: Int(only))
                        {
                            id = node.rawValue
                        }
                    }
                } else if let ancestor = ancestor(of: leaf, ofType: type) {
                    id = ancestor.rawValue
                }
                ids[level][leafPosition] = id
            }
        }
        return AncestorTable(levels: chosen, leaves: leaves, ids: ids)
    }

    /// The types present in this topology that lie above (and include) `leafType`, coarse to fine in
    /// the order this machine nests them (by mean depth): a Kunpeng's cluster Groups sit below its L3,
    /// an EPYC's Groups above it. A NUMA node takes the depth of the object it is attached to plus ½,
    /// so it sorts just below that object.
    public func treeLevels(above leafType: ObjectType) -> [ObjectType] {
        let leafDepth = meanDepth(of: leafType)
        return ObjectType.allCases
            .filter { count(of: $0) > 0 && ($0 == leafType || meanDepth(of: $0) < leafDepth) }
            .sorted { meanDepth(of: $0) < meanDepth(of: $1) }
    }

    private func meanDepth(of type: ObjectType) -> Double {
        let ids = objects(ofType: type)
        guard !ids.isEmpty else { return .infinity }
        let offset = type == .numaNode ? -0.5 : 0
        return ids.reduce(0.0) { $0 + Double(objects[$1.index].depth) + offset } / Double(ids.count)
    }
}
