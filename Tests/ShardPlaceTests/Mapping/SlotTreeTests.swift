import Testing

@testable import ShardPlace

@Suite struct SlotTreeTests {
    /// The tree as nested arrays of slots, for comparison.
    indirect enum Shape: Equatable {
        case slot(Int)
        case node([Shape])
    }

    static func shape(_ tree: SlotTree, _ node: Int? = nil) -> Shape {
        let node = node ?? tree.root
        if tree.children[node].isEmpty { return .slot(tree.slot[node]) }
        return .node(tree.children[node].map { shape(tree, $0) })
    }

    @Test("levels with a single used child merge away; capacities count slots")
    func shapes() throws {
        let topology = try Topology.load(from: .synthetic("pack:2 l3:1 core:2 pu:2"))
        let pus = topology.objects(ofType: .pu)
        let whole = SlotTree(topology, slotPUs: pus)
        #expect(
            Self.shape(whole)
                == .node([
                    .node([.node([.slot(0), .slot(1)]), .node([.slot(2), .slot(3)])]),
                    .node([.node([.slot(4), .slot(5)]), .node([.slot(6), .slot(7)])]),
                ]))
        #expect(whole.capacity[whole.root] == 8)
        // A compact block of 3: the machine and the second package vanish, the second core is one slot.
        let block = SlotTree(topology, slotPUs: Array(pus[0..<3]))
        #expect(Self.shape(block) == .node([.node([.slot(0), .slot(1)]), .slot(2)]))
        #expect(block.capacity[block.root] == 3)
        // One slot per core (the first PU of each): cores are leaves.
        let cores = SlotTree(topology, slotPUs: [pus[0], pus[2], pus[4], pus[6]])
        #expect(Self.shape(cores) == .node([.node([.slot(0), .slot(1)]), .node([.slot(2), .slot(3)])]))
    }
}
