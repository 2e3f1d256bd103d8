import ShardPlace
import Testing

/// The bundled sample: its shape, and a current placement that is feasible but clearly improvable,
/// checked by direct computation from the scenario's fields.
@Suite struct SampleScenarioTests {
    let scenario = SampleScenario.scenario

    /// Host id → position.
    var hostIndex: [String: Int] {
        Dictionary(uniqueKeysWithValues: scenario.hosts.enumerated().map { ($1.id, $0) })
    }

    /// Shard position → host position, from the placement.
    func placedHosts() throws -> [Int] {
        let placement = try #require(scenario.placement)
        return try scenario.shards.map { shard in
            let location = try #require(placement[shard.id], "\(shard.id) is not placed")
            return try #require(hostIndex[location], "\(shard.id) is on \(location)")
        }
    }

    /// Usage per host and resource.
    func usage() throws -> [[Double]] {
        var usage = [[Double]](repeating: [0, 0, 0, 0], count: scenario.hosts.count)
        for (s, h) in try placedHosts().enumerated() {
            for r in 0..<4 { usage[h][r] += scenario.shards[s].demand[r] }
        }
        return usage
    }

    /// A host's domain for a key: the label, the host itself for `host`, or the host itself without the
    /// label (a domain of its own).
    func domain(_ h: Int, _ key: String) -> String {
        key == "host" ? scenario.hosts[h].id : scenario.hosts[h].labels[key] ?? "unlabelled \(scenario.hosts[h].id)"
    }

    /// Shard positions per group id.
    var members: [String: [Int]] {
        Dictionary(grouping: scenario.shards.indices.filter { scenario.shards[$0].group != nil }) {
            scenario.shards[$0].group!
        }
    }

    @Test("three zones of two racks of two hosts, in three shapes")
    func shape() {
        #expect(scenario.hosts.count == 12)
        let racks = Dictionary(grouping: scenario.hosts) { "\($0.labels["zone"]!)/\($0.labels["rack"]!)" }
        #expect(racks.count == 6)
        #expect(racks.values.allSatisfy { $0.count == 2 })
        #expect(Set(scenario.hosts.compactMap { $0.labels["zone"] }) == ["zone-a", "zone-b", "zone-c"])
        #expect(Set(scenario.hosts.map(\.capacity)).count == 3)
        #expect(scenario.groups.count == 8)
        #expect(scenario.shards.count == 30)
        #expect(!scenario.traffic.isEmpty)
        for host in scenario.hosts {
            #expect(host.safetyCapacity.map { zip($0, host.capacity).allSatisfy { $0 < $1 } } == true, "\(host.id)")
            #expect(host.price?.count == 4)
            #expect(host.topology?.synthetic != nil)
        }
    }

    @Test("each host's synthetic topology has as many cores as its cpu capacity")
    func topologiesMatchCapacity() throws {
        for host in scenario.hosts {
            let text = try #require(host.topology?.synthetic)
            let topology = try Topology.load(from: .synthetic(text))
            #expect(Double(topology.count(of: .core)) == host.capacity[0], "\(host.id): \(text)")
            #expect(topology.count(of: .pu) == 2 * topology.count(of: .core))
        }
    }

    @Test("every shard is placed once, on a host it may run on")
    func placementIsComplete() throws {
        let placement = try #require(scenario.placement)
        #expect(Set(placement.keys) == Set(scenario.shards.map(\.id)))
        let hosts = try placedHosts()
        for (s, shard) in scenario.shards.enumerated() {
            #expect(scenario.eligibleHosts(for: shard, hostIndex: hostIndex).contains(hosts[s]), "\(shard.id)")
        }
    }

    @Test("usage per host, as computed by hand, is within capacity")
    func capacity() throws {
        let expected: [String: [Double]] = [
            "a1-1": [30, 180, 1360, 7.5], "a1-2": [31, 198, 1215, 7.5], "a2-1": [14, 70, 905, 9.5],
            "a2-2": [5, 28, 750, 3.5], "b1-1": [15, 110, 615, 6.5], "b1-2": [5, 28, 750, 3.5],
            "b2-1": [0, 0, 0, 0], "b2-2": [0, 0, 0, 0], "c1-1": [11, 78, 415, 5.5], "c1-2": [0, 0, 0, 0],
            "c2-1": [0, 0, 0, 0], "c2-2": [1, 4, 800, 2],
        ]
        let usage = try usage()
        for (h, host) in scenario.hosts.enumerated() {
            #expect(usage[h] == expected[host.id], "\(host.id)")
            for r in 0..<4 { #expect(usage[h][r] <= host.capacity[r], "\(host.id) \(scenario.resources[r].name)") }
        }
    }

    @Test("anti-affinity holds: at most one replica per domain")
    func antiAffinity() throws {
        let hosts = try placedHosts()
        for group in scenario.groups {
            guard let key = group.antiAffinity else { continue }
            let domains = (members[group.id] ?? []).map { domain(hosts[$0], key) }
            #expect(Set(domains).count == domains.count, "\(group.id) by \(key): \(domains)")
            #expect(domains.count >= 2, "\(group.id) is a replica set")
        }
    }

    @Test("spread holds: enough distinct domains")
    func spread() throws {
        let hosts = try placedHosts()
        var checked = 0
        for group in scenario.groups {
            guard let spread = group.spread else { continue }
            let domains = Set((members[group.id] ?? []).map { domain(hosts[$0], spread.key) })
            #expect(domains.count >= spread.min, "\(group.id)")
            checked += 1
        }
        #expect(checked == 1)
    }

    @Test("dependencies hold: every domain with a dependent shard has one it depends on")
    func dependencies() throws {
        let hosts = try placedHosts()
        var checked = 0
        for group in scenario.groups {
            for dependency in group.dependsOn {
                let needing = Set((members[group.id] ?? []).map { domain(hosts[$0], dependency.key) })
                let offering = Set((members[dependency.group] ?? []).map { domain(hosts[$0], dependency.key) })
                #expect(needing.isSubset(of: offering), "\(group.id) needs \(dependency.group) in \(needing)")
                checked += 1
            }
        }
        #expect(checked == 1)
    }

    @Test("the placement is improvable: overloaded hosts, idle hosts, chatty shards across zones")
    func improvable() throws {
        let usage = try usage()
        let hosts = try placedHosts()
        let overloaded = scenario.hosts.indices.filter { h in
            (0..<4).contains { usage[h][$0] > scenario.hosts[h].safetyCapacity![$0] }
        }
        #expect(Set(overloaded.map { scenario.hosts[$0].id }) == ["a1-1", "a1-2", "a2-1"])
        let idle = scenario.hosts.indices.filter { usage[$0] == [0, 0, 0, 0] }
        #expect(Set(idle.map { scenario.hosts[$0].id }) == ["b2-1", "b2-2", "c1-2", "c2-1"])
        #expect(hosts.filter { scenario.hosts[$0].labels["zone"] == "zone-a" }.count == 20)

        let shardIndex = Dictionary(uniqueKeysWithValues: scenario.shards.enumerated().map { ($1.id, $0) })
        let crossZone = scenario.traffic.filter { edge in
            domain(hosts[shardIndex[edge.from]!], "zone") != domain(hosts[shardIndex[edge.to]!], "zone")
        }
        #expect(
            Set(crossZone.map { "\($0.from)-\($0.to)" }) == [
                "api-4-users-db-0", "api-5-users-db-0", "ingest-0-queue-2", "ingest-1-queue-2",
                "analytics-1-backup-0", "batch-0-metrics-1",
            ])
    }
}
