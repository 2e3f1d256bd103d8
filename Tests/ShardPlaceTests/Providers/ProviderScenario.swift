import ShardPlace

/// Small random scenarios with a provider catalog: three providers (two with regions, one without),
/// declared hosts of two providers and one of none (one of them on spot), offers of every type, groups
/// with minimum trust, residency by provider and by region, spot limits and anti-affinity, shards with
/// their own minimum trust, traffic between everything, catalog latency, and every weight non-zero.
enum ProviderScenario {
    static func make(seed: UInt64, shards: Int = 24, resources: Int = 2) -> Scenario {
        var g = RandomScenario.Generator(state: seed &* 7919 &+ 3)
        func price(_ base: Double) -> [Double] {
            (0..<resources).map { r in base * (r == 0 ? 1 : 0.2) * Double(Int.random(in: 8...12, using: &g)) / 10 }
        }
        let onDemandA = price(0.04)
        let onDemandB = price(0.035)
        let providers = [
            Provider(
                id: "a", trust: 0.95, regions: ["eu", "us"],
                prices: .init(
                    onDemand: onDemandA, reserved: .init(price: onDemandA.map { $0 * 0.5 }, termHours: 4380),
                    spot: .init(price: onDemandA.map { $0 * 0.3 }, reclaimProbability: 0.1)),
                egressPerGB: 0.09, latency: [.init(from: "eu", to: "a/us", milliseconds: 40)]),
            Provider(
                id: "b", trust: 0.7, regions: ["eu"],
                prices: .init(
                    onDemand: onDemandB, reserved: .init(price: onDemandB.map { $0 * 0.6 }),
                    spot: .init(price: onDemandB.map { $0 * 0.35 }, reclaimProbability: 0.05)),
                egressPerGB: 0.05, latency: [.init(to: "a", milliseconds: 20), .init(to: "a/us", milliseconds: 70)]),
            Provider(id: "c", trust: 0.85, prices: .init(onDemand: price(0.05)), egressPerGB: 0.02),
        ]
        func capacity() -> [Double] { (0..<resources).map { _ in Double(Int.random(in: 10...16, using: &g)) } }
        let hosts = [
            Host(
                id: "h0", labels: ["provider": "a", "region": "eu", "offerType": "reserved", "zone": "z1"],
                capacity: capacity()),
            Host(
                id: "h1", labels: ["provider": "b", "region": "eu", "offerType": "spot", "zone": "z2"],
                capacity: capacity()),
            Host(id: "h2", labels: ["zone": "z3"], capacity: capacity(), price: price(0.02)),
        ]
        func offer(
            _ id: String, _ provider: String, _ region: String?, _ type: OfferType, price: Double? = nil
        )
            -> Offer
        {
            let c = capacity()
            return Offer(
                id: id, provider: provider, region: region, type: type,
                shape: .init(capacity: c, safetyCapacity: c.map { $0 * 0.8 }, labels: ["zone": "\(id)-zone"]),
                count: Int.random(in: 1...3, using: &g), price: price)
        }
        let offers = [
            offer("a-eu-spot", "a", "eu", .spot), offer("a-us-od", "a", "us", .onDemand),
            offer("a-eu-res", "a", "eu", .reserved), offer("b-eu-res", "b", "eu", .reserved),
            offer("b-eu-spot", "b", "eu", .spot), offer("c-od", "c", nil, .onDemand, price: 0.9),
        ]
        let groups = [
            Group(id: "trusted", antiAffinity: "host", minTrust: 0.9),
            Group(id: "in-b", residency: .init(providers: ["b"])),
            Group(id: "in-eu", antiAffinity: "host", residency: .init(regions: ["eu"])),
            Group(id: "spread", antiAffinity: "host"),
            Group(id: "spot2", maxSpotReplicas: 2),
        ]
        var shardList: [Shard] = []
        for s in 0..<shards {
            var shard = Shard(
                id: "s\(s)", demand: (0..<resources).map { _ in Double(Int.random(in: 1...4, using: &g)) },
                size: Double(Int.random(in: 1...50, using: &g)))
            switch s % 7 {
            case 0: shard.group = s < 14 ? "trusted" : "spread"
            case 1: shard.group = "in-b"
            case 2: shard.group = s < 21 ? "in-eu" : "spread"
            case 3: shard.group = "spread"
            case 4: shard.group = "spot2"
            case 5: shard.minTrust = 0.8
            default: break
            }
            shardList.append(shard)
        }
        let traffic = RandomScenario.traffic(shards: shards, using: &g)
        var policy = Policy(egressGBPerVolume: 0.5)
        policy.weights.price = 1
        policy.weights.egress = 1
        policy.weights.traffic = 0.01
        policy.weights.imbalance = 0.5
        policy.weights.fragmentation = 0.1
        policy.weights.bytes = 0.01
        policy.weights.groupMoves = 0.5
        policy.weights.hostMoves = 1
        policy.levelCosts.latency = 0.5
        var scenario = Scenario(
            name: "providers-\(seed)",
            resources: (0..<resources).map { Resource(name: $0 == 0 ? "cpu" : "r\($0)") }, hosts: hosts,
            groups: groups, shards: shardList, traffic: traffic, policy: policy, providers: providers, offers: offers)
        // A current placement on declared and offer hosts, for some shards.
        let all = scenario.expandingOffers().hosts.map(\.id)
        var placement: [String: String] = [:]
        for s in 0..<shards where s % 4 != 3 { placement["s\(s)"] = all[Int.random(in: 0..<all.count, using: &g)] }
        scenario.placement = placement
        return scenario
    }
}
