import ShardPlace

/// An lstopo-like rendering: one line per object, an object with a single child merged with it on
/// one line (`L2 L#0 (1024KB) + L1d L#0 (32KB) + Core L#0 + PU L#0 (P#0)`), then the NUMA distance
/// matrix and CPU kinds when hwloc has them.
enum TopologyText {
    static func render(_ topology: Topology) -> String {
        var out = ""
        line(topology, topology.root, indent: 0, into: &out)
        if let matrix = topology.numaDistanceMatrix {
            out += "\nNUMA distances (relative latency, by logical index):\n"
            out += distanceTable(matrix.map { $0.map { Int($0) } }, header: "index")
        }
        for (index, kind) in topology.cpuKinds.enumerated() {
            let type = kind.coreType.map { " \($0)" } ?? ""
            out +=
                "CPU kind \(index) (efficiency \(kind.efficiency))\(type): PUs P#\(CPUSetList.format(kind.pus.map(\.rawValue)))\n"
        }
        return out
    }

    static func label(_ topology: Topology, _ id: Topology.ObjectID) -> String {
        let object = topology[id]
        var name = object.type.hwlocName
        if object.type == .group {
            name = "Group\(object.groupDepth)"
            if let subtype = object.subtype { name += "(\(subtype))" }
        }
        var text = "\(name) L#\(object.logicalIndex.rawValue)"
        var attributes: [String] = []
        switch object.type {
        case .machine:
            text = name
            let total = topology.totalMemory
            if total > 0 { attributes.append("\(HwlocUnits.size(total)) total") }
        case .numaNode:
            var part = object.osIndex.map { "P#\($0.rawValue)" } ?? ""
            if object.localMemory > 0 { part += (part.isEmpty ? "" : " ") + HwlocUnits.size(object.localMemory) }
            if !part.isEmpty { attributes.append(part) }
        case .pu:
            if let os = object.osIndex { attributes.append("P#\(os.rawValue)") }
        case .l3Cache, .l2Cache, .l1Cache:
            if let cache = object.cache, cache.size > 0 { attributes.append(HwlocUnits.size(cache.size)) }
        default: break
        }
        if !attributes.isEmpty { text += " (" + attributes.joined(separator: ", ") + ")" }
        return text
    }

    private static func line(_ topology: Topology, _ id: Topology.ObjectID, indent: Int, into out: inout String) {
        var text = label(topology, id)
        var current = id
        while topology.children(of: current).count == 1 {
            current = topology.children(of: current)[0]
            text += " + " + label(topology, current)
        }
        out += String(repeating: "  ", count: indent) + text + "\n"
        for child in topology.children(of: current) { line(topology, child, indent: indent + 1, into: &out) }
    }

    /// A right-aligned square table with row and column indexes.
    static func distanceTable(_ matrix: [[Int]], header: String) -> String {
        let width = max(header.count, (matrix.flatMap { $0 }.map { String($0).count }.max() ?? 1)) + 1
        func pad(_ s: String) -> String { String(repeating: " ", count: max(0, width - s.count)) + s }
        var out = pad(header) + matrix.indices.map { pad(String($0)) }.joined() + "\n"
        for (i, row) in matrix.enumerated() { out += pad(String(i)) + row.map { pad(String($0)) }.joined() + "\n" }
        return out
    }
}
