import Foundation

extension ScenarioGenerator {
    /// The label key a group's replicas must not share.
    enum AntiAffinity: UInt8 {
        case none, host, rack, zone

        /// The key as written in ``Group/antiAffinity``.
        var key: String? {
            switch self {
            case .none: nil
            case .host: "host"
            case .rack: "rack"
            case .zone: "zone"
            }
        }
    }

    /// The generated shards and groups as flat columns. Shards come in service clusters of consecutive
    /// units (a replica group of consecutive shards, or one shard in no group).
    struct ShardLayout {
        /// Number of shards and of resources.
        var count: Int, d: Int
        /// Demand, `i * d + r`.
        var demand: [Double]
        /// Bytes a move copies and cost of a move, per shard.
        var size: [Double], moveCost: [Double]
        /// Group of each shard, −1 for none.
        var group: [Int32]
        /// Service cluster of each shard.
        var cluster: [Int32]
        /// First shard of each cluster, then `count`.
        var clusterStart: [Int]
        /// First shard and number of shards of each group.
        var groupStart: [Int], groupSize: [Int]
        /// Constraints of each group: anti-affinity key, minimum number of zones (0: none), and the group
        /// it depends on within a zone (−1: none).
        var groupAntiAffinity: [AntiAffinity], groupSpread: [Int], groupAnchor: [Int32]

        var groupCount: Int { groupStart.count }

        /// Per-resource demand multipliers of four kinds of service: balanced, compute-heavy,
        /// memory-heavy, storage-heavy (cpu, memory, disk, net; later resources 1).
        private static let kindBias: [[Double]] = [
            [1, 1, 1, 1], [2, 0.6, 0.5, 1.2], [0.6, 2.2, 0.8, 0.8], [0.5, 1, 3, 1.5],
        ]

        init(_ options: Options, hosts: HostLayout, rng: inout SplitMix64) {
            let n = options.shards
            let d = options.resources
            count = n
            self.d = d
            demand = []
            size = []
            moveCost = []
            group = []
            cluster = []
            clusterStart = []
            groupStart = []
            groupSize = []
            groupAntiAffinity = []
            groupSpread = []
            groupAnchor = []
            moveCost.reserveCapacity(n)
            group.reserveCapacity(n)
            cluster.reserveCapacity(n)
            var raw = [Double](repeating: 0, count: n * d)

            let zones = hosts.zoneRanges.count
            let largestGroup = min(5, hosts.count, n)
            var unitBias = [Double](repeating: 0, count: d)
            var i = 0
            while i < n {
                let c = Int32(clusterStart.count)
                clusterStart.append(i)
                let kind = rng.next(below: Self.kindBias.count)
                let firstGroupOfCluster = groupStart.count
                for _ in 0..<(2 + rng.next(below: 9)) where i < n {
                    // The unit: a replica group of 2–5 shards (mostly 3), or one shard in no group.
                    var members = 1
                    if largestGroup >= 2 && rng.nextDouble() >= 0.15 {
                        let u = rng.nextDouble()
                        members = min(u < 0.25 ? 2 : u < 0.7 ? 3 : u < 0.85 ? 4 : 5, largestGroup, n - i)
                    }
                    var g: Int32 = -1
                    if members >= 2 {
                        g = Int32(groupStart.count)
                        addGroup(
                            members: members, first: i, since: firstGroupOfCluster, zones: zones, hosts: hosts,
                            rng: &rng)
                    }

                    // Demand: a log-normal size, a per-resource profile from the service kind with its own
                    // noise, the same for every replica up to a small jitter.
                    let base = exp(ScenarioGenerator.gaussian(&rng))
                    for r in 0..<d {
                        unitBias[r] = (r < 4 ? Self.kindBias[kind][r] : 1) * exp(0.4 * ScenarioGenerator.gaussian(&rng))
                    }
                    if d > 4 {
                        let usesGPU = hosts.gpuHosts >= 2 * members && rng.nextDouble() < 0.12
                        unitBias[4] = usesGPU ? exp(0.5 * ScenarioGenerator.gaussian(&rng)) / base.squareRoot() : 0
                    }
                    let u = rng.nextDouble()
                    let cost: Double = u < 0.85 ? 1 : u < 0.95 ? 2 : u < 0.99 ? 5 : 10
                    for _ in 0..<members {
                        for r in 0..<d {
                            raw[i * d + r] = base * unitBias[r] * exp(0.07 * ScenarioGenerator.gaussian(&rng))
                        }
                        group.append(g)
                        cluster.append(c)
                        moveCost.append(cost)
                        i += 1
                    }
                }
            }
            clusterStart.append(n)

            demand = Self.scaled(raw, count: n, d: d, hosts: hosts, utilization: options.targetUtilization)

            // Bytes to copy: about the memory held (twice the cores in GiB without a memory resource).
            let (column, perUnit): (Int, Double) = d >= 2 ? (1, 1_073_741_824) : (0, 2_147_483_648)
            size.reserveCapacity(n)
            for i in 0..<n {
                size.append((demand[i * d + column] * perUnit * (0.5 + rng.nextDouble())).rounded())
            }
        }

        /// Appends a group of `members` shards starting at shard `first`, with its anti-affinity, maybe a
        /// spread over 2 zones, and maybe a dependency on an earlier group of the cluster (those from
        /// `since` on) whose replicas are sure to cover at least 2 zones.
        private mutating func addGroup(
            members: Int, first: Int, since: Int, zones: Int, hosts: HostLayout, rng: inout SplitMix64
        ) {
            // Never more replicas than domains.
            let u = rng.nextDouble()
            var antiAffinity: AntiAffinity = u < 0.7 ? .host : u < 0.9 ? .rack : .zone
            if antiAffinity == .zone && members > zones { antiAffinity = .rack }
            if antiAffinity == .rack && members > hosts.rackCount { antiAffinity = .host }
            let spread = zones >= 2 && antiAffinity != .zone && rng.nextDouble() < 0.3 ? 2 : 0

            // A dependency is placed inside the zones of its anchor, so it needs enough hosts or racks there.
            var anchor: Int32 = -1
            if spread == 0 && antiAffinity != .zone && zones >= 2 && rng.nextDouble() < 0.08 {
                var a = groupStart.count - 1
                while a >= since {
                    let covered = guaranteedZones(of: a)
                    if groupAnchor[a] < 0 && covered >= 2 {
                        let perZone = antiAffinity == .host ? hosts.minHostsPerZone : hosts.minRacksPerZone
                        if covered * perZone >= members { anchor = Int32(a) }
                        break
                    }
                    a -= 1
                }
            }
            groupStart.append(first)
            groupSize.append(members)
            groupAntiAffinity.append(antiAffinity)
            groupSpread.append(spread)
            groupAnchor.append(anchor)
        }

        /// The number of distinct zones any feasible placement gives group `g`.
        func guaranteedZones(of g: Int) -> Int {
            groupAntiAffinity[g] == .zone ? groupSize[g] : groupSpread[g]
        }

        /// Scales each resource's raw demands so that they add up to `utilization` × total capacity, no
        /// shard above half the smallest placement leaf (the excess goes to the others), rounded to
        /// thousandths; positive demands stay at least 0.001.
        private static func scaled(
            _ raw: [Double], count n: Int, d: Int, hosts: HostLayout, utilization: Double
        ) -> [Double] {
            var demand = [Double](repeating: 0, count: n * d)
            for r in 0..<d {
                var totalCapacity = 0.0
                for h in 0..<hosts.count { totalCapacity += hosts.capacity[h * d + r] }
                let goal = utilization * totalCapacity
                let limit = 0.5 * hosts.smallestLeaf[r]
                var rawSum = 0.0
                for i in 0..<n { rawSum += raw[i * d + r] }
                guard goal > 0, limit > 0, rawSum > 0 else { continue }
                // Water-filling: raise the scale until the capped sum reaches the goal.
                var scale = goal / rawSum
                for _ in 0..<20 {
                    var cappedSum = 0.0
                    var freeRaw = 0.0
                    for i in 0..<n {
                        let x = raw[i * d + r]
                        if x * scale >= limit { cappedSum += limit } else { freeRaw += x }
                    }
                    guard freeRaw > 0 else { break }
                    let next = (goal - cappedSum) / freeRaw
                    if next <= scale * (1 + 1e-9) { break }
                    scale = next
                }
                for i in 0..<n {
                    let x = raw[i * d + r]
                    guard x > 0 else { continue }
                    demand[i * d + r] = max(0.001, (min(x * scale, limit) * 1000).rounded() / 1000)
                }
            }
            return demand
        }
    }
}
