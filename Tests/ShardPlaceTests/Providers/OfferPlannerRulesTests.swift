import Testing

@testable import ShardPlace

/// The offer plan against the placement's hard rules: capacity where trust, residency and the spot rule
/// let the shards go, and distinct hosts for replica groups.
@Suite struct OfferPlannerRulesTests {
    /// Two providers of 10-cpu hosts of every type: `cheap` (trust 0.7, region us; spot cheapest of
    /// all, so with constant demand a plan blind to the rules buys only cheap spot hosts) and `safe`
    /// (trust 0.95, region eu). `vault` needs trust 0.9 and distinct hosts, `eu` must stay in eu, `pair`
    /// must stay with `cheap` on distinct hosts; at most one replica of a group on a provider's spot
    /// capacity. Without `rules`, the same shards in no group.
    static func scenario(rules: Bool = true) -> Scenario {
        let cheap = Provider(
            id: "cheap", trust: 0.7, regions: ["us"],
            prices: .init(
                onDemand: [1.0], reserved: .init(price: [0.4]), spot: .init(price: [0.3], reclaimProbability: 0)))
        let safe = Provider(
            id: "safe", trust: 0.95, regions: ["eu"],
            prices: .init(
                onDemand: [1.2], reserved: .init(price: [0.6]), spot: .init(price: [0.35], reclaimProbability: 0)))
        var offers: [Offer] = []
        for (provider, region) in [("cheap", "us"), ("safe", "eu")] {
            for type in [OfferType.reserved, .spot, .onDemand] {
                offers.append(
                    Offer(
                        id: "\(provider)-\(type.rawValue)", provider: provider, region: region, type: type,
                        shape: .init(capacity: [10]), count: 10))
            }
        }
        var shards: [Shard] = []
        for i in 0..<3 { shards.append(Shard(id: "vault\(i)", group: rules ? "vault" : nil, demand: [4])) }
        for i in 0..<2 { shards.append(Shard(id: "eu\(i)", group: rules ? "eu" : nil, demand: [6])) }
        for i in 0..<4 { shards.append(Shard(id: "pair\(i)", group: rules ? "pair" : nil, demand: [5])) }
        for i in 0..<10 { shards.append(Shard(id: "web\(i)", demand: [3])) }
        let groups =
            rules
            ? [
                Group(id: "vault", antiAffinity: "host", minTrust: 0.9),
                Group(id: "eu", residency: .init(regions: ["eu"])),
                Group(id: "pair", antiAffinity: "host", residency: .init(providers: ["cheap"])),
            ] : []
        var scenario = Scenario(
            resources: [Resource(name: "cpu")], hosts: [], groups: groups, shards: shards, providers: [cheap, safe],
            offers: offers)
        scenario.policy.weights.price = 1
        return scenario
    }

    /// Planned (capacity, hosts) of the offers of `provider` (all, or only the types in `types`).
    static func planned(_ plan: OfferPlan, provider: String, types: Set<OfferType>? = nil) -> (Double, Int) {
        let hosts = plan.entries.filter {
            $0.offer.hasPrefix(provider + "-") && (types?.contains($0.type) ?? true)
        }.reduce(0) { $0 + $1.hosts }
        return (Double(hosts) * 10, hosts)
    }

    /// What the rules need, worked out by hand for ``scenario(rules:)``: `safe` (the only provider trusted
    /// 0.9 and the only one in eu) holds vault and eu, 24 cpu on 3 distinct hosts, of which the replicas
    /// beyond one per spot pool — two of vault, one of eu — off spot (14 cpu on 2 hosts); `cheap` holds
    /// pair, 20 cpu on 4 distinct hosts, three of them off spot (15 cpu on 3 hosts). Returns what fails.
    static func unmet(_ plan: OfferPlan) -> [String] {
        var failures: [String] = []
        let nonSpot: Set<OfferType> = [.reserved, .onDemand]
        for (name, (capacity, hosts), (needCapacity, needHosts)) in [
            ("safe", planned(plan, provider: "safe"), (24.0, 3)),
            ("safe off spot", planned(plan, provider: "safe", types: nonSpot), (14.0, 2)),
            ("cheap", planned(plan, provider: "cheap"), (20.0, 4)),
            ("cheap off spot", planned(plan, provider: "cheap", types: nonSpot), (15.0, 3)),
        ] where capacity < needCapacity || hosts < needHosts {
            failures.append("\(name): \(capacity) cpu on \(hosts) hosts, needs \(needCapacity) on \(needHosts)")
        }
        let total = plan.entries.reduce(0) { $0 + $1.hosts }
        if Double(total) * 10 < 74 { failures.append("total \(total * 10) below the demand 74") }
        return failures
    }

    @Test("the plan buys what trust, residency, distinct hosts and the spot rule need; a plan blind to them does not")
    func handWorked() throws {
        let plan = try #require(Self.scenario().offerPlan())
        #expect(Self.unmet(plan) == [], "\(plan.entries.filter { $0.hosts > 0 })")
        #expect(plan.requirements.allSatisfy(\.met) && plan.requirements.count >= 4)
        #expect(plan.entries.reduce(0) { $0 + $1.forced } > 0 && plan.forcedCapacity > 0)
        for entry in plan.entries { #expect(entry.forced <= entry.hosts) }
        // Without the rules the cheapest plan is cheap spot alone (8 hosts), which breaks every rule but the
        // distinct cheap hosts of pair.
        let blind = try #require(Self.scenario(rules: false).offerPlan())
        #expect(blind.entries.filter { $0.hosts > 0 }.map(\.offer) == ["cheap-spot"])
        #expect(Self.unmet(blind).count == 3)
        #expect(blind.requirements.isEmpty && blind.forcedCapacity == 0)
        // The rules cost money: the plan that meets them is dearer than the blind one.
        #expect(plan.expectedHourlyCost > blind.expectedHourlyCost)
    }

    @Test("a rule the offers on sale cannot meet is reported unmet, and the rest of the plan still holds")
    func unmeetable() throws {
        var scenario = Self.scenario()
        // One safe host of each type, and a fourth vault replica: four distinct safe hosts needed, three sold.
        for i in scenario.offers.indices where scenario.offers[i].provider == "safe" { scenario.offers[i].count = 1 }
        scenario.shards.append(Shard(id: "vault3", group: "vault", demand: [1]))
        let plan = try #require(scenario.offerPlan())
        // Unmet: four distinct safe hosts, and three off spot for the vault replicas beyond the spot limit.
        let unmet = plan.requirements.filter { !$0.met }
        #expect(Set(unmet.map(\.hosts)) == [4, 3], "\(plan.requirements)")
        #expect(unmet.allSatisfy { $0.offers.allSatisfy { $0.hasPrefix("safe-") } })
        #expect(Self.planned(plan, provider: "safe").1 == 3)
        let cheapOffSpot = Self.planned(plan, provider: "cheap", types: [.reserved, .onDemand])
        #expect(Self.planned(plan, provider: "cheap").1 >= 4 && cheapOffSpot.0 >= 15 && cheapOffSpot.1 >= 3)
    }

    /// The offers and declared hosts a group may use, from the catalog and labels directly.
    static func usable(
        _ scenario: Scenario, minTrust: Double?, residency: Group.Residency?
    ) -> (
        offers: [Offer], hosts: [Host]
    ) {
        func allowed(provider: String?, region: String?, trust: Double?) -> Bool {
            if let minTrust, (trust ?? 1) < minTrust { return false }
            if let providers = residency?.providers, !providers.contains(provider ?? "\u{0}") { return false }
            if let regions = residency?.regions, !regions.contains(region ?? "\u{0}") { return false }
            return true
        }
        let offers = scenario.offers.filter {
            allowed(provider: $0.provider, region: $0.region, trust: scenario.provider(id: $0.provider)?.trust)
        }
        let hosts = scenario.hosts.filter {
            let provider = $0.labels["provider"]
            return allowed(
                provider: provider, region: $0.labels["region"],
                trust: $0.trust ?? provider.flatMap { scenario.provider(id: $0)?.trust })
        }
        return (offers, hosts)
    }

    @Test(
        "on random provider scenarios every group gets capacity and hosts where its rules let it go", arguments: 0..<8)
    func randomScenarios(seed: UInt64) throws {
        let scenario = ProviderScenario.make(seed: seed, shards: 30)
        let plan = try #require(scenario.offerPlan(outlook: .constant(of: scenario)))
        let planned = Dictionary(uniqueKeysWithValues: plan.entries.map { ($0.offer, $0.hosts) })
        var checked = 0
        for group in scenario.groups where group.minTrust != nil || group.residency != nil {
            let members = scenario.shards.filter { $0.group == group.id }
            guard !members.isEmpty else { continue }
            let (offers, hosts) = Self.usable(scenario, minTrust: group.minTrust, residency: group.residency)
            let d = scenario.resources.count
            var demand = [Double](repeating: 0, count: d)
            for m in members { for r in 0..<d { demand[r] += m.demand[r] } }
            var capacity = [Double](repeating: 0, count: d)
            var available = capacity
            for h in hosts { for r in 0..<d { capacity[r] += h.capacity[r] } }
            available = capacity
            for o in offers {
                for r in 0..<d {
                    capacity[r] += Double(planned[o.id] ?? 0) * o.shape.capacity[r]
                    available[r] += Double(o.count) * o.shape.capacity[r]
                }
            }
            let hostsPlanned = hosts.count + offers.reduce(0) { $0 + (planned[$1.id] ?? 0) }
            let hostsAvailable = hosts.count + offers.reduce(0) { $0 + $1.count }
            let distinct = group.antiAffinity != nil ? members.count : 0
            // Shards of the group with their own stricter trust only make the need larger elsewhere.
            guard (0..<d).allSatisfy({ available[$0] >= demand[$0] }) && hostsAvailable >= distinct else { continue }
            checked += 1
            for r in 0..<d {
                #expect(capacity[r] >= demand[r] - 1e-9, "seed \(seed), \(group.id), resource \(r)")
            }
            #expect(hostsPlanned >= distinct, "seed \(seed), \(group.id): \(hostsPlanned) hosts for \(distinct)")
        }
        #expect(checked >= 2)
    }
}
