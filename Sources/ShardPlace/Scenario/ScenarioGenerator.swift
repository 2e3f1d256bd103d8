/// Builds synthetic scenarios that look like a running cluster, for tests, benchmarks and demos.
///
/// A generated ``Scenario`` has:
/// - resources `cpu` (cores), `memory` (GiB), `disk` (GiB, transient), `net` (Gbit/s), `gpu` (devices),
///   then `res5`, `res6`, … in that order, as many as asked for;
/// - hosts of a few hardware shapes (16 to 256 cores, some with GPUs) spread over zones (about
///   √hosts / 2 of them, at least 2 when there are 2 hosts) and racks of about 16 hosts, labelled
///   `zone` (`z1`), `rack` (`z1-r3`) and `provider` (`own`), with safety capacity at 85–90 % of capacity
///   and a price per resource; optionally an hwloc synthetic topology matching the shape;
/// - shards in "service clusters" of a few replica groups (2–5 replicas each, anti-affinity on `host`,
///   `rack` or `zone`, some spread over 2 zones, a few depending on another group within a zone) and
///   some shards in no group, with log-normal (many small, few large) demands, correlated across
///   resources, scaled so that total demand is about `targetUtilization` of total capacity;
/// - sparse traffic, mostly inside a service cluster, with skewed volumes;
/// - a *feasible* current placement at host level: capacities, anti-affinity, spread and dependencies
///   all hold, like a cluster that runs.
///
/// The same options always give the same scenario. Generation is linear in shards and hosts: a million
/// shards on ten thousand hosts take a few seconds.
///
/// ```swift
/// let scenario = ScenarioGenerator.generate(.init(shards: 10_000, hosts: 200, seed: 7))
/// ```
public struct ScenarioGenerator {
    /// What to generate.
    public struct Options: Sendable, Hashable {
        /// Whether hosts describe their hardware topology.
        public enum Topology: String, Sendable, Hashable, CaseIterable {
            /// Hosts have no topology (each host is one placement leaf).
            case none
            /// Each host gets an hwloc synthetic description matching its shape, e.g.
            /// `pack:2 numa:2 l3:1 core:8 pu:2`.
            case synthetic
        }

        /// Number of shards, at least 1.
        public var shards: Int
        /// Number of hosts, at least 1.
        public var hosts: Int
        /// Number of resource dimensions, at least 1: `cpu`, `memory`, `disk`, `net`, `gpu`, `res5`, ….
        public var resources: Int
        /// The seed: equal options give equal scenarios.
        public var seed: UInt64
        /// Whether hosts get synthetic hardware topologies.
        public var topology: Topology
        /// The scenario's placement depth. Below host depth, demands are kept small enough for the
        /// smallest NUMA node, L3 group or core to hold a shard; the current placement stays at host level.
        public var depth: PlacementDepth
        /// Total demand over total capacity per resource, in (0, 0.85] (hosts' safety capacity is 85–90 %).
        /// Fewer shards than the capacity can hold at the largest allowed shard size give less.
        public var targetUtilization: Double
        /// Mean number of traffic edges each shard starts (so about twice as many touch it).
        public var trafficPerShard: Double
        /// With 2 or more, capacity comes from offers of that many providers instead of hosts (see
        /// ``ScenarioGenerator/generateWithProviders(_:)``); 0 (the default) for a plain cluster.
        public var providers: Int

        /// Creates options; see each property for its meaning.
        public init(
            shards: Int, hosts: Int, resources: Int = 4, seed: UInt64 = 1, topology: Topology = .none,
            depth: PlacementDepth = .host, targetUtilization: Double = 0.6, trafficPerShard: Double = 2,
            providers: Int = 0
        ) {
            self.shards = shards
            self.hosts = hosts
            self.resources = resources
            self.seed = seed
            self.topology = topology
            self.depth = depth
            self.targetUtilization = targetUtilization
            self.trafficPerShard = trafficPerShard
            self.providers = providers
        }
    }

    /// Generates a scenario.
    ///
    /// - Parameter options: sizes, seed and shape of the scenario; counts must be positive,
    ///   `targetUtilization` in (0, 0.85] and `trafficPerShard` at least 0 (preconditions).
    /// - Returns: a scenario whose ``Scenario/validate()`` finds nothing and whose
    ///   ``Scenario/placement`` (shard id → host id) is feasible.
    /// - Complexity: O(shards × resources + hosts × resources + traffic edges), plus a sort of the shards
    ///   by size.
    public static func generate(_ options: Options) -> Scenario {
        if options.providers > 0 { return generateWithProviders(options) }
        precondition(options.shards >= 1, "ScenarioGenerator needs at least one shard")
        precondition(options.hosts >= 1, "ScenarioGenerator needs at least one host")
        precondition(options.resources >= 1, "ScenarioGenerator needs at least one resource")
        precondition(
            options.targetUtilization > 0 && options.targetUtilization <= 0.85,
            "ScenarioGenerator.Options.targetUtilization must be in (0, 0.85]")
        precondition(options.trafficPerShard >= 0, "ScenarioGenerator.Options.trafficPerShard must be ≥ 0")

        // One independent stream per stage, so that a change in one stage leaves the others alone.
        var seeds = SplitMix64(seed: options.seed)
        var hostRNG = SplitMix64(seed: seeds.next())
        var shardRNG = SplitMix64(seed: seeds.next())
        var placementRNG = SplitMix64(seed: seeds.next())
        var trafficRNG = SplitMix64(seed: seeds.next())

        let resources = makeResources(count: options.resources)
        let layout = HostLayout(options, rng: &hostRNG)
        var shards = ShardLayout(options, hosts: layout, rng: &shardRNG)
        let hostOf = shards.place(on: layout, rng: &placementRNG)

        let shardIDs = identifiers("s", count: shards.count, width: 6)
        let groupIDs = identifiers("g", count: shards.groupCount, width: 6)
        let traffic = shards.traffic(perShard: options.trafficPerShard, ids: shardIDs, rng: &trafficRNG)

        var groups: [Group] = []
        groups.reserveCapacity(shards.groupCount)
        for g in 0..<shards.groupCount {
            let anchor = Int(shards.groupAnchor[g])
            groups.append(
                Group(
                    id: groupIDs[g], antiAffinity: shards.groupAntiAffinity[g].key,
                    spread: shards.groupSpread[g] > 0 ? Group.Spread(key: "zone", min: shards.groupSpread[g]) : nil,
                    dependsOn: anchor >= 0 ? [Group.Dependency(group: groupIDs[anchor], key: "zone")] : []))
        }

        let d = options.resources
        var scenarioShards: [Shard] = []
        scenarioShards.reserveCapacity(shards.count)
        var placement: [String: String] = [:]
        placement.reserveCapacity(shards.count)
        for i in 0..<shards.count {
            let g = Int(shards.group[i])
            scenarioShards.append(
                Shard(
                    id: shardIDs[i], group: g >= 0 ? groupIDs[g] : nil,
                    demand: Array(shards.demand[(i * d)..<(i * d + d)]), size: shards.size[i],
                    moveCost: shards.moveCost[i]))
            placement[shardIDs[i]] = layout.hosts[Int(hostOf[i])].id
        }

        var policy = Policy()
        if d >= 2 {
            policy.balance = [Policy.BalanceObjective(resource: "cpu", over: "memory", target: 1, weight: 1)]
        }
        return Scenario(
            name: "synthetic-\(options.shards)x\(options.hosts)-r\(d)-seed\(options.seed)", resources: resources,
            hosts: layout.hosts, groups: groups, shards: scenarioShards, traffic: traffic, placement: placement,
            depth: options.depth, policy: policy)
    }

    /// The resource catalogue: `cpu`, `memory`, `disk` (transient), `net`, `gpu`, then `res5`, `res6`, ….
    static func makeResources(count: Int) -> [Resource] {
        let known: [Resource] = [
            Resource(name: "cpu", unit: "cores"),
            Resource(name: "memory", unit: "GiB"),
            Resource(name: "disk", transient: true, unit: "GiB"),
            Resource(name: "net", unit: "Gbit/s"),
            Resource(name: "gpu", unit: "devices"),
        ]
        return (0..<count).map { r in r < known.count ? known[r] : Resource(name: "res\(r)", unit: "units") }
    }

    /// `count` ids `prefix` + a 1-based number zero-padded to `width` digits (more when `count` needs
    /// them, so that ids sort like their numbers): `s000001`, `s000002`, ….
    static func identifiers(_ prefix: Unicode.Scalar, count: Int, width: Int) -> [String] {
        let digits = max(width, String(count).utf8.count)
        let lead = UInt8(ascii: prefix)
        return (0..<count).map { index in
            String(unsafeUninitializedCapacity: digits + 1) { buffer in
                buffer[0] = lead
                var rest = index + 1
                for k in stride(from: digits, through: 1, by: -1) {
                    buffer[k] = UInt8(truncatingIfNeeded: 48 + rest % 10)
                    rest /= 10
                }
                return digits + 1
            }
        }
    }
}
