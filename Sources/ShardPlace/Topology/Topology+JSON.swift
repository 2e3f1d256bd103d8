import Foundation

extension Topology {
    /// The topology as one JSON document (what `shardplace topology --format json` prints and the C
    /// ABI's `sp_topology_json` returns): stable, sorted keys; the counts `packages`, `dies`, `groups`,
    /// `numaNodes`, `l3Caches`, `l2Caches`, `l1Caches`, `cores`, `pus`; `allowedPUs` and each object's
    /// `cpuset` in list form (`0-3,8`); `totalMemory`; `numaDistances` (hwloc's latency matrix, or
    /// `null`); `cpuKinds`; `hwlocVersion`; `source`; `isThisSystem`; and `tree`, the objects with
    /// `type`, `logicalIndex`, `osIndex`, `children`, plus `memory` for NUMA nodes and `cacheSize` for
    /// caches.
    ///
    /// - Complexity: O(objects + PUs × objects' cpusets).
    public var jsonDocument: String {
        let topology = self
        func node(_ id: Topology.ObjectID) -> TopologyJSON.Node {
            let o = topology[id]
            return TopologyJSON.Node(
                type: o.type == .group ? "Group" : o.type.hwlocName,
                logicalIndex: o.logicalIndex.rawValue,
                osIndex: o.osIndex?.rawValue,
                cpuset: CPUSetList.format(o.cpuset.map(\.rawValue)),
                memory: o.type == .numaNode ? o.localMemory : nil,
                cacheSize: o.cache?.size,
                subtype: o.subtype,
                children: topology.children(of: id).map(node))
        }
        let document = TopologyJSON.Document(
            packages: topology.count(of: .package),
            dies: topology.count(of: .die),
            groups: topology.count(of: .group),
            numaNodes: topology.count(of: .numaNode),
            l3Caches: topology.count(of: .l3Cache),
            l2Caches: topology.count(of: .l2Cache),
            l1Caches: topology.count(of: .l1Cache),
            cores: topology.count(of: .core),
            pus: topology.count(of: .pu),
            allowedPUs: CPUSetList.format(topology.allowedPUs.compactMap { topology[$0].osIndex?.rawValue }),
            totalMemory: topology.totalMemory,
            numaDistances: topology.numaDistanceMatrix,
            cpuKinds: topology.cpuKinds.map {
                TopologyJSON.Kind(
                    efficiency: $0.efficiency, coreType: $0.coreType, cpuset: CPUSetList.format($0.pus.map(\.rawValue)))
            },
            hwlocVersion: topology.hwlocVersion,
            source: topology.source.description,
            isThisSystem: topology.isThisSystem,
            tree: node(topology.root))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain value types with finite numbers cannot fail.
        return String(decoding: try! encoder.encode(document), as: UTF8.self)
    }

    private enum TopologyJSON {
        struct Document: Encodable {
            var packages: Int
            var dies: Int
            var groups: Int
            var numaNodes: Int
            var l3Caches: Int
            var l2Caches: Int
            var l1Caches: Int
            var cores: Int
            var pus: Int
            var allowedPUs: String
            var totalMemory: UInt64
            var numaDistances: [[UInt64]]?
            var cpuKinds: [Kind]
            var hwlocVersion: String
            var source: String
            var isThisSystem: Bool
            var tree: Node

            enum CodingKeys: String, CodingKey {
                case packages, dies, groups, numaNodes, l3Caches, l2Caches, l1Caches, cores, pus, allowedPUs
                case totalMemory, numaDistances, cpuKinds, hwlocVersion, source, isThisSystem, tree
            }

            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(packages, forKey: .packages)
                try c.encode(dies, forKey: .dies)
                try c.encode(groups, forKey: .groups)
                try c.encode(numaNodes, forKey: .numaNodes)
                try c.encode(l3Caches, forKey: .l3Caches)
                try c.encode(l2Caches, forKey: .l2Caches)
                try c.encode(l1Caches, forKey: .l1Caches)
                try c.encode(cores, forKey: .cores)
                try c.encode(pus, forKey: .pus)
                try c.encode(allowedPUs, forKey: .allowedPUs)
                try c.encode(totalMemory, forKey: .totalMemory)
                try c.encode(numaDistances, forKey: .numaDistances)  // null when hwloc has no matrix
                try c.encode(cpuKinds, forKey: .cpuKinds)
                try c.encode(hwlocVersion, forKey: .hwlocVersion)
                try c.encode(source, forKey: .source)
                try c.encode(isThisSystem, forKey: .isThisSystem)
                try c.encode(tree, forKey: .tree)
            }
        }

        struct Kind: Encodable {
            var efficiency: Int
            var coreType: String?
            var cpuset: String
        }

        struct Node: Encodable {
            var type: String
            var logicalIndex: Int32
            var osIndex: Int32?
            var cpuset: String
            var memory: UInt64?
            var cacheSize: UInt64?
            var subtype: String?
            var children: [Node]
        }
    }
}
