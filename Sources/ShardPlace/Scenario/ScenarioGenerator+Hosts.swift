import Foundation

extension ScenarioGenerator {
    /// A hardware SKU of the generated fleet: capacities for the first five resources, its hwloc synthetic
    /// topology, and how many PUs each NUMA node, L3 group and core of that topology holds.
    struct HostShape {
        /// Fraction of hosts with this shape.
        var share: Double
        /// Cores (= PUs of the topology), GiB of memory, GiB of disk, Gbit/s of network.
        var cpu: Double, memory: Double, disk: Double, net: Double
        /// Probability that a host of this shape has GPUs.
        var gpuChance: Double
        /// The hwloc synthetic description.
        var topology: String
        /// PUs per NUMA node, per L3 group and per core of `topology`.
        var numaPUs: Double, l3PUs: Double, corePUs: Double
        /// Safety capacity as a fraction of capacity.
        var safety: Double
        /// Multiplies the base price per resource unit (bigger machines are cheaper per unit).
        var priceFactor: Double
    }

    /// The fleet's shapes: small, medium, large, large with more memory, extra large.
    static let hostShapes: [HostShape] = [
        HostShape(
            share: 0.25, cpu: 16, memory: 64, disk: 960, net: 10, gpuChance: 0.02, topology: "pack:1 l3:1 core:8 pu:2",
            numaPUs: 16, l3PUs: 16, corePUs: 2, safety: 0.85, priceFactor: 1),
        HostShape(
            share: 0.35, cpu: 32, memory: 128, disk: 1920, net: 25, gpuChance: 0.05,
            topology: "pack:2 l3:1 core:8 pu:2", numaPUs: 32, l3PUs: 16, corePUs: 2, safety: 0.875, priceFactor: 0.97),
        HostShape(
            share: 0.25, cpu: 64, memory: 256, disk: 3840, net: 50, gpuChance: 0.25,
            topology: "pack:2 numa:2 l3:1 core:8 pu:2", numaPUs: 16, l3PUs: 16, corePUs: 2, safety: 0.9,
            priceFactor: 0.94),
        HostShape(
            share: 0.10, cpu: 64, memory: 512, disk: 3840, net: 50, gpuChance: 0.1,
            topology: "pack:2 numa:2 l3:1 core:8 pu:2", numaPUs: 16, l3PUs: 16, corePUs: 2, safety: 0.9,
            priceFactor: 0.96),
        HostShape(
            share: 0.05, cpu: 256, memory: 1024, disk: 7680, net: 100, gpuChance: 0.4,
            topology: "pack:2 numa:4 l3:2 core:8 pu:2", numaPUs: 32, l3PUs: 16, corePUs: 2, safety: 0.9,
            priceFactor: 0.9),
    ]

    /// Price per unit-hour of `cpu`, `memory`, `disk`, `net`, `gpu`; later resources use the last entry.
    static let basePrices: [Double] = [0.031, 0.0042, 0.00014, 0.02, 0.9, 0.001]

    /// The generated hosts and, as flat columns, what placing shards on them needs.
    struct HostLayout {
        /// The hosts, zone by zone and rack by rack.
        var hosts: [Host]
        /// Number of resources.
        var d: Int
        /// Capacity, `h * d + r`.
        var capacity: [Double]
        /// Zone and rack (numbered across the fleet) of each host.
        var zone: [Int32], rack: [Int32]
        /// The hosts of each zone: zones hold consecutive hosts.
        var zoneRanges: [Range<Int>]
        /// Number of racks in all.
        var rackCount: Int
        /// The fewest hosts and racks any zone has.
        var minHostsPerZone: Int, minRacksPerZone: Int
        /// Number of hosts with a GPU (when there is a `gpu` resource).
        var gpuHosts: Int
        /// Per resource, the smallest positive capacity of a placement leaf at the scenario's depth (a
        /// host, or its smallest NUMA node, L3 group or core): no shard may demand more than a share of it.
        var smallestLeaf: [Double]
        /// Prefix sums of the hosts' sampling weights (bigger hosts, and some "popular" hosts, get more
        /// shards), `hosts.count + 1` entries.
        var cumulativeWeight: [Double]
        /// Prefix sums of the hosts' GPU counts, for shards that need GPUs (empty without a `gpu` resource).
        var gpuCumulativeWeight: [Double]

        var count: Int { hosts.count }

        init(_ options: Options, rng: inout SplitMix64) {
            let h = options.hosts
            let d = options.resources
            self.d = d

            // Zones of consecutive hosts, racks of about 16 consecutive hosts inside each zone.
            let zoneCount = h >= 2 ? min(h, max(2, Int((Double(h).squareRoot() / 2).rounded()))) : 1
            zone = [Int32](repeating: 0, count: h)
            rack = [Int32](repeating: 0, count: h)
            zoneRanges = []
            var rackNames: [String] = []
            var zoneNames: [String] = []
            minHostsPerZone = h
            minRacksPerZone = Int.max
            for z in 0..<zoneCount {
                let range = (z * h / zoneCount)..<((z + 1) * h / zoneCount)
                zoneRanges.append(range)
                zoneNames.append("z\(z + 1)")
                let n = range.count
                let racks = n >= 4 ? max(2, Int((Double(n) / 16).rounded())) : 1
                minHostsPerZone = min(minHostsPerZone, n)
                minRacksPerZone = min(minRacksPerZone, racks)
                for k in 0..<racks {
                    let rackRange = (range.lowerBound + k * n / racks)..<(range.lowerBound + (k + 1) * n / racks)
                    for host in rackRange {
                        zone[host] = Int32(z)
                        rack[host] = Int32(rackNames.count)
                    }
                    rackNames.append("z\(z + 1)-r\(k + 1)")
                }
            }
            rackCount = rackNames.count

            // Shapes, GPUs, capacities, prices.
            var shapeOf = [Int](repeating: 0, count: h)
            var gpus = [Double](repeating: 0, count: h)
            let gpuChoices: [Double] = [2, 4, 8]
            for host in 0..<h {
                var u = rng.nextDouble()
                var s = 0
                while s < Self.shapes.count - 1 && u >= Self.shapes[s].share {
                    u -= Self.shapes[s].share
                    s += 1
                }
                shapeOf[host] = s
                if rng.nextDouble() < Self.shapes[s].gpuChance { gpus[host] = gpuChoices[rng.next(below: 3)] }
            }
            if d > 4 && !gpus.contains(where: { $0 > 0 }) { gpus[0] = 2 }
            gpuHosts = d > 4 ? gpus.count { $0 > 0 } : 0

            capacity = [Double](repeating: 0, count: h * d)
            smallestLeaf = [Double](repeating: .infinity, count: d)
            let belowHost = options.depth != .host && options.topology == .synthetic
            var hosts: [Host] = []
            hosts.reserveCapacity(h)
            let hostIDs = ScenarioGenerator.identifiers("h", count: h, width: 4)
            for host in 0..<h {
                let shape = Self.shapes[shapeOf[host]]
                var capacityRow = [Double](repeating: 0, count: d)
                for r in 0..<d {
                    capacityRow[r] =
                        switch r {
                        case 0: shape.cpu
                        case 1: shape.memory
                        case 2: shape.disk
                        case 3: shape.net
                        case 4: gpus[host]
                        default: 100 * shape.cpu / 32
                        }
                    capacity[host * d + r] = capacityRow[r]
                    // Below host depth cpu is divided among NUMA nodes, L3 groups or cores, memory among
                    // NUMA nodes, by PU count; other resources are bounded per host.
                    var leaf = capacityRow[r]
                    if belowHost && r == 0 {
                        let pus =
                            switch options.depth {
                            case .numa: shape.numaPUs
                            case .l3: shape.l3PUs
                            default: shape.corePUs
                            }
                        leaf *= pus / shape.cpu
                    } else if belowHost && r == 1 {
                        leaf *= shape.numaPUs / shape.cpu
                    }
                    if leaf > 0 { smallestLeaf[r] = min(smallestLeaf[r], leaf) }
                }
                let safety = capacityRow.map { ($0 * shape.safety * 100).rounded() / 100 }
                let price = (0..<d).map { r in
                    (Self.basePrices[min(r, Self.basePrices.count - 1)] * shape.priceFactor * 1e6).rounded() / 1e6
                }
                let z = Int(zone[host])
                hosts.append(
                    Host(
                        id: hostIDs[host],
                        labels: ["zone": zoneNames[z], "rack": rackNames[Int(rack[host])], "provider": "own"],
                        capacity: capacityRow, safetyCapacity: safety,
                        topology: options.topology == .synthetic ? HostTopology(synthetic: shape.topology) : nil,
                        price: price, trust: 1))
            }
            self.hosts = hosts
            for r in 0..<d where smallestLeaf[r] == .infinity { smallestLeaf[r] = 0 }

            // Sampling weight: the host's size relative to the mean host (GPUs left out), times a
            // log-normal "popularity" so that the current placement is not perfectly even.
            let nonGPU = (0..<d).filter { $0 != 4 }
            var mean = [Double](repeating: 0, count: d)
            for host in 0..<h { for r in nonGPU { mean[r] += capacity[host * d + r] / Double(h) } }
            cumulativeWeight = [0]
            cumulativeWeight.reserveCapacity(h + 1)
            for host in 0..<h {
                var size = 0.0
                for r in nonGPU where mean[r] > 0 { size += capacity[host * d + r] / mean[r] }
                let weight = size / Double(max(nonGPU.count, 1)) * exp(0.25 * ScenarioGenerator.gaussian(&rng))
                cumulativeWeight.append(cumulativeWeight[host] + weight)
            }
            gpuCumulativeWeight = []
            if d > 4 {
                gpuCumulativeWeight = [0]
                gpuCumulativeWeight.reserveCapacity(h + 1)
                for host in 0..<h { gpuCumulativeWeight.append(gpuCumulativeWeight[host] + gpus[host]) }
            }
        }

        private static var shapes: [HostShape] { ScenarioGenerator.hostShapes }
        private static var basePrices: [Double] { ScenarioGenerator.basePrices }

        /// A host of `range` drawn in proportion to its weight (hosts of weight 0 only when the whole
        /// range weighs 0).
        ///
        /// - Parameters:
        ///   - weights: prefix sums of the weights, `count + 1` entries (``cumulativeWeight`` or
        ///     ``gpuCumulativeWeight``).
        ///   - u: uniform in [0, 1).
        func sample(in range: Range<Int>, weights: [Double], _ u: Double) -> Int {
            let low = weights[range.lowerBound]
            let target = low + u * (weights[range.upperBound] - low)
            // The last host whose prefix sum is at most the target: the one whose weight covers it.
            var lo = range.lowerBound
            var hi = range.upperBound - 1
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if weights[mid] <= target { lo = mid } else { hi = mid - 1 }
            }
            return lo
        }
    }

    /// A standard normal deviate (Box–Muller).
    static func gaussian(_ rng: inout SplitMix64) -> Double {
        let u1 = 1 - rng.nextDouble()
        let u2 = rng.nextDouble()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
