/// Builds the leaves of the location tree, their ancestor lanes and distance rows, and the capacity
/// nodes (hosts, then NUMA nodes / L3 groups / cores below host depth). See the "Cost model" article.
struct LocationTreeBuilder {
    let scenario: Scenario
    let stride: Int
    let resourceIndex: [String: Int]
    var topologies: [Topology.Source: Topology]

    private(set) var leafHost: [Int32] = []
    private(set) var hostLeafStart: [Int32] = [0]
    private(set) var leafNames: [String] = []
    /// Below host depth: the leaf's PUs (OS indexes, list form) and its NUMA node(s) (OS indexes).
    private(set) var leafCPUSets: [String] = []
    private(set) var leafNodeSets: [String] = []
    private(set) var leafAncestors: [Int32] = []
    private(set) var leafCostRow: [Int32] = []
    private(set) var distanceCosts: [Float] = []
    private(set) var leafNodes: [Int32] = []
    private(set) var capacityLevels = 0
    /// `nodes × stride`, hosts first.
    private(set) var capacity: [Double] = []
    private var leafByName: [String: Int] = [:]
    private var costRows: [[Float]: Int32] = [:]

    init(scenario: Scenario, stride: Int, resourceIndex: [String: Int], preloaded: [Topology.Source: Topology]) {
        self.scenario = scenario
        self.stride = stride
        self.resourceIndex = resourceIndex
        self.topologies = preloaded
    }

    private var leafType: Topology.ObjectType? {
        switch scenario.depth {
        case .host: nil
        case .numa: .numaNode
        case .l3: .l3Cache
        case .core: .core
        }
    }

    mutating func build(issues: inout [ScenarioError.Issue]) {
        let hosts = scenario.hosts
        let d = scenario.resources.count
        capacity = [Double](repeating: 0, count: hosts.count * stride)
        for (h, host) in hosts.enumerated() {
            for r in 0..<d { capacity[h * stride + r] = host.capacity[r] }
        }
        capacityLevels = scenario.depth == .host ? 0 : (scenario.depth == .numa ? 1 : 2)
        let domains = domainLanes()
        let costs = scenario.policy.levelCosts
        let domainNames = scenario.policy.domainLevels
        let pad = 3 - domainNames.count
        var objectBase: Int32 = 0  // makes intra-host ancestor ids unique across hosts

        for (h, host) in hosts.enumerated() {
            var topology: Topology?
            if let leafType, let spec = host.topology {
                let source: Topology.Source =
                    spec.live == true ? .live : spec.xml.map { .xmlFile($0) } ?? .synthetic(spec.synthetic ?? "")
                if let cached = topologies[source] {
                    topology = cached
                } else {
                    do {
                        let loaded = try Topology.load(from: source)
                        topologies[source] = loaded
                        topology = loaded
                    } catch {
                        issues.append(.init(path: "hosts[\(h)].topology", message: error.message))
                    }
                }
                if topology?.count(of: leafType) == 0 { topology = nil }
            }
            // Lane names for this host: pads, domain levels, host, intra levels (coarse to fine).
            var names = [String](repeating: "cluster", count: pad) + domainNames + ["host"]
            let hostLanes = Array(domains[h]) + [Int32(h)]
            if let topology, let leafType {
                let levels = topology.treeLevels(above: leafType).filter {
                    [.package, .numaNode, .l3Cache, .core].contains($0)
                }
                let table = topology.ancestorTable(leafType: leafType, levels: levels)
                let intraNames =
                    levels.map { name(of: $0) } + [String](repeating: "leaf", count: max(0, 4 - levels.count))
                names += intraNames.prefix(4)
                var nodeOf: [Int32: Int32] = [:]  // topology object id → capacity node
                let hostPUs = Double(max(1, topology.count(of: .pu)))
                let totalMemory = Double(topology.totalMemory)
                let numaCount = Double(max(1, topology.count(of: .numaNode)))
                func node(for object: Topology.ObjectID) -> Int32 {
                    if let existing = nodeOf[object.rawValue] { return existing }
                    let id = Int32(capacity.count / stride)
                    var row = [Double](repeating: .infinity, count: stride)
                    for r in d..<stride { row[r] = 0 }
                    let o = topology[object]
                    let share = Double(o.cpuset.count) / hostPUs
                    if let cpu = resourceIndex[scenario.policy.cpuResource] {
                        row[cpu] = host.capacity[cpu] * share
                    }
                    if o.type == .numaNode, let memory = resourceIndex[scenario.policy.memoryResource] {
                        let fraction = totalMemory > 0 ? Double(o.localMemory) / totalMemory : 1 / numaCount
                        row[memory] = host.capacity[memory] * fraction
                    }
                    capacity += row
                    nodeOf[object.rawValue] = id
                    return id
                }
                for (position, leaf) in table.leaves.enumerated() {
                    let leafIndex = Int32(leafHost.count)
                    var lanes = hostLanes
                    for level in levels.indices {
                        let id = table.ids[level][position]
                        lanes.append(id >= 0 ? objectBase + id : -(leafIndex + 1))
                    }
                    while lanes.count < 8 { lanes.append(-(leafIndex + 1)) }
                    leafAncestors += lanes.prefix(8)
                    // Capacity nodes: the leaf's NUMA node, then the leaf itself (l3/core).
                    var nodes: [Int32] = []
                    if let numaLevel = levels.firstIndex(of: .numaNode), table.ids[numaLevel][position] >= 0 {
                        nodes.append(node(for: Topology.ObjectID(rawValue: table.ids[numaLevel][position])))
                    } else if leafType == .numaNode {
                        nodes.append(node(for: leaf))
                    } else {
                        nodes.append(-1)
                    }
                    if capacityLevels == 2 { nodes.append(node(for: leaf)) }
                    leafNodes += nodes
                    let name = "\(host.id)/\(self.name(of: leafType)):\(topology[leaf].logicalIndex.rawValue)"
                    leafByName[name] = Int(leafIndex)
                    leafNames.append(name)
                    let cpus = topology[leaf].cpuset
                    leafCPUSets.append(CPUSetList.format(cpus.map(\.rawValue)))
                    let localNodes = topology.objects(ofType: .numaNode).filter { node in
                        cpus.contains { topology[node].cpuset.contains($0) }
                    }
                    leafNodeSets.append(CPUSetList.format(localNodes.compactMap { topology[$0].osIndex?.rawValue }))
                    leafHost.append(Int32(h))
                    leafCostRow.append(row(for: names, costs: costs))
                }
                objectBase += Int32(topology.objects.count)
            } else {
                names += ["leaf", "leaf", "leaf", "leaf"]
                let leafIndex = Int32(leafHost.count)
                leafAncestors += hostLanes + [Int32](repeating: -(leafIndex + 1), count: 4)
                leafNodes += [Int32](repeating: -1, count: capacityLevels)
                leafByName[host.id] = Int(leafIndex)
                leafNames.append(host.id)
                leafCPUSets.append("")
                leafNodeSets.append("")
                leafHost.append(Int32(h))
                leafCostRow.append(row(for: names, costs: costs))
            }
            hostLeafStart.append(Int32(leafHost.count))
        }
    }

    private func name(of type: Topology.ObjectType) -> String {
        switch type {
        case .package: "package"
        case .numaNode: "numa"
        case .l3Cache: "l3"
        case .core: "core"
        default: type.hwlocName.lowercased()
        }
    }

    /// The 9-entry distance row for a host's lane names (entry e = cost when e lanes are equal).
    private mutating func row(for names: [String], costs: Policy.LevelCosts) -> Int32 {
        var row = [Float](repeating: 0, count: 9)
        row[0] = Float(costs.cluster)
        for e in 1...8 {
            let level = names[e - 1]
            row[e] =
                switch level {
                case "cluster": Float(costs.cluster)
                case "zone": Float(costs.zone)
                case "rack": Float(costs.rack)
                case "host": Float(costs.host)
                case "package": Float(costs.package)
                case "numa": Float(costs.numa)
                case "l3": Float(costs.l3)
                case "core": Float(costs.core)
                case "leaf": 0
                default: Float(costs.domains[level] ?? costs.zone)
                }
        }
        row[8] = 0
        if let existing = costRows[row] { return existing }
        let id = Int32(costRows.count)
        costRows[row] = id
        distanceCosts += row
        return id
    }

    /// Per host, 3 lanes of nested domain ids for ``Policy/domainLevels`` (leading pads are 0).
    private func domainLanes() -> [[Int32]] {
        let levels = scenario.policy.domainLevels
        let pad = 3 - levels.count
        var ids: [String: Int32] = [:]
        return scenario.hosts.enumerated().map { h, host in
            var lanes = [Int32](repeating: 0, count: pad)
            var prefix = ""
            for key in levels {
                prefix += "\u{1}" + (host.labels[key] ?? "\u{2}\(h)")
                if let id = ids[prefix] {
                    lanes.append(id)
                } else {
                    let id = Int32(ids.count + 1)
                    ids[prefix] = id
                    lanes.append(id)
                }
            }
            return lanes
        }
    }

    /// The leaf a current-placement location names: `host` or `host/numa:1` etc. A bare host id below
    /// host depth picks the host's leaf with the most remaining cpu (then memory) capacity.
    func leaf(
        named location: String, hostIndex: [String: Int], demand: [Double], shard: Int, remaining: inout [Double]
    ) -> Int? {
        if let exact = leafByName[location] { return exact }
        guard let h = hostIndex[location] else { return nil }
        let range = Int(hostLeafStart[h])..<Int(hostLeafStart[h + 1])
        let cpu = resourceIndex[scenario.policy.cpuResource] ?? 0
        var best = range.lowerBound
        var bestFree = -Double.infinity
        for leaf in range {
            let node = leafNodes.isEmpty ? -1 : leafNodes[leaf * capacityLevels + capacityLevels - 1]
            let free = node >= 0 ? remaining[Int(node) * stride + cpu] : 0
            if free > bestFree {
                bestFree = free
                best = leaf
            }
        }
        for level in 0..<capacityLevels {
            let node = leafNodes[best * capacityLevels + level]
            if node >= 0 { for r in 0..<stride { remaining[Int(node) * stride + r] -= demand[shard * stride + r] } }
        }
        return best
    }
}
