import ShardPlace
import Testing

@Suite struct ScenarioGeneratorTests {
    /// Sizes, resource counts, topologies and depths the generator must handle.
    static let cases: [ScenarioGenerator.Options] = [
        .init(shards: 1, hosts: 1, resources: 1),
        .init(shards: 7, hosts: 1, resources: 3),
        .init(shards: 10, hosts: 2, resources: 2, seed: 3),
        .init(shards: 40, hosts: 3, resources: 4, seed: 9),
        .init(shards: 20, hosts: 100, resources: 5, seed: 4),
        .init(shards: 300, hosts: 12, resources: 4, seed: 5, topology: .synthetic, depth: .numa),
        .init(shards: 2000, hosts: 60, resources: 5, seed: 6),
        .init(shards: 3000, hosts: 150, resources: 7, seed: 7, topology: .synthetic, depth: .core),
        .init(shards: 4000, hosts: 30, resources: 4, seed: 8, targetUtilization: 0.85, trafficPerShard: 5),
    ]

    // MARK: - Determinism

    @Test func sameSeedGivesTheSameScenario() {
        let options = ScenarioGenerator.Options(shards: 500, hosts: 25, resources: 5, seed: 42, topology: .synthetic)
        let a = ScenarioGenerator.generate(options)
        let b = ScenarioGenerator.generate(options)
        #expect(a == b)
        #expect(ScenarioLoader.encode(a) == ScenarioLoader.encode(b))
    }

    @Test func differentSeedsGiveDifferentScenarios() {
        let a = ScenarioGenerator.generate(.init(shards: 500, hosts: 25, seed: 1))
        let b = ScenarioGenerator.generate(.init(shards: 500, hosts: 25, seed: 2))
        #expect(a != b)
        #expect(a.shards.map(\.demand) != b.shards.map(\.demand))
        #expect(a.placement != b.placement)
    }

    // MARK: - Validity and feasibility

    @Test(arguments: cases)
    func validates(_ options: ScenarioGenerator.Options) throws {
        let scenario = ScenarioGenerator.generate(options)
        #expect(scenario.validate() == [])
        #expect(scenario.shards.count == options.shards)
        #expect(scenario.hosts.count == options.hosts)
        #expect(scenario.resources.count == options.resources)
        #expect(scenario.depth == options.depth)
        // The JSON form reads back as the same scenario.
        let parsed = try ScenarioLoader.parse(ScenarioLoader.encode(scenario), format: .json)
        #expect(parsed == scenario)
    }

    @Test(arguments: cases)
    func currentPlacementIsFeasible(_ options: ScenarioGenerator.Options) {
        let scenario = ScenarioGenerator.generate(options)
        #expect(Self.violations(scenario) == [])
    }

    /// Recomputes every hard constraint of the current placement from the scenario's fields.
    static func violations(_ scenario: Scenario) -> [String] {
        var problems: [String] = []
        let d = scenario.resources.count
        let placement = scenario.placement ?? [:]
        var hostIndex: [String: Int] = [:]
        for (h, host) in scenario.hosts.enumerated() { hostIndex[host.id] = h }
        var hostOf: [String: Int] = [:]
        var usage = [[Double]](repeating: [Double](repeating: 0, count: d), count: scenario.hosts.count)
        for shard in scenario.shards {
            guard let location = placement[shard.id], let h = hostIndex[location] else {
                problems.append("\(shard.id) is not placed on a host")
                continue
            }
            hostOf[shard.id] = h
            for r in 0..<d { usage[h][r] += shard.demand[r] }
        }
        if placement.count != scenario.shards.count { problems.append("placement has \(placement.count) entries") }
        for (h, host) in scenario.hosts.enumerated() {
            for r in 0..<d where usage[h][r] > host.capacity[r] {
                problems.append("\(host.id) uses \(usage[h][r]) of \(scenario.resources[r].name) > \(host.capacity[r])")
            }
        }

        func domain(_ h: Int, _ key: String) -> String {
            key == "host" ? scenario.hosts[h].id : scenario.hosts[h].labels[key] ?? "host:\(scenario.hosts[h].id)"
        }
        var members: [String: [Int]] = [:]
        for shard in scenario.shards {
            if let g = shard.group, let h = hostOf[shard.id] { members[g, default: []].append(h) }
        }
        for group in scenario.groups {
            let hosts = members[group.id] ?? []
            if let key = group.antiAffinity {
                let domains = hosts.map { domain($0, key) }
                if Set(domains).count != domains.count {
                    problems.append("\(group.id): replicas share a \(key): \(domains.sorted())")
                }
            }
            if let spread = group.spread, Set(hosts.map { domain($0, spread.key) }).count < spread.min {
                problems.append("\(group.id): spans fewer than \(spread.min) \(spread.key) domains")
            }
            for dependency in group.dependsOn {
                let mine = Set(hosts.map { domain($0, dependency.key) })
                let theirs = Set((members[dependency.group] ?? []).map { domain($0, dependency.key) })
                if !mine.isSubset(of: theirs) {
                    problems.append(
                        "\(group.id): \(dependency.key) \(mine.subtracting(theirs)) lacks \(dependency.group)")
                }
            }
        }
        return problems
    }

    // MARK: - Shape of the scenario

    @Test(arguments: cases)
    func groupsHaveTwoToFiveReplicas(_ options: ScenarioGenerator.Options) {
        let scenario = ScenarioGenerator.generate(options)
        var sizes: [String: Int] = [:]
        for shard in scenario.shards { if let g = shard.group { sizes[g, default: 0] += 1 } }
        for group in scenario.groups { #expect((2...5).contains(sizes[group.id] ?? 0), "\(group.id)") }
        #expect(sizes.count == scenario.groups.count)
    }

    @Test func constraintsOfEveryKindAppear() {
        let scenario = ScenarioGenerator.generate(.init(shards: 5000, hosts: 200, seed: 11))
        let keys = Set(scenario.groups.compactMap(\.antiAffinity))
        #expect(keys == ["host", "rack", "zone"])
        #expect(scenario.groups.contains { $0.spread == Group.Spread(key: "zone", min: 2) })
        #expect(scenario.groups.contains { $0.dependsOn.contains { $0.key == "zone" } })
        #expect(scenario.shards.contains { $0.group == nil })
        #expect(scenario.shards.contains { $0.moveCost > 1 })
        let grouped = scenario.shards.count { $0.group != nil }
        #expect(Double(grouped) / Double(scenario.shards.count) > 0.6)
    }

    @Test func resourcesHostsAndPolicyLookReal() throws {
        let scenario = ScenarioGenerator.generate(.init(shards: 400, hosts: 64, resources: 7, topology: .synthetic))
        #expect(scenario.resources.map(\.name) == ["cpu", "memory", "disk", "net", "gpu", "res5", "res6"])
        #expect(scenario.resources.map(\.transient) == [false, false, true, false, false, false, false])
        #expect(scenario.resources.allSatisfy { $0.unit != nil })
        #expect(scenario.shards.first?.id == "s000001")
        #expect(scenario.hosts.first?.id == "h0001")
        #expect(scenario.groups.first?.id == "g000001")
        let zones = Set(scenario.hosts.compactMap { $0.labels["zone"] })
        #expect(zones.count == 4)  // √64 / 2
        for host in scenario.hosts {
            let zone = try #require(host.labels["zone"])
            let rack = try #require(host.labels["rack"])
            #expect(rack.hasPrefix(zone + "-r"))
            #expect(host.labels["provider"] == "own")
            #expect(host.trust == 1)
            #expect(host.topology?.synthetic != nil)
            let safety = try #require(host.safetyCapacity)
            for (s, c) in zip(safety, host.capacity) where c > 0 { #expect(s / c >= 0.84 && s / c <= 0.91) }
            #expect(host.price?.count == 7)
        }
        #expect(Set(scenario.hosts.map(\.capacity)).count >= 3)
        #expect(scenario.hosts.contains { $0.capacity[4] > 0 })
        #expect(
            scenario.policy.balance == [
                Policy.BalanceObjective(resource: "cpu", over: "memory", target: 1, weight: 1)
            ])
        #expect(ScenarioGenerator.generate(.init(shards: 5, hosts: 2, resources: 1)).policy.balance.isEmpty)
    }

    @Test func demandsAreSkewed() {
        let scenario = ScenarioGenerator.generate(.init(shards: 4000, hosts: 80, seed: 12))
        for r in 0..<4 {
            let values = scenario.shards.map { $0.demand[r] }.sorted()
            let median = values[values.count / 2]
            #expect(median > 0)
            #expect(values.last! / median > 8, "resource \(r): max \(values.last!) median \(median)")
            #expect(values.reduce(0, +) / Double(values.count) > median, "resource \(r): the mean exceeds the median")
        }
        // Sizes follow memory.
        let bySize = scenario.shards.sorted { $0.size < $1.size }
        #expect(bySize.first!.demand[1] < bySize.last!.demand[1])
        #expect(scenario.shards.allSatisfy { $0.size >= 0 })
    }

    @Test(arguments: [0.3, 0.6, 0.85])
    func utilizationIsNearTheTarget(_ target: Double) {
        let scenario = ScenarioGenerator.generate(
            .init(shards: 6000, hosts: 60, resources: 5, seed: 13, targetUtilization: target))
        for r in 0..<5 {
            let demand = scenario.shards.reduce(0) { $0 + $1.demand[r] }
            let capacity = scenario.hosts.reduce(0) { $0 + $1.capacity[r] }
            #expect(abs(demand / capacity - target) < 0.01, "resource \(r): \(demand / capacity)")
        }
    }

    @Test func belowHostDepthShardsFitTheSmallestLeaf() {
        let scenario = ScenarioGenerator.generate(
            .init(shards: 3000, hosts: 40, seed: 14, topology: .synthetic, depth: .core))
        // A core holds 2 PUs' worth of cpu (cpu capacity = PUs).
        #expect(scenario.shards.allSatisfy { $0.demand[0] <= 2 })
    }

    @Test(arguments: cases)
    func trafficIsSparseAndClean(_ options: ScenarioGenerator.Options) {
        let scenario = ScenarioGenerator.generate(options)
        let ids = Set(scenario.shards.map(\.id))
        for edge in scenario.traffic {
            #expect(edge.from != edge.to)
            #expect(ids.contains(edge.from) && ids.contains(edge.to))
            #expect(edge.volume > 0)
        }
        if options.shards >= 1000 {
            let perShard = Double(scenario.traffic.count) / Double(options.shards)
            #expect(abs(perShard - options.trafficPerShard) < 0.25 * options.trafficPerShard)
        }
        if options.shards == 1 { #expect(scenario.traffic.isEmpty) }
    }

    @Test func trafficIsClusteredAndSkewed() {
        let scenario = ScenarioGenerator.generate(.init(shards: 5000, hosts: 100, seed: 15))
        // Most edges join shards that are close in id order (the same or a neighbouring service).
        func number(_ id: String) -> Int { Int(id.dropFirst())! }
        let near = scenario.traffic.count { abs(number($0.from) - number($0.to)) < 200 }
        #expect(Double(near) / Double(scenario.traffic.count) > 0.8)
        let volumes = scenario.traffic.map(\.volume).sorted()
        #expect(volumes.last! / volumes[volumes.count / 2] > 10)
    }
}
