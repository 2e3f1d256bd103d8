import Foundation
import ShardPlace
import ShardPlaceTestSupport
import Testing

/// Every topology file the tests know: the project's samples and, when present, ../shared's real machines.
let allTopologyFiles = TestPaths.topologySamples + TestPaths.sharedTopologies

@Suite struct TopologyCountTests {
    @Test("counts equal hwloc-calc's", arguments: allTopologyFiles)
    func countsMatchHwlocCalc(file: String) throws {
        let topology = try Topology.load(from: .xmlFile(file))
        let pairs: [(String, Topology.ObjectType)] = [
            ("package", .package), ("numa", .numaNode), ("l3", .l3Cache), ("core", .core), ("pu", .pu),
            ("die", .die), ("l2", .l2Cache),
        ]
        for (name, type) in pairs {
            #expect(topology.count(of: type) == (try hwlocCount(file, name)), "\(name) in \(file)")
        }
    }

    @Test(
        "without ../shared, only the samples are checked", .enabled(if: TestPaths.shared == nil, "../shared is present")
    )
    func sharedIsAbsent() {
        // Recorded so that a run without ../shared says why the real machines were not checked.
        print(TestPaths.sharedMissing)
        #expect(TestPaths.sharedTopologies.isEmpty)
    }

    @Test("NUMA distances equal the XML's distances2 matrix", arguments: allTopologyFiles)
    func distancesMatchXML(file: String) throws {
        let topology = try Topology.load(from: .xmlFile(file))
        let nodes = topology.objects(ofType: .numaNode)
        guard let expected = try xmlNUMADistances(file) else {
            #expect(topology.numaDistanceMatrix == nil)
            for a in nodes.indices {
                for b in nodes.indices { #expect(topology.numaDistance(a, b) == (a == b ? 10 : 20)) }
            }
            return
        }
        let matrix = try #require(topology.numaDistanceMatrix)
        #expect(matrix.count == nodes.count)
        for a in nodes {
            for b in nodes {
                let osA = Int(try #require(topology[a].osIndex).rawValue)
                let osB = Int(try #require(topology[b].osIndex).rawValue)
                let la = Int(topology[a].logicalIndex.rawValue)
                let lb = Int(topology[b].logicalIndex.rawValue)
                #expect(topology.numaDistance(la, lb) == expected[osA]?[osB], "\(file) \(osA)->\(osB)")
            }
        }
    }

    @Test("tree invariants: parents, depths, cpusets nest", arguments: allTopologyFiles)
    func treeInvariants(file: String) throws {
        let topology = try Topology.load(from: .xmlFile(file))
        #expect(topology[topology.root].type == .machine)
        let allPUs = Set(topology.objects(ofType: .pu).compactMap { topology[$0].osIndex })
        #expect(Set(topology[topology.root].cpuset) == allPUs)
        for (index, object) in topology.objects.enumerated() {
            let id = Topology.ObjectID(rawValue: Int32(index))
            if let parent = object.parent {
                #expect(topology[parent].depth == object.depth - 1)
                #expect(topology.children(of: parent).contains(id))
                #expect(Set(object.cpuset).isSubset(of: Set(topology[parent].cpuset)))
            }
            if object.type == .pu { #expect(object.children.isEmpty && object.cpuset == [object.osIndex!]) }
        }
        // Logical indexes are dense per type (per depth for Groups, as in hwloc).
        for type in Topology.ObjectType.allCases {
            let ids = topology.objects(ofType: type)
            for depth in Set(ids.map { topology[$0].depth }) {
                let logical = ids.filter { topology[$0].depth == depth }.map { Int(topology[$0].logicalIndex.rawValue) }
                #expect(logical == Array(0..<logical.count), "\(type) in \(file)")
                #expect(type == .group || ids.allSatisfy { topology[$0].depth == depth }, "one depth per \(type)")
            }
        }
    }
}

@Suite struct TopologyQueryTests {
    /// Samples small enough for an all-pairs check.
    static let pairFiles = allTopologyFiles.filter { file in
        [
            "1pack-1numa", "2pack-2numa-smt", "4pack-snc2", "this-machine", "synthetic-2pack-4numa-slit", "raptorlake",
            "kunpeng920", "xeon-gold6230", "epyc-7451",
        ]
        .contains { file.contains($0) }
    }

    @Test("lowest common ancestor equals the deepest object whose cpuset holds both PUs", arguments: pairFiles)
    func lowestCommonAncestorBruteForce(file: String) throws {
        let topology = try Topology.load(from: .xmlFile(file))
        let pus = topology.objects(ofType: .pu)
        let candidates = topology.objects.indices.filter { topology.objects[$0].type != .numaNode }
            .map {
                (
                    id: Topology.ObjectID(rawValue: Int32($0)), set: Set(topology.objects[$0].cpuset),
                    depth: topology.objects[$0].depth
                )
            }
        let table = topology.ancestorTable(leafType: .pu)
        for (i, a) in pus.enumerated() {
            for (j, b) in pus.enumerated() where j >= i {
                let osA = topology[a].osIndex!, osB = topology[b].osIndex!
                let expected = candidates.filter { $0.set.contains(osA) && $0.set.contains(osB) }.max {
                    $0.depth < $1.depth
                }!
                let lca = topology.lowestCommonAncestor(a, b)
                #expect(lca == expected.id)
                // The ancestor table agrees: the finest shared tree level (NUMA is not a tree level) is the LCA's type.
                let sharedTreeLevel = table.levels.indices.reversed().first {
                    table.levels[$0] != .numaNode && table.ids[$0][i] == table.ids[$0][j]
                }
                #expect(sharedTreeLevel.map { table.levels[$0] } == topology[lca].type)
            }
        }
    }

    @Test("NUMA locality of PUs equals the node cpusets", arguments: allTopologyFiles)
    func numaOfPU(file: String) throws {
        let topology = try Topology.load(from: .xmlFile(file))
        var covered = 0
        for node in topology.objects(ofType: .numaNode) {
            let pus = topology.pus(ofNUMANode: node)
            let expected = Set(topology[node].cpuset)
            // KNL-like machines have PUs local to several nodes; the lowest wins in numaNode(ofPU:).
            #expect(Set(pus.compactMap { topology[$0].osIndex }).isSubset(of: expected))
            for pu in pus { #expect(topology.numaNode(ofPU: pu) == node) }
            covered += pus.count
        }
        let puCount = topology.count(of: .pu)
        #expect(covered == puCount || topology.count(of: .numaNode) == 0)
    }

    @Test("ancestor table: shared level ⇔ same ancestor object")
    func ancestorTableSemantics() throws {
        // hwloc gives each synthetic NUMA level a Group parent: the NUMA node sorts just below it.
        let topology = try Topology.load(from: .synthetic("pack:2 numa:2 l3:2 core:2 pu:2"))
        let table = topology.ancestorTable(leafType: .core)
        #expect(table.levels == [.machine, .package, .group, .numaNode, .l3Cache, .core])
        #expect(table.leaves.count == 16)
        for a in table.leaves.indices {
            for b in table.leaves.indices {
                let lca = topology.lowestCommonAncestor(table.leaves[a], table.leaves[b])
                let level = try #require(table.sharedLevel(a, b))
                let treeLevel = try #require(
                    table.levels.indices.reversed().first {
                        table.levels[$0] != .numaNode && $0 <= level && table.ids[$0][a] == table.ids[$0][b]
                    })
                #expect(table.levels[treeLevel] == topology[lca].type)
                // Same NUMA node exactly when the cores' local nodes agree.
                let sameNode =
                    topology.numaNode(ofPU: topology.children(of: table.leaves[a])[0])
                    == topology.numaNode(ofPU: topology.children(of: table.leaves[b])[0])
                #expect((level >= 3) == sameNode)
            }
        }
        // A level the machine lacks never makes two leaves look alike.
        let flat = try Topology.load(from: .synthetic("pack:1 core:4 pu:1"))
        let t = flat.ancestorTable(leafType: .pu, levels: [.package, .l3Cache, .pu])
        #expect(t.sharedLevel(0, 1) == 0)
    }

    @Test("memory and PUs of a NUMA node; synthetic NUMA defaults")
    func numaNodeQueries() throws {
        let topology = try Topology.load(from: .synthetic("pack:2 numa:2 l3:1 core:8 pu:2"))
        #expect(topology.count(of: .numaNode) == 4)
        let node = try #require(topology.object(.numaNode, logicalIndex: 3))
        #expect(topology.pus(ofNUMANode: node).count == 16)
        #expect(topology[topology.pus(ofNUMANode: node)[0]].osIndex == Topology.OSIndex(rawValue: 48))
        #expect(topology.memory(ofNUMANode: node) > 0)
        #expect(topology.numaDistanceMatrix == nil)
        #expect(topology.numaDistance(0, 3) == Topology.defaultRemoteNUMADistance)
        #expect(topology.numaDistance(2, 2) == Topology.localNUMADistance)
        #expect(!topology.isThisSystem)
    }

    @Test("hybrid CPU kinds are read", .enabled(if: TestPaths.shared != nil, "\(TestPaths.sharedMissing)"))
    func cpuKinds() throws {
        let file = try #require(TestPaths.sharedTopologies.first { $0.contains("raptorlake") })
        let topology = try Topology.load(from: .xmlFile(file))
        #expect(topology.cpuKinds.count == 2)
        #expect(topology.cpuKinds.map(\.pus.count).sorted() == [8, 12])
        let pCore = try #require(topology.cpuKinds.max { $0.efficiency < $1.efficiency })
        #expect(pCore.pus.map(\.rawValue) == Array(0...11))
    }
}

@Suite struct TopologyErrorTests {
    @Test func missingFile() {
        #expect {
            try Topology.load(from: .xmlFile("/nonexistent/t.xml"))
        } throws: { error in
            let e = error as? TopologyError
            return e?.code == ENOENT && e!.message.contains("/nonexistent/t.xml") && e!.message.contains("No such file")
        }
    }

    @Test func truncatedXML() throws {
        let full = try String(contentsOfFile: TestPaths.topologySamples[0], encoding: .utf8)
        let path = NSTemporaryDirectory() + "truncated-\(UUID().uuidString).xml"
        try String(full.prefix(full.count / 2)).write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect {
            try Topology.load(from: .xmlFile(path))
        } throws: { error in
            (error as? TopologyError)?.message.contains("not a valid hwloc XML topology") == true
        }
    }

    @Test func foreignXML() {
        #expect {
            try Topology.load(from: .xml("<?xml version=\"1.0\"?><svg width=\"1\"></svg>"))
        } throws: { error in
            (error as? TopologyError)?.code == EINVAL
        }
    }

    @Test func badSynthetic() {
        #expect {
            try Topology.load(from: .synthetic("pack:2 bogus:3 pu:2"))
        } throws: { error in
            let e = error as? TopologyError
            return e?.code == EINVAL && e!.message.contains("pack:2 bogus:3 pu:2") && e!.message.contains("synthetic")
        }
    }

    @Test func xmlRoundTrip() throws {
        let source = Topology.Source.xmlFile(TestPaths.topologySamples.first { $0.contains("2pack-2numa") }!)
        let original = try Topology.load(from: source)
        let exported = try Topology.exportXML(from: source)
        let again = try Topology.load(from: .xml(exported))
        #expect(again.objects == original.objects)
        #expect(again.numaDistanceMatrix == original.numaDistanceMatrix)
    }
}

@Suite struct CPUSetListTests {
    @Test(arguments: [([0, 1, 2, 3, 8], "0-3,8"), ([], ""), ([5], "5"), ([3, 1, 2, 10, 11], "1-3,10-11")])
    func format(indexes: [Int], expected: String) {
        #expect(CPUSetList.format(indexes) == expected)
        #expect(CPUSetList.parse(expected) == indexes.sorted())
    }

    @Test func rejectsMalformed() {
        #expect(CPUSetList.parse("3-1") == nil)
        #expect(CPUSetList.parse("a") == nil)
        #expect(CPUSetList.parse("1,,2") == nil)
    }
}
