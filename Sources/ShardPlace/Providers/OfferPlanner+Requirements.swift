extension OfferPlanner {
    /// One requirement with its offers as a set.
    struct Rule {
        var set: OfferSet
        var requirement: OfferRequirement
    }

    /// The requirements that a scenario's hard rules put on its offers (``OfferRequirement``).
    ///
    /// Each shard (standbys included) belongs to the class of the offers and declared hosts it may use
    /// (``Scenario/eligibleHosts(for:hostIndex:)`` on the compiled scenario: trust, residency, label rules);
    /// shards without such a rule may use every offer. In a group with more members than its spot limit
    /// × the providers whose spot capacity it may use, the members beyond that (the smallest, in
    /// `resource`) may use only the offers that are not spot. A group whose members must sit on distinct
    /// domains (anti-affinity, standbys) needs as many distinct hosts among the offers its members may
    /// use (distinct domains are distinct hosts), and the members kept off spot as many non-spot ones.
    ///
    /// One requirement per distinct class S of offers (other than all of them): the demand of every shard
    /// whose class lies within S, and the largest host count of a group whose offers lie within S — the
    /// Hall conditions of those sets, necessary for a placement to exist, not sufficient (packing, and
    /// distinct domains coarser than hosts, are left to the placement). Total demand over all offers is
    /// the capacity stack's business; the set of all offers keeps only its host count.
    ///
    /// - Complexity: O(restricted shards × hosts) for eligibility (shards of a group without rules of
    ///   their own share one computation), then O(classes² × offers / 64).
    static func rules(of scenario: Scenario, resource: Int) -> [Rule] {
        let offerCount = scenario.offers.count
        guard offerCount > 0, !scenario.resources.isEmpty else { return [] }
        let expanded = scenario.expandingStandbys().expandingOffers()
        let d = scenario.resources.count
        var offerIndex: [String: Int] = [:]
        for (k, o) in scenario.offers.enumerated() where offerIndex[o.id] == nil { offerIndex[o.id] = k }
        let hosts = expanded.hosts
        var hostIndex: [String: Int] = [:]
        for (h, host) in hosts.enumerated() where hostIndex[host.id] == nil { hostIndex[host.id] = h }
        let hostOffer = hosts.map { $0.labels[Scenario.CatalogLabel.offer].flatMap { offerIndex[$0] } ?? -1 }
        let isSpot = hosts.map { $0.labels[Scenario.CatalogLabel.offerType] == OfferType.spot.rawValue }
        let declaredHosts = hosts.indices.filter { hostOffer[$0] < 0 }
        let all = OfferSet.all(offerCount)
        var nonSpot = OfferSet(count: offerCount)
        for (k, o) in scenario.offers.enumerated() where o.type != .spot { nonSpot.insert(k) }
        let groups = Dictionary(expanded.groups.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })

        // Each shard's class: the offers and declared hosts it may use (`declared` nil: all of them).
        struct Member {
            var set: OfferSet
            var declared: [Int]?
            var demand: [Double]
            var name: String
        }
        var cache: [String: (OfferSet, [Int])] = [:]
        var members: [Member] = []
        members.reserveCapacity(expanded.shards.count)
        for shard in expanded.shards {
            let group = shard.group.flatMap { groups[$0] }
            var demand = [Double](repeating: 0, count: d)
            for r in 0..<min(d, shard.demand.count) { demand[r] = max(0, shard.demand[r]) }
            let name = shard.group ?? shard.id
            guard expanded.hasPlacementRules(shard, group: group) else {
                members.append(Member(set: all, declared: nil, demand: demand, name: name))
                continue
            }
            let ownRules =
                shard.pin != nil || shard.allowedHosts != nil || shard.affinity?.isEmpty == false
                || shard.antiAffinity?.isEmpty == false
            let key = ownRules ? nil : "\(shard.group ?? "")\u{1}\(shard.minTrust.map { "\($0)" } ?? "-")"
            var eligible: (OfferSet, [Int])
            if let key, let known = cache[key] {
                eligible = known
            } else {
                eligible = (OfferSet(count: offerCount), [])
                for h in expanded.eligibleHosts(for: shard, group: group, hostIndex: hostIndex) {
                    if hostOffer[h] >= 0 { eligible.0.insert(hostOffer[h]) } else { eligible.1.append(h) }
                }
                if let key { cache[key] = eligible }
            }
            members.append(Member(set: eligible.0, declared: eligible.1, demand: demand, name: name))
        }

        // Groups: the spot rule and distinct hosts.
        struct HostNeed {
            var set: OfferSet
            var declared: [Int]?
            var hosts: Int
            var name: String
        }
        var byGroup: [String: [Int]] = [:]
        for (i, shard) in expanded.shards.enumerated() { if let g = shard.group { byGroup[g, default: []].append(i) } }
        var needs: [HostNeed] = []
        for group in expanded.groups {
            guard let list = byGroup[group.id], !list.isEmpty else { continue }
            var set = OfferSet(count: offerCount)
            var declared: Set<Int>? = []
            for i in list {
                set = set.union(members[i].set)
                if let own = members[i].declared { declared?.formUnion(own) } else { declared = nil }
            }
            let declaredList = declared.map { $0.sorted() }
            var pools = Set<String>()
            for k in set.members(offerCount) where scenario.offers[k].type == .spot {
                pools.insert(scenario.offers[k].provider)
            }
            for h in declaredList ?? declaredHosts where isSpot[h] {
                pools.insert(hosts[h].labels[Scenario.CatalogLabel.provider] ?? "")
            }
            let limit = max(0, group.maxSpotReplicas ?? scenario.policy.spotReplicas)
            let offSpot = pools.isEmpty ? 0 : max(0, list.count - limit * pools.count)
            if offSpot > 0 {
                let r = min(resource, d - 1)
                let kept = list.sorted { (members[$0].demand[r], $0) < (members[$1].demand[r], $1) }.prefix(offSpot)
                for i in kept {
                    members[i].set = members[i].set.intersection(nonSpot)
                    members[i].declared = (members[i].declared ?? declaredHosts).filter { !isSpot[$0] }
                    members[i].name = group.id + " (off spot)"
                }
            }
            if group.antiAffinity != nil || group.standby != nil {
                needs.append(HostNeed(set: set, declared: declaredList, hosts: list.count, name: group.id))
                if offSpot > 0 {
                    needs.append(
                        HostNeed(
                            set: set.intersection(nonSpot),
                            declared: (declaredList ?? declaredHosts).filter { !isSpot[$0] },
                            hosts: offSpot, name: group.id + " (off spot)"))
                }
            }
        }

        // Classes: demand and declared hosts per distinct set.
        struct Class {
            var demand: [Double]
            var declared: Set<Int>?
            var names: [String]
        }
        var classes: [OfferSet: Class] = [:]
        for m in members {
            var c = classes[m.set] ?? Class(demand: [Double](repeating: 0, count: d), declared: [], names: [])
            for r in 0..<d { c.demand[r] += m.demand[r] }
            if let own = m.declared { c.declared?.formUnion(own) } else { c.declared = nil }
            if c.names.last != m.name && !c.names.contains(m.name) { c.names.append(m.name) }
            classes[m.set] = c
        }
        var sets = Set(classes.keys)
        for need in needs { sets.insert(need.set) }
        let ordered = sets.sorted { $0.words.lexicographicallyPrecedes($1.words) }
        var rules: [Rule] = []
        for s in ordered {
            var demand = [Double](repeating: 0, count: d)
            var declared: Set<Int>? = []
            var names: [String] = []
            for (set, c) in classes where set.isSubset(of: s) {
                if s != all { for r in 0..<d { demand[r] += c.demand[r] } }
                if let own = c.declared { declared?.formUnion(own) } else { declared = nil }
                if set == s { names += c.names }
            }
            var count = 0
            for need in needs where need.set.isSubset(of: s) {
                if need.hosts > count { count = need.hosts }
                if let own = need.declared { declared?.formUnion(own) } else { declared = nil }
                if need.set == s && !names.contains(need.name) { names.append(need.name) }
            }
            if s == all && count == 0 { continue }
            if demand.allSatisfy({ $0 <= 0 }) && count == 0 { continue }
            let usable = declared.map { $0.sorted() } ?? declaredHosts
            var capacity = [Double](repeating: 0, count: d)
            for h in usable { for r in 0..<min(d, hosts[h].capacity.count) { capacity[r] += hosts[h].capacity[r] } }
            names.sort()
            let shown = names.prefix(3).joined(separator: ", ")
            rules.append(
                Rule(
                    set: s,
                    requirement: OfferRequirement(
                        offers: s.members(offerCount).map { scenario.offers[$0].id }, demand: demand, hosts: count,
                        declaredCapacity: capacity, declaredHosts: usable.count,
                        reason: names.count > 3 ? "\(shown) and \(names.count - 3) more" : shown)))
        }
        return rules
    }
}
