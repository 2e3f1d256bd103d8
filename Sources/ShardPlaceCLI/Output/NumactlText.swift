import ShardPlace

/// The layout of `numactl --hardware`, so that scripts written for it can read any topology:
/// nodes by OS index, their CPUs (OS indexes) and memory in MB, and the distance matrix.
/// For this machine `live` carries libnuma's sizes and free memory; for an XML or synthetic
/// topology sizes come from hwloc and the `free` lines are left out.
enum NumactlText {
    static func render(_ topology: Topology, live: SystemNUMA?) -> String {
        let nodes = topology.objects(ofType: .numaNode)
            .map {
                (
                    logical: Int(topology[$0].logicalIndex.rawValue),
                    os: Int(topology[$0].osIndex?.rawValue ?? topology[$0].logicalIndex.rawValue), id: $0
                )
            }
            .sorted { $0.os < $1.os }
        var out = "available: \(nodes.count) nodes (\(CPUSetList.format(nodes.map(\.os))))\n"
        for node in nodes {
            let cpus = topology[node.id].cpuset.map { String($0.rawValue) }
            out += "node \(node.os) cpus:" + cpus.map { " " + $0 }.joined() + "\n"
            if let liveNode = live?.nodes.first(where: { $0.id == node.os }) {
                out += "node \(node.os) size: \(liveNode.size >> 20) MB\n"
                out += "node \(node.os) free: \(liveNode.free >> 20) MB\n"
            } else {
                out += "node \(node.os) size: \(topology[node.id].localMemory >> 20) MB\n"
            }
        }
        out += "node distances:\n"
        out += "node " + nodes.map { format3($0.os) + " " }.joined() + "\n"
        for a in nodes {
            out += format3(a.os) + ": "
            out += nodes.map { b in format3(Int(topology.numaDistance(a.logical, b.logical))) + " " }.joined() + "\n"
        }
        return out
    }

    /// printf("% 3d", v)
    private static func format3(_ value: Int) -> String {
        let text = value < 0 ? String(value) : " " + String(value)
        return String(repeating: " ", count: max(0, 3 - text.count)) + text
    }
}
