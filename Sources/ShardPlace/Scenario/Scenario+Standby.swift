extension Scenario {
    /// The id of a group's standby replica: `<group>.standby<index>` (`index` from 1).
    public static func standbyID(group: String, index: Int) -> String { "\(group).standby\(index)" }

    /// The standby shards that the groups' ``Group/standby`` fields ask for, in group order: for each
    /// group, ``Group/Standby/count`` shards with ids ``standbyID(group:index:)``.
    ///
    /// A standby holds a full copy of the group's data and can be promoted without moving, so it reserves
    /// the element-wise largest demand of the group's shards and has their largest size and move cost.
    /// It keeps the label rules, allowed hosts and minimum trust of the group's first shard (not its
    /// pin: a standby must live elsewhere). A group without shards gets no standby.
    public var standbyShards: [Shard] {
        var members: [String: [Shard]] = [:]
        for shard in shards { if let g = shard.group { members[g, default: []].append(shard) } }
        var result: [Shard] = []
        for group in groups {
            guard let standby = group.standby, standby.count > 0, let list = members[group.id], let first = list.first
            else { continue }
            var demand = first.demand
            for s in list.dropFirst() {
                for r in 0..<min(demand.count, s.demand.count) { demand[r] = max(demand[r], s.demand[r]) }
            }
            for index in 1...standby.count {
                result.append(
                    Shard(
                        id: Self.standbyID(group: group.id, index: index), group: group.id, demand: demand,
                        size: list.map(\.size).max() ?? 0, moveCost: list.map(\.moveCost).max() ?? 0,
                        allowedHosts: first.allowedHosts, affinity: first.affinity,
                        antiAffinity: first.antiAffinity, minTrust: first.minTrust))
            }
        }
        return result
    }

    /// This scenario with the standby shards appended to ``shards`` (what ``Problem`` compiles).
    public func expandingStandbys() -> Scenario {
        let extra = standbyShards
        guard !extra.isEmpty else { return self }
        var copy = self
        copy.shards += extra
        return copy
    }
}
