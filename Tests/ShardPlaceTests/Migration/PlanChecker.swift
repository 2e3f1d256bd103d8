import ShardPlace

/// An independent replay of a migration plan, written from the rules of the "Migration" article in
/// terms of the *scenario* (ids, labels, groups as the user wrote them), not the planner's compiled
/// state. It walks every wave and every cut-over and returns each broken rule as a sentence.
///
/// The rules: a moving shard occupies its source and its destination for every resource for its whole
/// wave; a host receiving moves never exceeds its capacity; at most `maxConcurrentPerHost` moves into and
/// out of a host per wave; at most `maxBytesPerWave` bytes per wave; the budget counts every copy; a
/// group keeps `minAvailable` members placed and not moving; a moving member is present in the domains
/// of both its hosts, and two members of an anti-affinity group are never present in one domain; a
/// spread holds whichever end each moving member serves from; a dependent group present in a domain
/// always has a member of the required group serving there; every shard has exactly one serving home
/// (the source until its cut-over, then the destination), and the shard map's version rises by one per
/// cut-over.
struct PlanChecker {
    let scenario: Scenario
    let shardIDs: [String]
    let hostIDs: [String]
    var maxBytesTotal: Double?

    private var shardByID: [String: Shard] = [:]
    private var hostByID: [String: Host] = [:]
    private var membersOf: [String: [String]] = [:]

    /// - Parameters:
    ///   - scenario: the scenario as given (standby shards are expanded here).
    ///   - problem: only for the index → id tables of the plan.
    init(scenario given: Scenario, problem: Problem, maxBytesTotal: Double? = nil) {
        scenario = given.expandingStandbys()
        shardIDs = problem.shardIDs
        hostIDs = problem.hostIDs
        self.maxBytesTotal = maxBytesTotal
        for s in scenario.shards {
            shardByID[s.id] = s
            if let g = s.group { membersOf[g, default: []].append(s.id) }
        }
        for h in scenario.hosts { hostByID[h.id] = h }
    }

    private func domain(_ host: String, _ key: String) -> String {
        if key == "host" { return host }
        return hostByID[host]!.labels[key].map { "\(key)=\($0)" } ?? "host=\(host)"
    }

    private func eligible(_ shard: Shard, _ hostID: String) -> Bool {
        let host = hostByID[hostID]!
        if let pin = shard.pin, pin != hostID { return false }
        if let allowed = shard.allowedHosts, !allowed.contains(hostID) { return false }
        for (key, values) in shard.affinity ?? [:] where !(host.labels[key].map(values.contains) ?? false) {
            return false
        }
        for (key, values) in shard.antiAffinity ?? [:] where host.labels[key].map(values.contains) ?? false {
            return false
        }
        if let trust = shard.minTrust, (host.trust ?? 1) < trust { return false }
        return true
    }

    /// Checks `plan` from `current` (host id per shard id, after any promotions); `target` (host id per
    /// shard id) must be reached when the plan says it is complete.
    func check(_ plan: MigrationPlan, current: [String: String], target: [String: String]) -> [String] {
        var errors: [String] = []
        let limits = scenario.policy.migration
        var serving = current  // serving home per shard
        // Start hosts agree.
        for (s, h) in plan.startHosts.enumerated() where (h < 0 ? nil : hostIDs[Int(h)]) != current[shardIDs[s]] {
            errors.append("start host of \(shardIDs[s]) is \(h), expected \(current[shardIDs[s]] ?? "none")")
        }
        var version = plan.startVersion
        for promotion in plan.promotions {
            version += 1
            if promotion.version != version { errors.append("promotion version \(promotion.version) ≠ \(version)") }
        }
        var movesTotal = 0
        var bytesTotal = 0.0
        var perHost: [String: Int] = [:]
        var perDomain: [String: Int] = [:]

        for (w, wave) in plan.waves.enumerated() {
            let at = "wave \(w)"
            if wave.moves.isEmpty { errors.append("\(at) is empty") }
            var moving: [String: (from: String?, to: String)] = [:]
            var inCount: [String: Int] = [:]
            var outCount: [String: Int] = [:]
            var bytes = 0.0
            for move in wave.moves {
                let id = shardIDs[move.shard]
                let shard = shardByID[id]!
                let from = move.from < 0 ? nil : hostIDs[move.from]
                let to = hostIDs[move.to]
                if moving[id] != nil { errors.append("\(at): \(id) moves twice") }
                if from != serving[id] {
                    errors.append("\(at): \(id) moves from \(from ?? "nowhere") but is on \(serving[id] ?? "nowhere")")
                }
                if from == to { errors.append("\(at): \(id) moves onto its own host") }
                if !eligible(shard, to) { errors.append("\(at): \(to) is not eligible for \(id)") }
                if move.bytes != shard.size {
                    errors.append("\(at): \(id) copies \(move.bytes) bytes, its size is \(shard.size)")
                }
                moving[id] = (from, to)
                inCount[to, default: 0] += 1
                if let from { outCount[from, default: 0] += 1 }
                bytes += shard.size
                // Budget.
                movesTotal += 1
                bytesTotal += shard.size
                var hosts = [to]
                if let from { hosts.append(from) }
                for h in hosts { perHost[h, default: 0] += 1 }
                for key in scenario.policy.domainLevels {
                    var domains = Set([domain(to, key)])
                    if let from { domains.insert(domain(from, key)) }
                    for d in domains { perDomain[d, default: 0] += 1 }
                }
            }
            if let c = limits.maxConcurrentPerHost {
                for (h, n) in inCount where n > c { errors.append("\(at): \(n) moves into \(h)") }
                for (h, n) in outCount where n > c { errors.append("\(at): \(n) moves out of \(h)") }
            }
            if let b = limits.maxBytesPerWave, bytes > b * (1 + 1e-9) { errors.append("\(at): \(bytes) bytes > \(b)") }

            // Capacity: settled shards (sources included) plus arrivals, on every receiving host.
            let d = scenario.resources.count
            for host in Set(inCount.keys) {
                var used = [Double](repeating: 0, count: d)
                for (id, h) in serving where h == host {
                    for r in 0..<d { used[r] += shardByID[id]!.demand[r] }
                }
                for (id, m) in moving where m.to == host {
                    for r in 0..<d { used[r] += shardByID[id]!.demand[r] }
                }
                let capacity = hostByID[host]!.capacity
                for r in 0..<d where used[r] > capacity[r] + 1e-6 * max(1, capacity[r]) {
                    errors.append("\(at): \(host) \(scenario.resources[r].name) reaches \(used[r]) > \(capacity[r])")
                }
            }

            // Groups.
            for group in scenario.groups {
                let members = membersOf[group.id] ?? []
                let placed = members.filter { serving[$0] != nil }
                let movingPlaced = placed.filter { moving[$0] != nil }
                let minimum =
                    group.minAvailable
                    ?? (group.antiAffinity != nil || group.standby != nil ? max(0, members.count - 1) : 0)
                let during = placed.count - movingPlaced.count
                if during < min(minimum, placed.count) {
                    errors.append("\(at): group \(group.id) has \(during) available members, minimum \(minimum)")
                }
                // Presence: both ends of a move.
                func presence(_ id: String, _ key: String) -> Set<String> {
                    var set = Set<String>()
                    if let h = serving[id] { set.insert(domain(h, key)) }
                    if let m = moving[id] { set.insert(domain(m.to, key)) }
                    return set
                }
                for key in [group.antiAffinity, group.standby?.key].compactMap({ $0 }) {
                    var seen: [String: String] = [:]
                    for id in members {
                        for dom in presence(id, key) {
                            if let other = seen[dom] {
                                errors.append("\(at): group \(group.id): \(other) and \(id) both in \(dom)")
                            }
                            seen[dom] = id
                        }
                    }
                }
                if let spread = group.spread {
                    let startDomains = Set(placed.map { domain(serving[$0]!, spread.key) })
                    let need = min(spread.min, startDomains.count)
                    var fixed = Set<String>()
                    var choices: [(String, String)] = []
                    for id in placed {
                        let here = domain(serving[id]!, spread.key)
                        if let m = moving[id] {
                            choices.append((here, domain(m.to, spread.key)))
                        } else {
                            fixed.insert(here)
                        }
                    }
                    if choices.count > 16 {
                        errors.append("\(at): group \(group.id): checker cannot enumerate \(choices.count) movers")
                    } else {
                        for mask in 0..<(1 << choices.count) {
                            var all = fixed
                            for (i, c) in choices.enumerated() { all.insert(mask >> i & 1 == 0 ? c.0 : c.1) }
                            if all.count < need {
                                errors.append(
                                    "\(at): group \(group.id) spans \(all.count) \(spread.key) domains < \(need)")
                                break
                            }
                        }
                    }
                }
                for dependency in group.dependsOn {
                    let required = membersOf[dependency.group] ?? []
                    var present = Set<String>()
                    for id in members { present.formUnion(presence(id, dependency.key)) }
                    for dom in present {
                        let always = required.contains { id in
                            guard let h = serving[id], domain(h, dependency.key) == dom else { return false }
                            return moving[id].map { domain($0.to, dependency.key) == dom } ?? true
                        }
                        if !always {
                            errors.append("\(at): group \(group.id) in \(dom) without a steady \(dependency.group)")
                        }
                    }
                }
            }

            // Cut-overs, in order: one serving home each, versions one by one.
            for move in wave.moves {
                version += 1
                if move.cutOverVersion != version {
                    errors.append(
                        "\(at): \(shardIDs[move.shard]) cuts over at version \(move.cutOverVersion), expected \(version)"
                    )
                }
                serving[shardIDs[move.shard]] = hostIDs[move.to]
            }
        }
        if version != plan.finalVersion { errors.append("final version \(plan.finalVersion), replay \(version)") }
        if let n = limits.maxMovesTotal, movesTotal > n { errors.append("\(movesTotal) moves > maxMovesTotal \(n)") }
        if let b = maxBytesTotal, bytesTotal > b * (1 + 1e-9) { errors.append("\(bytesTotal) bytes > budget \(b)") }
        if let n = limits.maxMovesPerHost {
            for (h, c) in perHost where c > n { errors.append("\(c) moves touch \(h) > maxMovesPerHost \(n)") }
        }
        if let n = limits.maxMovesPerDomain {
            for (dom, c) in perDomain where c > n { errors.append("\(c) moves touch \(dom) > maxMovesPerDomain \(n)") }
        }
        // The end.
        for (s, h) in plan.finalHosts.enumerated() where (h < 0 ? nil : hostIDs[Int(h)]) != serving[shardIDs[s]] {
            errors.append("final host of \(shardIDs[s]) disagrees with the replay")
        }
        if plan.isComplete {
            for (id, host) in target where serving[id] != host {
                errors.append("complete plan leaves \(id) on \(serving[id] ?? "nowhere"), target \(host)")
            }
        }
        for b in plan.blocked + plan.deferred where serving[shardIDs[b.shard]] == (b.to < 0 ? nil : hostIDs[b.to]) {
            errors.append("\(shardIDs[b.shard]) is reported not moved but reached its target")
        }
        return errors
    }
}
