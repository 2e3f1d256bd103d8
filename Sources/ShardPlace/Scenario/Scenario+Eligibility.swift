extension Scenario {
    /// The hosts a shard may ever run on, by the constraints that cannot change during a solve: its pin,
    /// allowed hosts, label affinity and anti-affinity, and minimum trust (capacity is not considered).
    ///
    /// - Parameter hostIndex: host id → position in ``hosts``.
    /// - Returns: host positions, ascending.
    public func eligibleHosts(for shard: Shard, hostIndex: [String: Int]) -> [Int] {
        var allowed: Set<Int>?
        if let list = shard.allowedHosts { allowed = Set(list.compactMap { hostIndex[$0] }) }
        if let pin = shard.pin {
            let pinned: Set<Int> = hostIndex[pin].map { [$0] } ?? []
            allowed = allowed.map { $0.intersection(pinned) } ?? pinned
        }
        return hosts.indices.filter { h in
            if let allowed, !allowed.contains(h) { return false }
            let host = hosts[h]
            for (key, values) in shard.affinity ?? [:] {
                guard let label = host.labels[key], values.contains(label) else { return false }
            }
            for (key, values) in shard.antiAffinity ?? [:] {
                if let label = host.labels[key], values.contains(label) { return false }
            }
            if let minTrust = shard.minTrust, (host.trust ?? 1) < minTrust { return false }
            return true
        }
    }

    /// The domain of a host for a label key: the label's value, the host id for the key `host`, or
    /// `nil` when the host has no such label.
    public func domain(ofHost host: Int, key: String) -> String? {
        key == "host" ? hosts[host].id : hosts[host].labels[key]
    }
}
