import ShardPlace

/// An independent, deliberately naive implementation of the cost model of the DocC article "Cost model"
/// (`Documentation.docc/CostModel.md`) for placements at depth `host`, written over the ``Scenario``
/// itself and not over the compiled ``Problem``: every term is recomputed from scratch, in `Double`,
/// with dictionaries and sets, term by term as the article defines it. It exists to hold the production
/// evaluator (``CostModel`` and ``CostState``) against it in brute-force tests.
///
/// A placement is a host index per shard, in scenario shard order; -1 means unplaced.
struct ReferenceCost {
    let scenario: Scenario
    /// Host id → index in `scenario.hosts`.
    let hostIndex: [String: Int]
    /// Group id → index in `scenario.groups`.
    let groupIndex: [String: Int]
    /// Shard id → index in `scenario.shards`.
    let shardIndex: [String: Int]
    /// The initial host per shard (`scenario.placement`), `nil` when the shard has none.
    let initialHost: [Int?]
    /// The eligible hosts per shard (`Scenario.eligibleHosts(for:hostIndex:)`).
    let eligible: [Set<Int>]
    /// The reference shard shape ρ of the fragmentation term.
    let fragmentationReference: [Double]
    /// Group id → its shards.
    let members: [String: [Int]]
    /// Constraint key → the domain of each host for that key, numbered densely (equal numbers: same
    /// domain), for every key a group constraint names.
    let domainNumber: [String: [Int]]
    /// Traffic edges as shard indices.
    let edges: [(from: Int, to: Int, volume: Double)]
    /// Distance between every two hosts (``distance(_:_:)``).
    let hostDistance: [[Double]]

    /// A failure domain of a host for a key: the label's value, or the host itself when it has no such
    /// label ("a host without a label for a constraint's key is a domain of its own for that key").
    enum Domain: Hashable {
        case label(String)
        case ownHost(Int)
    }

    /// The offer plan whose planned hosts are charged at their duty (none: every used offer host pays its
    /// effective price).
    let plan: OfferPlan?

    /// - Parameter given: the scenario; its offers are expanded into hosts (``Scenario/expandingOffers()``).
    init(_ given: Scenario, plan: OfferPlan? = nil) {
        let scenario = given.expandingOffers()
        self.scenario = scenario
        self.plan = plan
        var hostIndex: [String: Int] = [:]
        for (h, host) in scenario.hosts.enumerated() { hostIndex[host.id] = h }
        self.hostIndex = hostIndex
        var groupIndex: [String: Int] = [:]
        for (g, group) in scenario.groups.enumerated() { groupIndex[group.id] = g }
        self.groupIndex = groupIndex
        var shardIndex: [String: Int] = [:]
        for (s, shard) in scenario.shards.enumerated() { shardIndex[shard.id] = s }
        self.shardIndex = shardIndex

        initialHost = scenario.shards.map { shard in
            guard let location = scenario.placement?[shard.id] else { return nil }
            // At depth host a location is a host id; tolerate a "host/numa:1" form too.
            let hostID = location.split(separator: "/", maxSplits: 1).first.map(String.init) ?? location
            return hostIndex[hostID]
        }
        eligible = scenario.shards.map { Set(scenario.eligibleHosts(for: $0, hostIndex: hostIndex)) }

        var members: [String: [Int]] = [:]
        for (s, shard) in scenario.shards.enumerated() {
            if let group = shard.group { members[group, default: []].append(s) }
        }
        self.members = members
        var keys: Set<String> = []
        for group in scenario.groups {
            if let key = group.antiAffinity { keys.insert(key) }
            if let spread = group.spread { keys.insert(spread.key) }
            for dependency in group.dependsOn { keys.insert(dependency.key) }
        }
        var domainNumber: [String: [Int]] = [:]
        for key in keys {
            var numbers: [Domain: Int] = [:]
            domainNumber[key] = scenario.hosts.indices.map { h in
                let d = Self.domain(of: scenario, host: h, key: key)
                if let n = numbers[d] { return n }
                numbers[d] = numbers.count
                return numbers.count - 1
            }
        }
        self.domainNumber = domainNumber
        edges = scenario.traffic.map { (shardIndex[$0.from]!, shardIndex[$0.to]!, $0.volume) }
        hostDistance = scenario.hosts.indices.map { a in
            scenario.hosts.indices.map { b in Self.distance(in: scenario, a, b) }
        }

        if let reference = scenario.policy.fragmentationReference {
            fragmentationReference = reference
        } else {
            // The per-resource median: the element at index count/2 of the sorted demands.
            fragmentationReference = scenario.resources.indices.map { r in
                let sorted = scenario.shards.map { $0.demand[r] }.sorted()
                return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
            }
        }
    }

    var resourceCount: Int { scenario.resources.count }
    var hostCount: Int { scenario.hosts.count }

    static func domain(of scenario: Scenario, host h: Int, key: String) -> Domain {
        if let value = scenario.domain(ofHost: h, key: key) { return .label(value) }
        return .ownHost(h)
    }

    /// Whether shard `s` counts as moved: it has an initial host and is placed on another host.
    ///
    /// The article says a shard is moved "only when its *host* changes"; an unplaced shard (-1, only while
    /// a constructive solver works) has no host, so it is read as not moved: it pays no migration terms and
    /// holds no transient capacity on its initial host. (Read literally, "current host is not h" could
    /// include unplaced shards; the production evaluator does not count them, and this reference follows.)
    func isMoved(_ s: Int, _ hosts: [Int]) -> Bool {
        guard let h0 = initialHost[s], hosts[s] >= 0 else { return false }
        return hosts[s] != h0
    }

    /// U(h, r): the demand of the shards placed on h (no transient holds).
    func usage(_ hosts: [Int]) -> [[Double]] {
        var u = Array(repeating: Array(repeating: 0.0, count: resourceCount), count: hostCount)
        for (s, h) in hosts.enumerated() where h >= 0 {
            for r in 0..<resourceCount { u[h][r] += scenario.shards[s].demand[r] }
        }
        return u
    }

    /// T(h, r): the demand of the shards whose initial host is h and whose current host is another one
    /// (the moved shards, see ``isMoved(_:_:)``).
    func transientHolds(_ hosts: [Int]) -> [[Double]] {
        var t = Array(repeating: Array(repeating: 0.0, count: resourceCount), count: hostCount)
        for s in hosts.indices where isMoved(s, hosts) {
            let h0 = initialHost[s]!
            for r in 0..<resourceCount { t[h0][r] += scenario.shards[s].demand[r] }
        }
        return t
    }

    /// Traffic distance between two hosts at depth host: 0 on the same host, else the cost of the
    /// innermost domain level (of `policy.domainLevels`, coarse to fine, nested) both share, else
    /// `cluster`.
    static func distance(in scenario: Scenario, _ a: Int, _ b: Int) -> Double {
        if a == b { return 0 }
        let costs = scenario.policy.levelCosts
        var innermost: String?
        for key in scenario.policy.domainLevels {
            // Nested domains: sharing a level requires sharing every coarser one; a missing label makes a
            // host a domain of its own at that level (and so at every finer one).
            guard let x = scenario.hosts[a].labels[key], let y = scenario.hosts[b].labels[key], x == y else { break }
            innermost = key
        }
        let tree: Double
        if let key = innermost {
            switch key {
            case "zone": tree = costs.zone
            case "rack": tree = costs.rack
            default: tree = costs.domains[key] ?? costs.zone
            }
        } else {
            tree = costs.cluster
        }
        return tree + latency(in: scenario, a, b) * costs.latency
    }

    /// Catalog latency in ms between the provider regions of two hosts: the entry naming both most
    /// specifically (region to region, region to provider, provider to region, provider to provider, in
    /// either direction); 0 on one provider region or without an entry.
    static func latency(in scenario: Scenario, _ a: Int, _ b: Int) -> Double {
        func place(_ h: Int) -> (String, String?)? {
            guard let p = scenario.hosts[h].labels["provider"], scenario.providers.contains(where: { $0.id == p })
            else { return nil }
            return (p, scenario.hosts[h].labels["region"])
        }
        guard let x = place(a), let y = place(b), !(x.0 == y.0 && x.1 == y.1) else { return 0 }
        func names(_ z: (String, String?)) -> [String] { (z.1.map { ["\(z.0)/\($0)"] } ?? []) + [z.0] }
        var table: [String: Double] = [:]
        for p in scenario.providers {
            for e in p.latency {
                let from = e.from.map { "\(p.id)/\($0)" } ?? p.id
                table["\(from)>\(e.to)"] = e.milliseconds
                table["\(e.to)>\(from)"] = e.milliseconds
            }
        }
        for u in names(x) {
            for v in names(y) where !(u == x.0 && v == y.0 && x.0 == y.0) {
                if let ms = table["\(u)>\(v)"] { return ms }
            }
        }
        return 0
    }

    /// S(h, r), the stranded capacity: with F(h, r) = max(0, C − U) the free capacity and
    /// k(h) = min over r with ρ_r > 0 of ⌊F(h, r) / ρ_r⌋ the reference shards h could still take,
    /// S(h, r) = F(h, r) − k(h) × ρ_r.
    func stranded(_ u: [[Double]]) -> [[Double]] {
        let rho = fragmentationReference
        return scenario.hosts.enumerated().map { h, host in
            let free = (0..<resourceCount).map { max(0, host.capacity[$0] - u[h][$0]) }
            var k = Double.infinity
            for r in 0..<resourceCount where rho[r] > 0 { k = min(k, (free[r] / rho[r]).rounded(.down)) }
            if k == .infinity { k = 0 }
            return (0..<resourceCount).map { free[$0] - k * rho[$0] }
        }
    }

    /// Stranded capacity % per resource: Σ_h S(h, r) / Σ_h C(h, r) × 100.
    func strandedPercent(_ hosts: [Int]) -> [Double] {
        let s = stranded(usage(hosts))
        return (0..<resourceCount).map { r in
            let capacity = scenario.hosts.reduce(0) { $0 + $1.capacity[r] }
            return capacity > 0 ? s.reduce(0) { $0 + $1[r] } / capacity * 100 : 0
        }
    }

    /// Every term, hard and soft, unweighted, by its name in ``CostTerms``.
    func terms(_ hosts: [Int]) -> [String: Double] {
        precondition(hosts.count == scenario.shards.count)
        let shards = scenario.shards
        let resources = scenario.resources
        let policy = scenario.policy
        let u = usage(hosts)
        let t = transientHolds(hosts)
        var terms: [String: Double] = [:]

        // MARK: Hard

        var capacity = 0.0
        for h in 0..<hostCount {
            for r in 0..<resourceCount { capacity += max(0, u[h][r] - scenario.hosts[h].capacity[r]) }
        }
        terms["capacity"] = capacity

        var transient = 0.0
        for h in 0..<hostCount {
            for r in 0..<resourceCount where resources[r].transient {
                let c = scenario.hosts[h].capacity[r]
                transient += max(0, u[h][r] + t[h][r] - c) - max(0, u[h][r] - c)
            }
        }
        terms["transient"] = transient

        /// The domains (for `key`) of the placed shards of a group, one entry per shard.
        func domainsOfGroup(_ id: String, key: String) -> [Int] {
            let number = domainNumber[key]!
            return (members[id] ?? []).filter { hosts[$0] >= 0 }.map { number[hosts[$0]] }
        }

        var antiAffinity = 0.0
        for group in scenario.groups {
            guard let key = group.antiAffinity else { continue }
            var count: [Int: Int] = [:]
            for d in domainsOfGroup(group.id, key: key) { count[d, default: 0] += 1 }
            for n in count.values { antiAffinity += Double(max(0, n - 1)) }
        }
        // The spot-replica rule: at most maxSpotReplicas (default policy.spotReplicas) shards of a group on
        // the spot hosts of one provider.
        for group in scenario.groups {
            let limit = group.maxSpotReplicas ?? policy.spotReplicas
            var perProvider: [String: Int] = [:]
            for s in members[group.id] ?? [] where hosts[s] >= 0 {
                let labels = scenario.hosts[hosts[s]].labels
                if labels["offerType"] == "spot" { perProvider[labels["provider"] ?? "", default: 0] += 1 }
            }
            for n in perProvider.values { antiAffinity += Double(max(0, n - limit)) }
        }
        terms["antiAffinity"] = antiAffinity

        var spread = 0.0
        for group in scenario.groups {
            guard let rule = group.spread else { continue }
            let domains = Set(domainsOfGroup(group.id, key: rule.key))
            spread += Double(max(0, rule.min - domains.count))
        }
        terms["spread"] = spread

        var dependency = 0.0
        for group in scenario.groups {
            for dependsOn in group.dependsOn {
                let mine = Set(domainsOfGroup(group.id, key: dependsOn.key))
                let theirs = Set(domainsOfGroup(dependsOn.group, key: dependsOn.key))
                dependency += Double(mine.subtracting(theirs).count)
            }
        }
        terms["dependency"] = dependency

        terms["placementRules"] = Double(
            hosts.indices.filter { hosts[$0] >= 0 && !eligible[$0].contains(hosts[$0]) }.count)
        terms["unplaced"] = Double(hosts.filter { $0 < 0 }.count)

        // MARK: Soft

        var load = 0.0
        for (h, host) in scenario.hosts.enumerated() {
            for r in 0..<resourceCount {
                let safety = host.safetyCapacity?[r] ?? host.capacity[r]
                load += resources[r].loadWeight * max(0, u[h][r] - safety)
            }
        }
        terms["load"] = load

        var balance = 0.0
        for objective in policy.balance {
            let r1 = resources.firstIndex { $0.name == objective.resource }!
            let r2 = resources.firstIndex { $0.name == objective.over }!
            for (h, host) in scenario.hosts.enumerated() {
                let a1 = host.capacity[r1] - u[h][r1]
                let a2 = host.capacity[r2] - u[h][r2]
                balance += objective.weight * max(0, objective.target * a1 - a2)
            }
        }
        terms["balance"] = balance

        var imbalance = 0.0
        for (h, host) in scenario.hosts.enumerated() {
            for r in 0..<resourceCount where host.capacity[r] > 0 {
                let ratio = u[h][r] / host.capacity[r]
                imbalance += resources[r].weight * ratio * ratio
            }
        }
        terms["imbalance"] = imbalance

        var traffic = 0.0
        for edge in edges {
            // An edge with an unplaced end has no distance (it costs nothing until both ends are placed).
            let a = hosts[edge.from]
            let b = hosts[edge.to]
            guard a >= 0, b >= 0 else { continue }
            traffic += edge.volume * hostDistance[a][b]
        }
        terms["traffic"] = traffic

        var fragmentation = 0.0
        let strandedCapacity = stranded(u)
        for (h, host) in scenario.hosts.enumerated() {
            for r in 0..<resourceCount where host.capacity[r] > 0 {
                fragmentation += resources[r].weight * strandedCapacity[h][r] / host.capacity[r]
            }
        }
        terms["fragmentation"] = fragmentation

        var migration = 0.0
        var bytes = 0.0
        var hostMoves = 0.0
        var movedPerGroup: [String: Int] = [:]
        for s in shards.indices where isMoved(s, hosts) {
            migration += shards[s].moveCost
            bytes += shards[s].size
            if let row = scenario.hosts[initialHost[s]!].moveCost, hosts[s] < row.count { hostMoves += row[hosts[s]] }
            if let group = shards[s].group { movedPerGroup[group, default: 0] += 1 }
        }
        terms["migration"] = migration
        terms["bytes"] = bytes
        terms["hostMoves"] = hostMoves
        terms["groupMoves"] = Double(scenario.groups.map { movedPerGroup[$0.id] ?? 0 }.max() ?? 0)

        var price = 0.0
        for (h, host) in scenario.hosts.enumerated() {
            guard let prices = host.price else { continue }
            for r in 0..<resourceCount { price += prices[r] * u[h][r] }
        }
        // Offer hosts: a used host costs its offer's effective price per hour; within the plan (the first
        // `hosts` used hosts of the offer, in host order) that price times the planned duty.
        var usedOfOffer: [String: Int] = [:]
        for (h, host) in scenario.hosts.enumerated() where hosts.contains(h) {
            guard let id = host.labels["offer"], let offer = scenario.offers.first(where: { $0.id == id }) else {
                continue
            }
            usedOfOffer[id, default: 0] += 1
            let full = scenario.effectivePrice(of: offer)!
            if let entry = plan?.entries.first(where: { $0.offer == id }), usedOfOffer[id]! <= entry.hosts {
                price += full * entry.duty
            } else {
                price += full
            }
        }
        terms["price"] = price

        // Egress: an edge between hosts of different providers (a host without a provider label is on
        // none) sends half its volume each way, each half at its sender's egress price per GB.
        func egressPrice(_ h: Int) -> Double {
            guard let p = scenario.hosts[h].labels["provider"] else { return 0 }
            return scenario.providers.first { $0.id == p }?.egressPerGB ?? 0
        }
        var egress = 0.0
        for edge in edges {
            let a = hosts[edge.from]
            let b = hosts[edge.to]
            guard a >= 0, b >= 0, scenario.hosts[a].labels["provider"] != scenario.hosts[b].labels["provider"]
            else { continue }
            let gb = edge.volume * policy.egressGBPerVolume
            egress += gb / 2 * egressPrice(a) + gb / 2 * egressPrice(b)
        }
        terms["egress"] = egress

        return terms
    }

    static let hardNames = [
        "capacity", "transient", "antiAffinity", "spread", "dependency", "placementRules", "unplaced",
    ]
    static let softNames = [
        "load", "balance", "imbalance", "traffic", "fragmentation", "migration", "bytes", "groupMoves", "hostMoves",
        "price", "egress",
    ]

    /// The weight of a soft term in `policy.weights`.
    func weight(_ name: String) -> Double {
        let w = scenario.policy.weights
        let weights: [String: Double] = [
            "load": w.load, "balance": w.balance, "imbalance": w.imbalance, "traffic": w.traffic,
            "fragmentation": w.fragmentation, "migration": w.migration, "bytes": w.bytes, "groupMoves": w.groupMoves,
            "hostMoves": w.hostMoves, "price": w.price, "egress": w.egress,
        ]
        return weights[name]!
    }

    /// Σ weight × soft term.
    func total(_ terms: [String: Double]) -> Double {
        Self.softNames.reduce(0) { $0 + weight($1) * terms[$1]! }
    }

    /// Whether every hard term is 0.
    func isFeasible(_ terms: [String: Double]) -> Bool {
        Self.hardNames.allSatisfy { terms[$0]! == 0 }
    }
}
