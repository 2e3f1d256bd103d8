extension Topology {
    /// The distance Linux reports between distinct NUMA nodes when firmware gives no SLIT table;
    /// ``numaDistance(_:_:)`` uses it (and 10 for a node to itself) when hwloc has no matrix.
    public static let defaultRemoteNUMADistance: UInt64 = 20
    /// The distance of a NUMA node to itself (the SLIT convention).
    public static let localNUMADistance: UInt64 = 10

    /// The object with this id.
    public subscript(id: ObjectID) -> Object { objects[id.index] }

    /// The root object (hwloc's Machine).
    public var root: ObjectID { ObjectID(rawValue: 0) }

    /// Ids of every object of a type, in logical (`L#`) order.
    ///
    /// - Complexity: O(1).
    public func objects(ofType type: ObjectType) -> [ObjectID] { byType[type.rawValue] }

    /// The number of objects of a type (what `hwloc-calc --number-of TYPE all` prints).
    public func count(of type: ObjectType) -> Int { byType[type.rawValue].count }

    /// The object of a type with a logical index, or `nil`.
    public func object(_ type: ObjectType, logicalIndex: Int) -> ObjectID? {
        let ids = byType[type.rawValue]
        return ids.indices.contains(logicalIndex) ? ids[logicalIndex] : nil
    }

    /// The PU with this OS index (`hwloc_get_pu_obj_by_os_index`), or `nil`.
    public func pu(osIndex: OSIndex) -> ObjectID? {
        byType[ObjectType.pu.rawValue].first { objects[$0.index].osIndex == osIndex }
    }

    /// The children of an object: memory children (NUMA nodes) first, then normal children.
    public func children(of id: ObjectID) -> [ObjectID] { objects[id.index].children }

    /// The parent of an object, `nil` for the root.
    public func parent(of id: ObjectID) -> ObjectID? { objects[id.index].parent }

    /// The ancestor of `id` of a type (the object itself when it has that type), or `nil`.
    public func ancestor(of id: ObjectID, ofType type: ObjectType) -> ObjectID? {
        var current: ObjectID? = id
        while let c = current {
            if objects[c.index].type == type { return c }
            current = objects[c.index].parent
        }
        return nil
    }

    /// The PUs (object ids) local to a NUMA node: those in its cpuset.
    public func pus(ofNUMANode node: ObjectID) -> [ObjectID] {
        precondition(objects[node.index].type == .numaNode, "not a NUMA node")
        let logical = objects[node.index].logicalIndex.rawValue
        return byType[ObjectType.pu.rawValue].filter { localNUMA[$0.index] == logical }
    }

    /// Local memory of a NUMA node in bytes (hwloc's `local_memory`).
    public func memory(ofNUMANode node: ObjectID) -> UInt64 {
        precondition(objects[node.index].type == .numaNode, "not a NUMA node")
        return objects[node.index].localMemory
    }

    /// The NUMA node local to a PU (the node whose cpuset contains it), or `nil` when none does.
    public func numaNode(ofPU pu: ObjectID) -> ObjectID? {
        let logical = localNUMA[pu.index]
        return logical < 0 ? nil : object(.numaNode, logicalIndex: Int(logical))
    }

    /// The deepest object that has both `a` and `b` in its subtree (`hwloc_get_common_ancestor_obj`).
    /// For two PUs, its ``Object/type`` is the level at which they meet: `.core` for SMT siblings,
    /// `.l3Cache` for cores sharing an L3, `.package`, `.group` or `.machine` further out.
    ///
    /// - Complexity: O(tree depth).
    public func lowestCommonAncestor(_ a: ObjectID, _ b: ObjectID) -> ObjectID {
        var x = a
        var y = b
        while objects[x.index].depth > objects[y.index].depth { x = objects[x.index].parent! }
        while objects[y.index].depth > objects[x.index].depth { y = objects[y.index].parent! }
        while x != y {
            x = objects[x.index].parent!
            y = objects[y.index].parent!
        }
        return x
    }

    /// The distance between two NUMA nodes given by logical index: hwloc's latency matrix when it has
    /// one, else ``localNUMADistance`` for a node to itself and ``defaultRemoteNUMADistance`` otherwise
    /// (the values Linux reports without a firmware SLIT table).
    public func numaDistance(_ a: Int, _ b: Int) -> UInt64 {
        precondition(a >= 0 && a < count(of: .numaNode) && b >= 0 && b < count(of: .numaNode), "no such NUMA node")
        if let matrix = numaDistanceMatrix { return matrix[a][b] }
        return a == b ? Self.localNUMADistance : Self.defaultRemoteNUMADistance
    }

    /// Total NUMA memory of the machine in bytes.
    public var totalMemory: UInt64 { objects(ofType: .numaNode).reduce(0) { $0 + objects[$1.index].localMemory } }

    /// PUs (object ids, logical order) this process may run on.
    public var allowedPUs: [ObjectID] { objects(ofType: .pu).filter { objects[$0.index].isAllowed } }
}
