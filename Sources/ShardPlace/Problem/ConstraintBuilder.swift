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
    private(set) var slotAntiAffinity: [Bool] = []
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
            slotAntiAffinity.append(false)
            slotSpreadMin.append(0)
            slotsOfGroup[g].append(Int32(s))
            return s
        }
        var dependencies: [(Int, Int)] = []
        for (g, group) in scenario.groups.enumerated() {
            if let k = group.antiAffinity { slotAntiAffinity[slot(g, k)] = true }
            if let standby = group.standby { slotAntiAffinity[slot(g, standby.key)] = true }
            if let spread = group.spread { slotSpreadMin[slot(g, spread.key)] = Int32(spread.min) }
            for dep in group.dependsOn {
                guard let other = groupIndex[dep.group], other != g else { continue }
                dependencies.append((slot(g, dep.key), slot(other, dep.key)))
            }
        }
        dependencyDependent = dependencies.map { Int32($0.0) }
        dependencyRequired = dependencies.map { Int32($0.1) }

        // Domain ids per key: a label value (or the host itself for `host`); an unlabeled host is a
        // domain of its own.
        let hosts = scenario.hosts
        hostDomain = [Int32](repeating: 0, count: keys.count * hosts.count)
        domainCount = []
        for (k, name) in keys.enumerated() {
            var ids: [String: Int32] = [:]
            var next: Int32 = 0
            for h in hosts.indices {
                let id: Int32
                if let value = scenario.domain(ofHost: h, key: name) {
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
