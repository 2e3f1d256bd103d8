import ShardPlace

/// Scenarios and placement pairs for the migration tests.
enum MigrationFixtures {
    /// Shard id → host id of the placed shards.
    static func hosts(_ placement: Placement, _ problem: Problem) -> [String: String] {
        var result: [String: String] = [:]
        for (s, leaf) in placement.leaves.enumerated() where leaf >= 0 {
            result[problem.shardIDs[s]] = problem.hostIDs[problem.host(ofLeaf: Int(leaf))]
        }
        return result
    }

    /// A random cluster for migration tests: 3 zones × 2 racks of hosts, three resources (two
    /// transient), `fill` full (before a margin of 2 units per host); replica sets with zone anti-affinity and a rack spread, a service
    /// that depends on a replica set per zone, free shards, some with allowed hosts.
    static func random(seed: UInt64, hosts: Int = 9, shards: Int = 30, fill: Double = 0.7) -> Scenario {
        var g = RandomScenario.Generator(state: seed)
        var shardList: [Shard] = []
        var total = [0.0, 0.0, 0.0]
        for s in 0..<shards {
            let demand = (0..<3).map { _ in Double(Int.random(in: 1...5, using: &g)) }
            for r in 0..<3 { total[r] += demand[r] }
            var shard = Shard(
                id: "s\(s)", demand: demand, size: Double(Int.random(in: 1...100, using: &g)),
                moveCost: Double(Int.random(in: 1...3, using: &g)))
            switch s {
            case 0..<9: shard.group = "rs\(s / 3)"
            case 9..<13: shard.group = "web"
            case 13..<17: shard.group = "svc"
            default: if s % 6 == 0 { shard.allowedHosts = (0..<4).map { "h\((s + $0 * 2) % hosts)" } }
            }
            shardList.append(shard)
        }
        let hostList = (0..<hosts).map { h in
            Host(
                id: "h\(h)", labels: ["zone": "z\(h % 3)", "rack": "r\(h % 6)"],
                capacity: (0..<3).map { r in (total[r] / Double(hosts) / fill).rounded(.up) + 2 })
        }
        let groups = [
            Group(id: "rs0", antiAffinity: "zone", spread: .init(key: "rack", min: 3)),
            Group(id: "rs1", antiAffinity: "zone"), Group(id: "rs2", antiAffinity: "host", minAvailable: 1),
            Group(id: "web", dependsOn: [.init(group: "rs0", key: "zone")]),
            Group(id: "svc", spread: .init(key: "zone", min: 2)),
        ]
        return Scenario(
            name: "migration-\(seed)",
            resources: [
                Resource(name: "cpu"), Resource(name: "memory", transient: true),
                Resource(name: "disk", transient: true),
            ], hosts: hostList, groups: groups, shards: shardList)
    }

    /// A feasible placement found by the greedy start and a repair walk (random shifts that never raise
    /// the hard-violation total), or `nil`.
    static func feasible(_ model: CostModel, seed: UInt64) -> Placement? {
        let p = model.problem
        var state = CostState(model: model, placement: Greedy(seed: seed).solve(model))
        var g = RandomScenario.Generator(state: seed &+ 17)
        func violation(_ t: CostTerms) -> Double { CostTerms.hardNames.reduce(0) { $0 + t[$1]! } }
        var step = 0
        while violation(state.terms) > 1e-9 && step < 5_000 {
            step += 1
            let s = Int.random(in: 0..<p.shardCount, using: &g)
            let leaf = Int.random(in: 0..<p.leafCount, using: &g)
            if violation(state.shiftDelta(s, to: leaf)) <= 0 { _ = state.shift(s, to: leaf) }
        }
        let placement = state.placement
        return model.evaluate(placement).isFeasible ? placement : nil
    }

    /// A random walk of feasible shifts from `start`: every kept step leaves every hard term at 0.
    static func walk(_ model: CostModel, from start: Placement, steps: Int, seed: UInt64) -> Placement {
        let p = model.problem
        var state = CostState(model: model, placement: start)
        var g = RandomScenario.Generator(state: seed)
        for _ in 0..<steps {
            let s = Int.random(in: 0..<p.shardCount, using: &g)
            let back = state.leaf(of: s)
            let leaf = Int.random(in: 0..<p.leafCount, using: &g)
            _ = state.shift(s, to: leaf)
            if (CostTerms.hardNames.contains { state.terms[$0]! > 1e-9 }) { _ = state.shift(s, to: back) }
        }
        return state.placement
    }

    /// Hosts filled to capacity (cpu and transient disk), shards of one shape, pairs of replicas with
    /// host anti-affinity, and a target that permutes the shards over the same slots: full hosts that
    /// force cycles. With `spare`, one extra empty host can stage a shard.
    static func tight(seed: UInt64, hosts: Int = 6, perHost: Int = 4, spare: Bool) -> (Scenario, [String: String])? {
        var g = RandomScenario.Generator(state: seed)
        var hostList = (0..<hosts).map {
            Host(id: "h\($0)", labels: ["zone": "z\($0 % 3)"], capacity: [Double(perHost), Double(perHost)])
        }
        if spare { hostList.append(Host(id: "spare", labels: ["zone": "z9"], capacity: [1, 1])) }
        let count = hosts * perHost
        let pairs = count / 4
        var groups: [Group] = []
        var shards: [Shard] = []
        for s in 0..<count {
            var shard = Shard(id: "s\(s)", demand: [1, 1], size: Double(Int.random(in: 1...50, using: &g)))
            if s >= count - 2 * pairs {
                let j = (s - (count - 2 * pairs)) / 2
                shard.group = "pair\(j)"
                if (s - (count - 2 * pairs)) % 2 == 0 { groups.append(Group(id: "pair\(j)", antiAffinity: "host")) }
            }
            shards.append(shard)
        }
        var current: [String: String] = [:]
        for s in 0..<count { current["s\(s)"] = "h\(s % hosts)" }
        for _ in 0..<50 {
            var slots = (0..<count).map { $0 % hosts }
            slots.shuffle(using: &g)
            var target: [String: String] = [:]
            for s in 0..<count { target["s\(s)"] = "h\(slots[s])" }
            let ok = groups.allSatisfy { group in
                let members = shards.filter { $0.group == group.id }.map { target[$0.id]! }
                return Set(members).count == members.count
            }
            if ok {
                let scenario = Scenario(
                    name: "tight-\(seed)",
                    resources: [Resource(name: "cpu"), Resource(name: "disk", transient: true)], hosts: hostList,
                    groups: groups, shards: shards, placement: current)
                return (scenario, target)
            }
        }
        return nil
    }

    /// A placement from shard id → host id.
    static func placement(_ hosts: [String: String], _ problem: Problem) throws -> Placement {
        try Placement(locations: hosts, problem: problem)
    }
}
