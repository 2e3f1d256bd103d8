extension Problem {
    /// Compiles a scenario.
    ///
    /// - Parameters:
    ///   - given: a scenario that passed ``Scenario/validate()`` (``ScenarioLoader`` ensures it). Its
    ///     groups' standby shards (``Scenario/standbyShards``) are compiled after its own shards, its
    ///     offers' candidate hosts (``Scenario/expandingOffers()``) after its own hosts.
    ///   - topologies: already-loaded topologies by source, to avoid loading one shape per host; any
    ///     other host topology is loaded through hwloc (once per distinct source).
    ///   - offerPlan: how many hosts of each offer are bought at a planned duty (``OfferPlanner``);
    ///     without it every used offer host is charged its full effective price.
    /// - Throws: ``ScenarioError`` when a host topology cannot be loaded (path `hosts[i].topology`) or a
    ///   current-placement location names no leaf (path `placement["shard"]`).
    /// - Complexity: O(shards × resources + hosts × leaves per host + traffic + constraints).
    public init(
        _ given: Scenario, topologies: [Topology.Source: Topology] = [:], offerPlan: OfferPlan? = nil
    ) throws(ScenarioError) {
        let scenario = given.expandingStandbys().expandingOffers()
        var issues: [ScenarioError.Issue] = []
        let d = scenario.resources.count
        let stride = (d + 3) / 4 * 4
        let hostCount = scenario.hosts.count
        let shardCount = scenario.shards.count
        var hostIndex: [String: Int] = [:]
        for (i, h) in scenario.hosts.enumerated() { hostIndex[h.id] = i }
        var groupIndex: [String: Int] = [:]
        for (i, g) in scenario.groups.enumerated() { groupIndex[g.id] = i }
        var resourceIndex: [String: Int] = [:]
        for (i, r) in scenario.resources.enumerated() { resourceIndex[r.name] = i }

        // Shards.
        var demand = [Double](repeating: 0, count: shardCount * stride)
        var shardGroup = [Int32](repeating: -1, count: shardCount)
        var moveCost = [Double](repeating: 0, count: shardCount)
        var size = [Double](repeating: 0, count: shardCount)
        var eligibleStart: [Int32] = [0]
        var eligibleHosts: [Int32] = []
        var restricted = [Bool](repeating: false, count: shardCount)
        for (s, shard) in scenario.shards.enumerated() {
            for r in 0..<min(d, shard.demand.count) { demand[s * stride + r] = shard.demand[r] }
            shardGroup[s] = shard.group.flatMap { groupIndex[$0] }.map(Int32.init) ?? -1
            moveCost[s] = shard.moveCost
            size[s] = shard.size
            let group = shardGroup[s] >= 0 ? scenario.groups[Int(shardGroup[s])] : nil
            if scenario.hasPlacementRules(shard, group: group) {
                let eligible = scenario.eligibleHosts(for: shard, group: group, hostIndex: hostIndex)
                if eligible.count < hostCount {
                    restricted[s] = true
                    eligibleHosts.append(contentsOf: eligible.map(Int32.init))
                }
            }
            eligibleStart.append(Int32(eligibleHosts.count))
        }

        // Location tree and capacity nodes.
        var tree = LocationTreeBuilder(
            scenario: scenario, stride: stride, resourceIndex: resourceIndex, preloaded: topologies)
        tree.build(issues: &issues)

        // Host vectors.
        var safety = [Double](repeating: 0, count: hostCount * stride)
        var price = [Double](repeating: 0, count: hostCount * stride)
        var inverseCapacity = [Double](repeating: 0, count: hostCount * stride)
        var hostMoveCost: [Double] = []
        let anyMoveCost = scenario.hosts.contains { $0.moveCost != nil }
        if anyMoveCost { hostMoveCost = [Double](repeating: 0, count: hostCount * hostCount) }
        for (h, host) in scenario.hosts.enumerated() {
            for r in 0..<d {
                let c = host.capacity[r]
                safety[h * stride + r] = host.safetyCapacity?[r] ?? c
                price[h * stride + r] = host.price?[r] ?? 0
                inverseCapacity[h * stride + r] = c > 0 ? 1 / c : 0
            }
            if let row = host.moveCost {
                for (k, v) in row.prefix(hostCount).enumerated() { hostMoveCost[h * hostCount + k] = v }
            }
        }
        var transientMask = [Double](repeating: 0, count: stride)
        var loadWeight = [Double](repeating: 0, count: stride)
        var resourceWeight = [Double](repeating: 0, count: stride)
        var reference = [Double](repeating: 0, count: stride)
        for (r, resource) in scenario.resources.enumerated() {
            transientMask[r] = resource.transient ? 1 : 0
            loadWeight[r] = resource.loadWeight
            resourceWeight[r] = resource.weight
            if let given = scenario.policy.fragmentationReference, given.count == d {
                reference[r] = given[r]
            } else if shardCount > 0 {
                var column = (0..<shardCount).map { demand[$0 * stride + r] }
                column.sort()
                reference[r] = column[shardCount / 2]
            }
        }

        // Balance objectives.
        let objectives = scenario.policy.balance.filter {
            resourceIndex[$0.resource] != nil && resourceIndex[$0.over] != nil
        }

        // Constraint domains and count slots.
        var constraints = ConstraintBuilder(scenario: scenario, groupIndex: groupIndex)
        constraints.build()

        // Group members.
        var memberCount = [Int32](repeating: 0, count: scenario.groups.count + 1)
        for g in shardGroup where g >= 0 { memberCount[Int(g) + 1] += 1 }
        var groupMemberStart = [Int32](repeating: 0, count: scenario.groups.count + 1)
        for g in 0..<scenario.groups.count { groupMemberStart[g + 1] = groupMemberStart[g] + memberCount[g + 1] }
        var groupMembers = [Int32](repeating: 0, count: Int(groupMemberStart.last ?? 0))
        var fill = groupMemberStart
        for (s, g) in shardGroup.enumerated() where g >= 0 {
            groupMembers[Int(fill[Int(g)])] = Int32(s)
            fill[Int(g)] += 1
        }

        // Traffic, symmetric CSR.
        var shardIndex: [String: Int] = [:]
        shardIndex.reserveCapacity(shardCount)
        for (s, shard) in scenario.shards.enumerated() { shardIndex[shard.id] = s }
        var degree = [Int32](repeating: 0, count: shardCount + 1)
        var edges: [(Int32, Int32, Float)] = []
        edges.reserveCapacity(scenario.traffic.count)
        for e in scenario.traffic {
            guard let a = shardIndex[e.from], let b = shardIndex[e.to], a != b, e.volume > 0 else { continue }
            edges.append((Int32(a), Int32(b), Float(e.volume)))
            degree[a + 1] += 1
            degree[b + 1] += 1
        }
        for s in 0..<shardCount { degree[s + 1] += degree[s] }
        var trafficPeer = [Int32](repeating: 0, count: Int(degree[shardCount]))
        var trafficVolume = [Float](repeating: 0, count: trafficPeer.count)
        var next = degree
        for (a, b, v) in edges {
            trafficPeer[Int(next[Int(a)])] = b
            trafficVolume[Int(next[Int(a)])] = v
            next[Int(a)] += 1
            trafficPeer[Int(next[Int(b)])] = a
            trafficVolume[Int(next[Int(b)])] = v
            next[Int(b)] += 1
        }

        // Current placement.
        var initialLeaf = [Int32](repeating: -1, count: shardCount)
        var initialHost = [Int32](repeating: -1, count: shardCount)
        if let placement = scenario.placement {
            var load = tree.capacity  // remaining capacity, for bare host ids below host depth
            for (shard, location) in placement.sorted(by: { $0.key < $1.key }) {
                guard let s = shardIndex[shard] else { continue }
                guard
                    let leaf = tree.leaf(
                        named: location, hostIndex: hostIndex, demand: demand, shard: s, remaining: &load)
                else {
                    issues.append(
                        .init(
                            path: "placement[\"\(shard)\"]",
                            message: "no location named \"\(location)\" at depth \(scenario.depth.rawValue)"))
                    continue
                }
                initialLeaf[s] = Int32(leaf)
                initialHost[s] = tree.leafHost[leaf]
            }
        }
        guard issues.isEmpty else { throw ScenarioError(issues: issues) }

        self.shardCount = shardCount
        self.hostCount = hostCount
        self.leafCount = tree.leafHost.count
        self.resourceCount = d
        self.stride = stride
        self.groupCount = scenario.groups.count
        self.shardIDs = scenario.shards.map(\.id)
        self.hostIDs = scenario.hosts.map(\.id)
        self.groupIDs = scenario.groups.map(\.id)
        self.resourceNames = scenario.resources.map(\.name)
        self.leafNames = tree.leafNames
        self.depth = scenario.depth
        self.leafCPUSets = tree.leafCPUSets
        self.leafNodeSets = tree.leafNodeSets
        self.demand = demand
        self.shardGroup = shardGroup
        self.moveCost = moveCost
        self.size = size
        self.initialLeaf = initialLeaf
        self.initialHost = initialHost
        self.eligibleStart = eligibleStart
        self.eligibleHosts = eligibleHosts
        self.restricted = restricted
        // The capacity nodes start with one row per host.
        let reach = Self.reach(
            shardCount: shardCount, hostCount: hostCount, resources: d, stride: stride, demand: demand,
            hostCapacity: Array(tree.capacity[0..<hostCount * stride]), transient: scenario.resources.map(\.transient),
            initialHost: initialHost,
            eligibleStart: eligibleStart, eligibleHosts: eligibleHosts, restricted: restricted)
        self.reachStart = reach.start
        self.reachHosts = reach.hosts
        self.reachRestricted = reach.restricted
        self.leafHost = tree.leafHost
        self.hostLeafStart = tree.hostLeafStart
        self.leafAncestors = tree.leafAncestors
        self.leafCostRow = tree.leafCostRow
        self.distanceCosts = tree.distanceCosts
        self.leafNodes = tree.leafNodes
        self.capacityLevels = tree.capacityLevels
        self.nodeCount = tree.capacity.count / stride
        self.capacity = tree.capacity
        self.safety = safety
        self.price = price
        self.inverseCapacity = inverseCapacity
        self.transientMask = transientMask
        self.loadWeight = loadWeight
        self.resourceWeight = resourceWeight
        self.fragmentationReference = reference
        self.hostMoveCost = hostMoveCost
        self.balanceResource = objectives.map { Int32(resourceIndex[$0.resource]!) }
        self.balanceOver = objectives.map { Int32(resourceIndex[$0.over]!) }
        self.balanceTarget = objectives.map { $0.target }
        self.balanceWeight = objectives.map { $0.weight }
        self.domainKeys = constraints.keys
        self.domainCount = constraints.domainCount
        self.hostDomain = constraints.hostDomain
        self.slotGroup = constraints.slotGroup
        self.slotKey = constraints.slotKey
        self.groupSlotStart = constraints.groupSlotStart
        self.groupSlots = constraints.groupSlots
        self.slotLimit = constraints.slotLimit
        self.slotSpreadMin = constraints.slotSpreadMin
        self.dependencyDependent = constraints.dependencyDependent
        self.dependencyRequired = constraints.dependencyRequired
        self.slotDependencyStart = constraints.slotDependencyStart
        self.slotDependencies = constraints.slotDependencies
        self.groupMemberStart = groupMemberStart
        self.groupMembers = groupMembers
        self.levelKeys = scenario.policy.domainLevels
        var levelDomain = [Int32](repeating: 0, count: scenario.policy.domainLevels.count * hostCount)
        for (k, key) in scenario.policy.domainLevels.enumerated() {
            var ids: [String: Int32] = [:]
            var next: Int32 = 0
            for h in 0..<hostCount {
                if let value = scenario.domain(ofHost: h, key: key), let id = ids[value] {
                    levelDomain[k * hostCount + h] = id
                    continue
                }
                if let value = scenario.domain(ofHost: h, key: key) { ids[value] = next }
                levelDomain[k * hostCount + h] = next
                next += 1
            }
        }
        self.hostLevelDomain = levelDomain
        self.groupMinAvailable = scenario.groups.enumerated().map { g, group in
            let members = Int(groupMemberStart[g + 1] - groupMemberStart[g])
            if let given = group.minAvailable { return Int32(min(given, members)) }
            return group.antiAffinity != nil || group.standby != nil ? Int32(max(0, members - 1)) : 0
        }
        self.trafficStart = degree
        self.trafficPeer = trafficPeer
        self.trafficVolume = trafficVolume
        let catalog = ProviderTables(scenario, plan: offerPlan)
        self.providerIDs = catalog.providerIDs
        self.hostProvider = catalog.hostProvider
        self.hostEgress = catalog.hostEgress
        self.egressScale = 0.5 * scenario.policy.egressGBPerVolume
        self.hostOffer = catalog.hostOffer
        self.hostOfferType = catalog.hostOfferType
        self.offerIDs = catalog.offerIDs
        self.offerTypes = catalog.offerTypes
        self.offerPlanned = catalog.offerPlanned
        self.offerReducedCharge = catalog.offerReducedCharge
        self.offerFullCharge = catalog.offerFullCharge
        self.offerTermHours = catalog.offerTermHours
        self.leafLocale = tree.leafHost.map { catalog.hostLocale[Int($0)] }
        self.localeCount = catalog.localeCount
        self.localeLatency = catalog.localeLatency
        self.hasLatency = catalog.hasLatency
        self.weights = scenario.policy.weights
    }
}
