/// Compiles group constraints into domain ids per host and count slots (one per (group, key) pair a
/// constraint needs), with the anti-affinity, spread and dependency rules attached to the slots.
struct ConstraintBuilder {
    let scenario: Scenario
    let groupIndex: [String: Int]

    private(set) var keys: [String] = []
    private(set) var domainCount: [Int32] = []
    private(set) var hostDomain: [Int32] = []
    private(set) var slotGroup: [Int32] = []
    private(set) var slotKey: [Int32] = []
    private(set) var groupSlotStart: [Int32] = []
    private(set) var groupSlots: [Int32] = []
    /// Per slot: the most shards of the group one domain may hold (1 for anti-affinity), 0 for no limit.
    private(set) var slotLimit: [Int32] = []
    private(set) var slotSpreadMin: [Int32] = []
    private(set) var dependencyDependent: [Int32] = []
    private(set) var dependencyRequired: [Int32] = []
    private(set) var slotDependencyStart: [Int32] = []
    private(set) var slotDependencies: [Int32] = []

    init(scenario: Scenario, groupIndex: [String: Int]) {
        self.scenario = scenario
        self.groupIndex = groupIndex
    }

    mutating func build() {
        var keyIndex: [String: Int] = [:]
        func key(_ name: String) -> Int {
            if let k = keyIndex[name] { return k }
            keyIndex[name] = keys.count
            keys.append(name)
            return keys.count - 1
        }
        var slotIndex: [Int64: Int] = [:]
        var slotsOfGroup = [[Int32]](repeating: [], count: scenario.groups.count)
        func slot(_ g: Int, _ name: String) -> Int {
            let k = key(name)
            let id = Int64(g) << 32 | Int64(k)
            if let s = slotIndex[id] { return s }
            let s = slotGroup.count
            slotIndex[id] = s
            slotGroup.append(Int32(g))
            slotKey.append(Int32(k))
            slotLimit.append(0)
            slotSpreadMin.append(0)
            slotsOfGroup[g].append(Int32(s))
            return s
        }
        var dependencies: [(Int, Int)] = []
        for (g, group) in scenario.groups.enumerated() {
            if let k = group.antiAffinity { slotLimit[slot(g, k)] = 1 }
            if let standby = group.standby { slotLimit[slot(g, standby.key)] = 1 }
            if let spread = group.spread { slotSpreadMin[slot(g, spread.key)] = Int32(spread.min) }
            for dep in group.dependsOn {
                guard let other = groupIndex[dep.group], other != g else { continue }
                dependencies.append((slot(g, dep.key), slot(other, dep.key)))
            }
        }
        // The spot-replica rule: at most `maxSpotReplicas` shards of a group on one provider's spot hosts,
        // as a count limit on the reserved key whose domains are the spot pools (other hosts are in none).
        let spotHosts = scenario.hosts.contains {
            $0.labels[Scenario.CatalogLabel.offerType] == OfferType.spot.rawValue
        }
        if spotHosts {
            var members = [Int](repeating: 0, count: scenario.groups.count)
            for shard in scenario.shards { if let g = shard.group.flatMap({ groupIndex[$0] }) { members[g] += 1 } }
            for (g, group) in scenario.groups.enumerated() {
                let limit = group.maxSpotReplicas ?? scenario.policy.spotReplicas
                if members[g] > limit { slotLimit[slot(g, Problem.spotKey)] = Int32(limit) }
            }
        }
        dependencyDependent = dependencies.map { Int32($0.0) }
        dependencyRequired = dependencies.map { Int32($0.1) }

        // Domain ids per key: a label value (or the host itself for `host`); an unlabeled host is a
        // domain of its own. For the spot key: one domain per provider's spot pool, -1 (none) for hosts
        // that are not spot.
        let hosts = scenario.hosts
        hostDomain = [Int32](repeating: 0, count: keys.count * hosts.count)
        domainCount = []
        for (k, name) in keys.enumerated() {
            var ids: [String: Int32] = [:]
            var next: Int32 = 0
            for h in hosts.indices {
                let id: Int32
                if name == Problem.spotKey {
                    guard hosts[h].labels[Scenario.CatalogLabel.offerType] == OfferType.spot.rawValue else {
                        hostDomain[k * hosts.count + h] = -1
                        continue
                    }
                    let pool = hosts[h].labels[Scenario.CatalogLabel.provider] ?? ""
                    if let existing = ids[pool] {
                        id = existing
                    } else {
                        id = next
                        ids[pool] = next
                        next += 1
                    }
                } else if let value = scenario.domain(ofHost: h, key: name) {
                    if let existing = ids[value] {
                        id = existing
                    } else {
                        id = next
                        ids[value] = next
                        next += 1
                    }
                } else {
                    id = next
                    next += 1
                }
                hostDomain[k * hosts.count + h] = id
            }
            domainCount.append(next)
        }

        groupSlotStart = [0]
        for g in scenario.groups.indices {
            groupSlots += slotsOfGroup[g]
            groupSlotStart.append(Int32(groupSlots.count))
        }
        var perSlot = [[Int32]](repeating: [], count: slotGroup.count)
        for (i, (a, b)) in dependencies.enumerated() {
            perSlot[a].append(Int32(i))
            if b != a { perSlot[b].append(Int32(i)) }
        }
        slotDependencyStart = [0]
        for s in perSlot.indices {
            slotDependencies += perSlot[s]
            slotDependencyStart.append(Int32(slotDependencies.count))
        }
    }
}
