extension Scenario {
    /// The hosts a shard may ever run on, by the constraints that cannot change during a solve: its pin,
    /// allowed hosts, label affinity and anti-affinity, minimum trust, and its group's minimum trust and
    /// data residency (capacity is not considered). Call it on the scenario as compiled
    /// (``expandingOffers()``) for offer hosts and catalog trust to count.
    ///
    /// - Parameter hostIndex: host id → position in ``hosts``.
    /// - Returns: host positions, ascending.
    public func eligibleHosts(for shard: Shard, hostIndex: [String: Int]) -> [Int] {
        let group = shard.group.flatMap { id in groups.first { $0.id == id } }
        return eligibleHosts(for: shard, group: group, hostIndex: hostIndex)
    }

    /// ``eligibleHosts(for:hostIndex:)`` with the shard's group already looked up.
    func eligibleHosts(for shard: Shard, group: Group?, hostIndex: [String: Int]) -> [Int] {
        var allowed: Set<Int>?
        if let list = shard.allowedHosts { allowed = Set(list.compactMap { hostIndex[$0] }) }
        if let pin = shard.pin {
            let pinned: Set<Int> = hostIndex[pin].map { [$0] } ?? []
            allowed = allowed.map { $0.intersection(pinned) } ?? pinned
        }
        let minTrust = [shard.minTrust, group?.minTrust].compactMap { $0 }.max()
        let providers = group?.residency?.providers.map(Set.init)
        let regions = group?.residency?.regions.map(Set.init)
        return hosts.indices.filter { h in
            if let allowed, !allowed.contains(h) { return false }
            let host = hosts[h]
            for (key, values) in shard.affinity ?? [:] {
                guard let label = host.labels[key], values.contains(label) else { return false }
            }
            for (key, values) in shard.antiAffinity ?? [:] {
                if let label = host.labels[key], values.contains(label) { return false }
            }
            if let minTrust, (host.trust ?? 1) < minTrust { return false }
            if let providers {
                guard let p = host.labels[CatalogLabel.provider], providers.contains(p) else { return false }
            }
            if let regions {
                guard let r = host.labels[CatalogLabel.region], regions.contains(r) else { return false }
            }
            return true
        }
    }

    /// Whether a shard has any rule that restricts its hosts (its own or its group's).
    func hasPlacementRules(_ shard: Shard, group: Group?) -> Bool {
        shard.pin != nil || shard.allowedHosts != nil || shard.affinity?.isEmpty == false
            || shard.antiAffinity?.isEmpty == false || shard.minTrust != nil || group?.minTrust != nil
            || group?.residency != nil
    }

    /// The domain of a host for a label key: the label's value, the host id for the key `host`, or
    /// `nil` when the host has no such label.
    public func domain(ofHost host: Int, key: String) -> String? {
        key == "host" ? hosts[host].id : hosts[host].labels[key]
    }
}
