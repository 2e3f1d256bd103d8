extension Scenario {
    /// Checks the meaning of a scenario that parsed: unique ids, references to existing hosts, groups,
    /// shards, providers and offers, vector lengths, constraints that can never be met (a group with more
    /// replicas than domains of its anti-affinity key, a spread wider than the domains there are, a shard
    /// that no host may or can hold). Offers count as hosts (``expandingOffers()``).
    ///
    /// - Returns: every problem found, each with its JSON path; empty when the scenario is valid.
    public func validate() -> [ScenarioError.Issue] {
        var issues = validateCatalog()
        expandingOffers().validateModel(into: &issues, declaredHosts: hosts.count, offers: offers)
        return issues
    }

    /// The checks of ``validate()`` on the hosts as compiled (declared hosts, then offer hosts).
    private func validateModel(into issues: inout [ScenarioError.Issue], declaredHosts: Int, offers: [Offer]) {
        func report(_ path: String, _ message: String) { issues.append(.init(path: path, message: message)) }
        var offerIndex: [String: Int] = [:]
        for (k, o) in offers.enumerated() where offerIndex[o.id] == nil { offerIndex[o.id] = k }
        /// Where a host is declared: `hosts[i]`, or the offer it was expanded from.
        func hostPath(_ i: Int) -> String {
            guard i >= declaredHosts, let id = hosts[i].labels[CatalogLabel.offer], let k = offerIndex[id] else {
                return "hosts[\(i)]"
            }
            return "offers[\(k)]"
        }
        let d = resources.count

        if resources.isEmpty { report("resources", "expected at least one resource") }
        var resourceIndex: [String: Int] = [:]
        for (i, r) in resources.enumerated() {
            if let first = resourceIndex[r.name] {
                report("resources[\(i)].name", "duplicate resource name \"\(r.name)\" (first at resources[\(first)])")
            } else {
                resourceIndex[r.name] = i
            }
        }

        if hosts.isEmpty { report("hosts", "expected at least one host (or an offer)") }
        var hostIndex: [String: Int] = [:]
        for (i, h) in hosts.enumerated() {
            if let first = hostIndex[h.id] {
                report(
                    "\(hostPath(i)).id",
                    "duplicate host id \"\(h.id)\" (first at \(hostPath(first))\(i >= declaredHosts ? ", an offer host" : ""))"
                )
            } else {
                hostIndex[h.id] = i
            }
            guard i < declaredHosts else { continue }  // offer shapes are checked with the catalog
            if h.capacity.count != d {
                report("hosts[\(i)].capacity", "expected \(d) numbers (one per resource), found \(h.capacity.count)")
            }
            if let s = h.safetyCapacity, s.count != d {
                report("hosts[\(i)].safetyCapacity", "expected \(d) numbers (one per resource), found \(s.count)")
            }
            if let p = h.price, p.count != d {
                report("hosts[\(i)].price", "expected \(d) numbers (one per resource), found \(p.count)")
            }
            if let m = h.moveCost, m.count != declaredHosts && m.count != hosts.count {
                let offered = hosts.count > declaredHosts ? " (or \(hosts.count) with the offer hosts)" : ""
                report(
                    "hosts[\(i)].moveCost",
                    "expected \(declaredHosts) numbers (one per host)\(offered), found \(m.count)")
            }
        }

        var groupIndex: [String: Int] = [:]
        for (i, g) in groups.enumerated() {
            if let first = groupIndex[g.id] {
                report("groups[\(i)].id", "duplicate group id \"\(g.id)\" (first at groups[\(first)])")
            } else {
                groupIndex[g.id] = i
            }
        }
        var shardIndex: [String: Int] = [:]
        var members = [Int](repeating: 0, count: groups.count)
        for (i, s) in shards.enumerated() {
            if let first = shardIndex[s.id] {
                report("shards[\(i)].id", "duplicate shard id \"\(s.id)\" (first at shards[\(first)])")
            } else {
                shardIndex[s.id] = i
            }
            if s.demand.count != d && s.history == nil {
                report("shards[\(i)].demand", "expected \(d) numbers (one per resource), found \(s.demand.count)")
            }
            if let history = s.history {
                if policy.forecast == nil && s.demand.count != d {
                    report("shards[\(i)].history", "a shard with history and no demand needs policy.forecast")
                }
                for (r, row) in (history.samples ?? []).enumerated() where row.isEmpty {
                    report("shards[\(i)].history.samples[\(r)]", "expected at least one sample")
                }
                if history.csv != nil && history.samples == nil && (history.series?.count ?? -1) != d {
                    report(
                        "shards[\(i)].history.series",
                        "expected \(d) series ids (one per resource), found \(history.series?.count ?? 0)")
                }
            }
            if let g = s.group {
                if let gi = groupIndex[g] {
                    members[gi] += 1
                } else {
                    report("shards[\(i)].group", "no group has id \"\(g)\"")
                }
            }
            if let pin = s.pin, hostIndex[pin] == nil { report("shards[\(i)].pin", "no host has id \"\(pin)\"") }
            for (j, h) in (s.allowedHosts ?? []).enumerated() where hostIndex[h] == nil {
                report("shards[\(i)].allowedHosts[\(j)]", "no host has id \"\(h)\"")
            }
        }

        // Domains per label key, for constraints that name one: one per label value, and (as in the cost
        // model) one per host without the label; 0 when no host has the label at all.
        // Memoised per key: a scenario has few keys but may have 10⁵ groups over 10⁴ hosts.
        var domainCounts: [String: Int] = [:]
        func domainCount(_ key: String) -> Int {
            if let known = domainCounts[key] { return known }
            let values = hosts.indices.map { domain(ofHost: $0, key: key) }
            let labelled = Set(values.compactMap { $0 })
            let count = labelled.isEmpty ? 0 : labelled.count + values.count(where: { $0 == nil })
            domainCounts[key] = count
            return count
        }
        for (i, g) in groups.enumerated() {
            if let key = g.antiAffinity {
                let n = domainCount(key)
                if n == 0 {
                    report(
                        "groups[\(i)].antiAffinity", "no host has a label \"\(key)\" (use \"host\" for distinct hosts)")
                } else if members[i] + (g.standby?.count ?? 0) > n {
                    report(
                        "groups[\(i)].antiAffinity",
                        "can never be met: \(members[i] + (g.standby?.count ?? 0)) shards of group \"\(g.id)\" but only \(n) distinct \"\(key)\" domains"
                    )
                }
            }
            if let spread = g.spread {
                let n = domainCount(spread.key)
                if spread.min > n {
                    report(
                        "groups[\(i)].spread.min",
                        "can never be met: \(spread.min) distinct \"\(spread.key)\" domains required, hosts have \(n)")
                } else if spread.min > members[i] {
                    report(
                        "groups[\(i)].spread.min",
                        "can never be met: \(spread.min) domains required but group \"\(g.id)\" has \(members[i]) shards"
                    )
                }
            }
            if let standby = g.standby {
                let n = domainCount(standby.key)
                let total = members[i] + standby.count
                if standby.count < 1 {
                    report("groups[\(i)].standby.count", "expected an integer ≥ 1, found \(standby.count)")
                } else if n == 0 {
                    report(
                        "groups[\(i)].standby.key",
                        "no host has a label \"\(standby.key)\" (use \"host\" for distinct hosts)")
                } else if total > n {
                    report(
                        "groups[\(i)].standby",
                        "can never be met: \(members[i]) shards and \(standby.count) standbys of group \"\(g.id)\" but only \(n) distinct \"\(standby.key)\" domains"
                    )
                }
                for index in 1...max(1, standby.count) {
                    let id = Self.standbyID(group: g.id, index: index)
                    if let first = shardIndex[id] {
                        report(
                            "groups[\(i)].standby",
                            "standby id \"\(id)\" is already the id of shards[\(first)]")
                    }
                }
            }
            if let minimum = g.minAvailable {
                let total = members[i] + (g.standby?.count ?? 0)
                if minimum < 0 {
                    report("groups[\(i)].minAvailable", "expected an integer ≥ 0, found \(minimum)")
                } else if minimum >= total && total > 0 {
                    report(
                        "groups[\(i)].minAvailable",
                        "can never be met while moving: \(minimum) of the \(total) shards of group \"\(g.id)\" must stay available, so none could ever move (at most \(total - 1))"
                    )
                }
            }
            for (j, dep) in g.dependsOn.enumerated() {
                if groupIndex[dep.group] == nil {
                    report("groups[\(i)].dependsOn[\(j)].group", "no group has id \"\(dep.group)\"")
                }
                if domainCount(dep.key) == 0 {
                    report("groups[\(i)].dependsOn[\(j)].key", "no host has a label \"\(dep.key)\"")
                }
            }
        }

        for (i, e) in traffic.enumerated() {
            if shardIndex[e.from] == nil { report("traffic[\(i)].from", "no shard has id \"\(e.from)\"") }
            if shardIndex[e.to] == nil { report("traffic[\(i)].to", "no shard has id \"\(e.to)\"") }
            if e.from == e.to { report("traffic[\(i)]", "a shard cannot send traffic to itself") }
        }

        let standbyIDs = Set(standbyShards.map(\.id))
        for (shard, location) in (placement ?? [:]).sorted(by: { $0.key < $1.key }) {
            if shardIndex[shard] == nil && !standbyIDs.contains(shard) {
                report("placement[\"\(shard)\"]", "no shard has id \"\(shard)\"")
            }
            let host = String(location.split(separator: "/", maxSplits: 1).first ?? "")
            if hostIndex[host] == nil { report("placement[\"\(shard)\"]", "no host has id \"\(host)\"") }
        }

        for (i, b) in policy.balance.enumerated() {
            if resourceIndex[b.resource] == nil {
                report("policy.balance[\(i)].resource", "no resource is named \"\(b.resource)\"")
            }
            if resourceIndex[b.over] == nil {
                report("policy.balance[\(i)].over", "no resource is named \"\(b.over)\"")
            }
        }
        if let bandwidth = policy.migration.bandwidth, !(bandwidth > 0) {
            report("policy.migration.bandwidth", "expected a number of bytes per second > 0, found \(bandwidth)")
        }
        if depth != .host {
            if resourceIndex[policy.cpuResource] == nil && resourceIndex[policy.memoryResource] == nil {
                report(
                    "policy.cpuResource",
                    "placing below host depth needs a cpu or memory resource (\"\(policy.cpuResource)\" / \"\(policy.memoryResource)\" not found)"
                )
            }
        }

        // Shards no host may or can ever hold (only when the basics above are sound).
        if issues.isEmpty {
            for (i, s) in shards.enumerated() {
                let group = s.group.flatMap { groupIndex[$0] }.map { groups[$0] }
                let hasRules = hasPlacementRules(s, group: group)
                // Without rules every host is eligible: stop at the first that can hold the shard (the
                // common case is the first host; a 10⁵ × 10⁴ scenario is not scanned in full).
                if !hasRules, hosts.contains(where: { h in (0..<d).allSatisfy { s.demand[$0] <= h.capacity[$0] } }) {
                    continue
                }
                let eligible = eligibleHosts(for: s, group: group, hostIndex: hostIndex)
                if eligible.isEmpty {
                    report(
                        "shards[\(i)]",
                        "no host satisfies the pin, allowedHosts, affinity, antiAffinity and minTrust of shard \"\(s.id)\" and the minTrust and residency of its group"
                    )
                    continue
                }
                if !eligible.contains(where: { h in (0..<d).allSatisfy { s.demand[$0] <= hosts[h].capacity[$0] } }) {
                    let worst = (0..<d).max { a, b in
                        let fa = eligible.map { hosts[$0].capacity[a] }.max() ?? 0
                        let fb = eligible.map { hosts[$0].capacity[b] }.max() ?? 0
                        return s.demand[a] - fa < s.demand[b] - fb
                    }!
                    let best = eligible.map { hosts[$0].capacity[worst] }.max() ?? 0
                    report(
                        "shards[\(i)].demand",
                        "no eligible host can hold shard \"\(s.id)\": \(resources[worst].name) demand \(s.demand[worst]) exceeds the largest capacity \(best)"
                    )
                }
            }
        }
    }
}
