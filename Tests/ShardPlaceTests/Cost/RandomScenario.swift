import ShardPlace

/// Small random scenarios that exercise every term: transient resources, label domains, anti-affinity,
/// spread, dependencies, pins and trust, traffic, host move costs, balance objectives, and (optionally)
/// placement below host depth on synthetic topologies.
enum RandomScenario {
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Two random edges (volume 1–9) from each of shards `s0…s(n-1)` to another.
    static func traffic(shards: Int, using g: inout Generator) -> [TrafficEdge] {
        var traffic: [TrafficEdge] = []
        for s in 0..<shards {
            for _ in 0..<2 {
                let t = Int.random(in: 0..<shards, using: &g)
                if t != s {
                    traffic.append(
                        TrafficEdge(from: "s\(s)", to: "s\(t)", volume: Double(Int.random(in: 1...9, using: &g))))
                }
            }
        }
        return traffic
    }

    static func make(
        seed: UInt64, shards: Int, hosts: Int, resources: Int = 3, depth: PlacementDepth = .host,
        allWeights: Bool = true
    ) -> Scenario {
        var g = Generator(state: seed)
        let resourceList = (0..<resources).map { r in
            Resource(
                name: r == 0 ? "cpu" : r == 1 ? "memory" : "r\(r)", transient: r == 2 || (r == 1 && seed % 2 == 0),
                loadWeight: Double(Int.random(in: 1...3, using: &g)), weight: Double(Int.random(in: 1...2, using: &g)))
        }
        let topologies = ["pack:2 numa:2 l3:1 core:2 pu:1", "pack:1 l3:2 core:2 pu:2", "pack:2 core:2 pu:1"]
        let hostList = (0..<hosts).map { h in
            let capacity = (0..<resources).map { _ in Double(Int.random(in: 8...20, using: &g)) }
            return Host(
                id: "h\(h)", labels: ["zone": "z\(h % 2)", "rack": "r\(h % 3)"], capacity: capacity,
                safetyCapacity: capacity.map { ($0 * 0.7).rounded() },
                topology: depth == .host ? nil : HostTopology(synthetic: topologies[h % topologies.count]),
                price: (0..<resources).map { _ in Double(Int.random(in: 0...3, using: &g)) }, trust: h == 0 ? 0.5 : 1,
                moveCost: (0..<hosts).map { k in k == h ? 0 : Double(Int.random(in: 0...4, using: &g)) })
        }
        let groups = [
            Group(id: "a", antiAffinity: "host"),
            Group(id: "b", antiAffinity: "zone", spread: .init(key: "rack", min: 2)),
            Group(id: "c", spread: .init(key: "zone", min: 2), dependsOn: [.init(group: "a", key: "rack")]),
            Group(id: "d", dependsOn: [.init(group: "b", key: "zone")]),
        ]
        var shardList: [Shard] = []
        for s in 0..<shards {
            var shard = Shard(
                id: "s\(s)", demand: (0..<resources).map { _ in Double(Int.random(in: 1...6, using: &g)) },
                size: Double(Int.random(in: 1...100, using: &g)), moveCost: Double(Int.random(in: 1...3, using: &g)))
            switch s % 5 {
            case 0: shard.group = s / 5 < hosts ? "a" : "c"
            case 1: shard.group = s < 10 ? "b" : "d"
            case 2: shard.group = "c"
            case 3: shard.group = "d"
            default: break
            }
            if s % 7 == 6 { shard.minTrust = 0.9 }
            if s % 11 == 10 { shard.allowedHosts = ["h\(s % hosts)", "h\((s + 1) % hosts)"] }
            shardList.append(shard)
        }
        let traffic = RandomScenario.traffic(shards: shards, using: &g)
        var placement: [String: String] = [:]
        for s in 0..<shards where s % 9 != 8 { placement["s\(s)"] = "h\(Int.random(in: 0..<hosts, using: &g))" }
        var policy = Policy()
        if allWeights {
            policy.weights.imbalance = 0.5
            policy.weights.fragmentation = 2
            policy.weights.bytes = 0.01
            policy.weights.groupMoves = 3
            policy.weights.hostMoves = 1
            policy.weights.price = 0.1
        }
        if resources >= 2 { policy.balance = [.init(resource: "cpu", over: "memory", target: 1, weight: 1)] }
        return Scenario(
            name: "random-\(seed)", resources: resourceList, hosts: hostList, groups: groups, shards: shardList,
            traffic: traffic,
            placement: placement, depth: depth, policy: policy)
    }
}
