import ShardPlace
import ShardPlaceTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct AffinityTests {
    @Test("binding the calling thread on this machine takes effect and can be undone")
    func bindLive() throws {
        let affinity = try Affinity(source: .live)
        #expect(affinity.isEffective)
        let topology = try Topology.load()
        let allowed = topology.allowedPUs.compactMap { topology[$0].osIndex }
        let before = try #require(affinity.currentThreadBinding())
        try affinity.bindCurrentThread(to: [allowed[0]])
        #expect(affinity.currentThreadBinding() == [allowed[0]])
        try affinity.bindCurrentThread(to: before)
        #expect(affinity.currentThreadBinding() == before)
    }

    @Test("binding on a topology that is not this system's is a harmless no-op")
    func bindSynthetic() throws {
        let affinity = try Affinity(source: .synthetic("pack:2 numa:2 core:4 pu:1"))
        #expect(!affinity.isEffective)
        try affinity.bindCurrentThread(to: [Topology.OSIndex(rawValue: 12)])
        let memory = try affinity.allocate(byteCount: 1 << 16, onNUMANode: Topology.OSIndex(rawValue: 3))
        memory.pointer.storeBytes(of: 42, toByteOffset: 128, as: Int.self)
        #expect(memory.pointer.load(fromByteOffset: 128, as: Int.self) == 42)
    }

    @Test("node-local memory on this machine is usable")
    func allocateLive() throws {
        let affinity = try Affinity(source: .live)
        let topology = try Topology.load()
        let node = try #require(topology[topology.objects(ofType: .numaNode)[0]].osIndex)
        let memory = try affinity.allocate(byteCount: 1 << 20, onNUMANode: node)
        let floats = memory.pointer.bindMemory(to: Float.self, capacity: memory.byteCount / 4)
        for i in 0..<(memory.byteCount / 4) { floats[i] = Float(i) }
        #expect(floats[1000] == 1000)
    }

    @Test("an empty PU set is refused with a reason")
    func emptySet() throws {
        let affinity = try Affinity(source: .live)
        #expect(throws: TopologyError.self) { try affinity.bindCurrentThread(to: []) }
    }

    @Test("libnuma's view of this machine agrees with hwloc's")
    func systemNUMA() throws {
        let numa = SystemNUMA.read()
        let topology = try Topology.load()
        guard numa.isAvailable else { return }
        #expect(numa.nodes.count == topology.count(of: .numaNode))
        for node in topology.objects(ofType: .numaNode) {
            let os = Int(topology[node].osIndex!.rawValue)
            let libnuma = try #require(numa.nodes.first { $0.id == os })
            #expect(libnuma.cpus == topology[node].cpuset.map { Int($0.rawValue) })
            #expect(libnuma.size > 0)
        }
        for i in numa.nodes.indices { #expect(numa.distances[i][i] == 10) }
    }
}
