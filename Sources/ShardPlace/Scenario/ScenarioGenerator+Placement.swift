extension ScenarioGenerator.ShardLayout {
    /// Places every shard on a host the way a spreading scheduler might have: largest shards first, each
    /// on the least loaded of six hosts that fit, drawn in proportion to their size (then, when random
    /// draws find none, the first host that fits from a random one), keeping every capacity,
    /// anti-affinity, spread and dependency. A shard that fits nowhere its group allows (not seen at
    /// 85 % utilisation) is shrunk to fit the host with the most room for it.
    ///
    /// A group that depends on another is placed inside the zones the other group's replicas hold:
    /// then every zone holding one of its shards holds one of the other's. When the first replica of a
    /// dependent group comes up, the group it depends on is placed first if it is not yet.
    ///
    /// - Returns: the host of each shard.
    /// - Complexity: O(shards × resources × tries) when hosts have room, plus a sort of the shards.
    mutating func place(on hosts: ScenarioGenerator.HostLayout, rng: inout SplitMix64) -> [Int32] {
        let n = count
        let d = self.d

        // Largest first, by the largest demand relative to the mean host, in size classes a factor 2
        // apart; shard order inside a class, which keeps memory accesses nearly sequential.
        var mean = [Double](repeating: 0, count: d)
        for h in 0..<hosts.count { for r in 0..<d { mean[r] += hosts.capacity[h * d + r] / Double(hosts.count) } }
        var order: [UInt64] = []
        order.reserveCapacity(n)
        for i in 0..<n {
            var key = 0.0
            for r in 0..<d where mean[r] > 0 { key = max(key, demand[i * d + r] / mean[r]) }
            let sizeClass = key > 0 ? UInt64(Int(key.exponent) + 2048) : 0
            order.append(sizeClass << 32 | UInt64(UInt32(truncatingIfNeeded: n - 1 - i)))
        }
        order.sort(by: >)

        var placer = Placer(count: n, hosts: hosts)
        for packed in order {
            let i = n - 1 - Int(packed & 0xFFFF_FFFF)
            guard placer.hostOf[i] < 0 else { continue }
            let g = Int(group[i])
            if g >= 0 && groupAnchor[g] >= 0 {
                let anchor = Int(groupAnchor[g])
                let members = groupStart[anchor]..<(groupStart[anchor] + groupSize[anchor])
                if !members.contains(where: { placer.hostOf[$0] >= 0 }) {
                    for j in members { placer.place(j, layout: &self, hosts: hosts, rng: &rng) }
                }
            }
            placer.place(i, layout: &self, hosts: hosts, rng: &rng)
        }
        return placer.hostOf
    }

    /// The state of a placement in progress: where shards are, what hosts use.
    private struct Placer {
        /// Host of each shard, −1 while unplaced.
        var hostOf: [Int32]
        /// Usage, `h * d + r`.
        var usage: [Double]
        /// Capacity a hair lower, so that summing in another order can never exceed the real one.
        let limit: [Double]
        /// 1 / capacity (0 where capacity is 0).
        let inverseCapacity: [Double]
        var rule = Rule()
        var zoneRanges: [Range<Int>] = []
        let everywhere: [Range<Int>]

        init(count: Int, hosts: ScenarioGenerator.HostLayout) {
            hostOf = [Int32](repeating: -1, count: count)
            usage = [Double](repeating: 0, count: hosts.capacity.count)
            limit = hosts.capacity.map { $0 * (1 - 1e-9) }
            inverseCapacity = hosts.capacity.map { $0 > 0 ? 1 / $0 : 0 }
            everywhere = [0..<hosts.count]
        }

        /// Places shard `i` (shrinking it in `layout` when nothing can hold it).
        mutating func place(
            _ i: Int, layout: inout ScenarioGenerator.ShardLayout, hosts: ScenarioGenerator.HostLayout,
            rng: inout SplitMix64
        ) {
            let d = layout.d
            rule.prepare(for: i, layout: layout, hostOf: hostOf, hosts: hosts)
            zoneRanges.removeAll(keepingCapacity: true)
            for z in rule.allowedZones { zoneRanges.append(hosts.zoneRanges[Int(z)]) }
            let ranges = rule.allowedZones.isEmpty ? everywhere : zoneRanges

            func fits(_ h: Int) -> Bool {
                for r in 0..<d where usage[h * d + r] + layout.demand[i * d + r] > limit[h * d + r] { return false }
                return true
            }

            // The least loaded (by its fullest resource after placing) of six hosts that fit, as a
            // spreading scheduler would choose: hosts stay balanced across resources, which leaves room
            // for the last, smallest shards even at 85 % utilisation.
            var chosen = -1
            var chosenLoad = Double.infinity
            var found = 0
            var tries = 0
            // A shard that needs GPUs is drawn among the hosts that have some.
            let weights = d > 4 && layout.demand[i * d + 4] > 0 ? hosts.gpuCumulativeWeight : hosts.cumulativeWeight
            while found < 6 && tries < 24 {
                tries += 1
                let range = ranges.count == 1 ? ranges[0] : ranges[rng.next(below: ranges.count)]
                let h = hosts.sample(in: range, weights: weights, rng.nextDouble())
                guard rule.admits(h, hosts: hosts) && fits(h) else { continue }
                found += 1
                var load = 0.0
                for r in 0..<d {
                    load = max(load, (usage[h * d + r] + layout.demand[i * d + r]) * inverseCapacity[h * d + r])
                }
                if load < chosenLoad {
                    chosen = h
                    chosenLoad = load
                }
            }
            if chosen < 0 {
                // The first allowed host that fits among up to 2,048 consecutive ones from a random one
                // (all of them in smaller clusters), which bounds the work when hosts are nearly full.
                func host(_ k: Int) -> Int {
                    var index = k
                    for range in ranges {
                        if index < range.count { return range.lowerBound + index }
                        index -= range.count
                    }
                    return -1
                }
                var total = 0
                for range in ranges { total += range.count }
                let start = rng.next(below: total)
                let window = min(total, 2048)
                for k in 0..<window {
                    let h = host(start + k < total ? start + k : start + k - total)
                    if rule.admits(h, hosts: hosts) && fits(h) {
                        chosen = h
                        break
                    }
                }
                if chosen < 0 {
                    // None: shrink the shard to fit the host of the window with the most room for it (of
                    // all hosts when the window holds none the group allows).
                    var best = -1
                    var bestFactor = -1.0
                    // Rarely the group's rule admits no host of the shard's cluster (its anchor's zones or
                    // the cluster's hosts are taken by its own replicas): drop the dependency, then the
                    // spread, then look beyond the cluster, so the file stays feasible.
                    for relax in 0..<4 where best < 0 {
                        let g = Int(layout.group[i])
                        if relax == 1 && g >= 0 { layout.groupAnchor[g] = -1 }
                        if relax == 2 && g >= 0 { layout.groupSpread[g] = 0 }
                        if relax > 0 { rule.prepare(for: i, layout: layout, hostOf: hostOf, hosts: hosts) }
                        let everywhere = relax == 3
                        for span in everywhere ? [hosts.count] : [window, total] where best < 0 {
                            for k in 0..<span {
                                let h = everywhere ? k : host(start + k < total ? start + k : start + k - total)
                                guard rule.admits(h, hosts: hosts) else { continue }
                                var factor = Double.infinity
                                for r in 0..<d where layout.demand[i * d + r] > 0 {
                                    let room = max(0, limit[h * d + r] - usage[h * d + r])
                                    factor = min(factor, room / layout.demand[i * d + r])
                                }
                                if factor > bestFactor {
                                    bestFactor = factor
                                    best = h
                                }
                            }
                        }
                    }
                    precondition(best >= 0, "ScenarioGenerator: no host satisfies the constraints of a group")
                    let shrink = min(bestFactor, 1) * 0.98
                    for r in 0..<d {
                        layout.demand[i * d + r] = (layout.demand[i * d + r] * shrink * 1000).rounded(.down) / 1000
                    }
                    chosen = best
                }
            }
            hostOf[i] = Int32(chosen)
            for r in 0..<d { usage[chosen * d + r] += layout.demand[i * d + r] }
        }
    }

    /// What the replicas of a shard's group already placed allow for the shard: domains it must avoid,
    /// whether it must open a new zone to meet the group's spread, and the zones its group's anchor holds.
    private struct Rule {
        var antiAffinity = ScenarioGenerator.AntiAffinity.none
        var forbidden: [Int32] = []
        var usedZones: [Int32] = []
        var mustOpenZone = false
        var allowedZones: [Int32] = []

        init() {
            forbidden.reserveCapacity(8)
            usedZones.reserveCapacity(8)
            allowedZones.reserveCapacity(8)
        }

        mutating func prepare(
            for i: Int, layout: ScenarioGenerator.ShardLayout, hostOf: [Int32], hosts: ScenarioGenerator.HostLayout
        ) {
            antiAffinity = .none
            forbidden.removeAll(keepingCapacity: true)
            usedZones.removeAll(keepingCapacity: true)
            allowedZones.removeAll(keepingCapacity: true)
            mustOpenZone = false
            let g = Int(layout.group[i])
            guard g >= 0 else { return }
            antiAffinity = layout.groupAntiAffinity[g]
            var placed = 0
            for j in layout.groupStart[g]..<(layout.groupStart[g] + layout.groupSize[g]) where hostOf[j] >= 0 {
                let h = Int(hostOf[j])
                placed += 1
                if antiAffinity != .none { forbidden.append(Self.domain(of: h, antiAffinity, hosts)) }
                if !usedZones.contains(hosts.zone[h]) { usedZones.append(hosts.zone[h]) }
            }
            let missing = layout.groupSpread[g] - usedZones.count
            mustOpenZone = missing > 0 && layout.groupSize[g] - placed <= missing
            let anchor = Int(layout.groupAnchor[g])
            if anchor >= 0 {
                let members = layout.groupStart[anchor]..<(layout.groupStart[anchor] + layout.groupSize[anchor])
                for j in members where hostOf[j] >= 0 && !allowedZones.contains(hosts.zone[Int(hostOf[j])]) {
                    allowedZones.append(hosts.zone[Int(hostOf[j])])
                }
                precondition(!allowedZones.isEmpty, "ScenarioGenerator: a group was placed before its anchor")
            }
        }

        func admits(_ h: Int, hosts: ScenarioGenerator.HostLayout) -> Bool {
            if antiAffinity != .none && forbidden.contains(Self.domain(of: h, antiAffinity, hosts)) { return false }
            if mustOpenZone && usedZones.contains(hosts.zone[h]) { return false }
            if !allowedZones.isEmpty && !allowedZones.contains(hosts.zone[h]) { return false }
            return true
        }

        static func domain(
            of h: Int, _ key: ScenarioGenerator.AntiAffinity, _ hosts: ScenarioGenerator.HostLayout
        ) -> Int32 {
            switch key {
            case .none, .host: Int32(h)
            case .rack: hosts.rack[h]
            case .zone: hosts.zone[h]
            }
        }
    }
}
