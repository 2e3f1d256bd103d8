/// The topology tree cut down to the slots a mapping may use: leaves are slots (positions in the mapper's
/// slot list), inner nodes the topology objects that hold at least two of them. An object with a single
/// used child is merged into it, so levels that add no sharing, cores with one slot in one-per-core mode
/// and branches outside a compact block all vanish. Every inner node has at least two children; all the
/// children of a node are at the same distance from each other, which is what lets recursive bisection
/// split a node's workers among its children by cut alone.
struct SlotTree: Sendable {
    /// Children of each node (node indices); empty for a leaf.
    let children: [[Int]]
    /// The slot of each leaf, -1 for an inner node.
    let slot: [Int]
    /// Slots below each node.
    let capacity: [Int]
    /// The root's index.
    let root: Int

    /// - Parameters:
    ///   - topology: the machine.
    ///   - slotPUs: the PU object of every slot, slot `k` being `slotPUs[k]`.
    init(_ topology: Topology, slotPUs: [Topology.ObjectID]) {
        precondition(!slotPUs.isEmpty, "a slot tree needs a slot")
        var slotOf: [Topology.ObjectID: Int] = [:]
        for (k, pu) in slotPUs.enumerated() { slotOf[pu] = k }
        var children: [[Int]] = []
        var slot: [Int] = []
        var capacity: [Int] = []
        func build(_ id: Topology.ObjectID) -> Int? {
            if let k = slotOf[id] {
                children.append([])
                slot.append(k)
                capacity.append(1)
                return children.count - 1
            }
            let kids = topology.children(of: id).compactMap(build)
            if kids.count <= 1 { return kids.first }
            children.append(kids)
            slot.append(-1)
            capacity.append(kids.reduce(0) { $0 + capacity[$1] })
            return children.count - 1
        }
        guard let root = build(topology.root) else { preconditionFailure("slots outside the topology") }
        precondition(capacity[root] == slotPUs.count, "a slot listed twice")
        self.children = children
        self.slot = slot
        self.capacity = capacity
        self.root = root
    }
}
