/// Prices placements of one compiled ``Problem``: in full with ``evaluate(_:)`` (every term, every
/// violation), or one move at a time through a ``CostState``.
public struct CostModel: Sendable {
    public let problem: Problem

    public init(_ problem: Problem) { self.problem = problem }

    /// Relative slack under which a capacity excess counts as rounding, not a violation.
    static let tolerance = 1e-6

    /// Evaluates a placement in full, in `Double`, straight from the definitions of the "Cost model"
    /// article (no incremental state is involved: this is what deltas are checked against).
    ///
    /// - Complexity: O(shards × (resources × depth + traffic degree) + nodes × resources + domains).
    public func evaluate(_ placement: Placement) -> Evaluation {
        let p = problem
        precondition(
            placement.leaves.count == p.shardCount,
            "placement has \(placement.leaves.count) shards, problem \(p.shardCount)")
        let st = p.stride
        let d = p.resourceCount
        var t = CostTerms()
        var violations: [Violation] = []
        let host = placement.leaves.map { $0 < 0 ? -1 : Int(p.leafHost[Int($0)]) }

        // Usage per capacity node and transient holds per host.
        var usage = [Double](repeating: 0, count: p.nodeCount * st)
        var hold = [Double](repeating: 0, count: p.hostCount * st)
        var shardsOn = [[Int]](repeating: [], count: p.hostCount)
        for s in 0..<p.shardCount {
            let leaf = Int(placement.leaves[s])
            guard leaf >= 0 else {
                t.unplaced += 1
                violations.append(
                    Violation(
                        term: "unplaced", shards: [p.shardIDs[s]], amount: 1,
                        message: "shard \(p.shardIDs[s]) is not placed"))
                continue
            }
            let h = host[s]
            shardsOn[h].append(s)
            for r in 0..<d { usage[h * st + r] += Double(p.demand[s * st + r]) }
            for level in 0..<p.capacityLevels {
                let node = Int(p.leafNodes[leaf * p.capacityLevels + level])
                if node >= 0 { for r in 0..<d { usage[node * st + r] += Double(p.demand[s * st + r]) } }
            }
            let h0 = Int(p.initialHost[s])
            if h0 >= 0 && h0 != h {
                for r in 0..<d where p.transientMask[r] > 0 { hold[h0 * st + r] += Double(p.demand[s * st + r]) }
            }
            if p.restricted[s] && !p.isEligible(shard: s, host: h) {
                t.placementRules += 1
                violations.append(
                    Violation(
                        term: "placementRules", shards: [p.shardIDs[s]], location: p.hostIDs[h], amount: 1,
                        message:
                            "shard \(p.shardIDs[s]) is on \(p.hostIDs[h]), outside its pin/allowedHosts/affinity/trust/residency rules"
                    ))
            }
        }

        // Capacity at every node; transient on hosts.
        for node in 0..<p.nodeCount {
            for r in 0..<d {
                let c = Double(p.capacity[node * st + r])
                let u = usage[node * st + r]
                let over = u - c
                if over > Self.tolerance * max(1, abs(c)) {
                    t.capacity += over
                    let name = node < p.hostCount ? p.hostIDs[node] : intraNodeName(node)
                    violations.append(
                        Violation(
                            term: "capacity", shards: node < p.hostCount ? shardsOn[node].map { p.shardIDs[$0] } : [],
                            location: name,
                            resource: p.resourceNames[r], amount: over,
                            message: "\(name): \(p.resourceNames[r]) usage \(u) exceeds capacity \(c) by \(over)"))
                }
                if node < p.hostCount && p.transientMask[r] > 0 {
                    let withHold = max(0, u + hold[node * st + r] - c) - max(0, over)
                    if withHold > Self.tolerance * max(1, abs(c)) {
                        t.transient += withHold
                        violations.append(
                            Violation(
                                term: "transient", shards: shardsOn[node].map { p.shardIDs[$0] },
                                location: p.hostIDs[node],
                                resource: p.resourceNames[r], amount: withHold,
                                message:
                                    "\(p.hostIDs[node]): \(p.resourceNames[r]) usage \(u) plus \(hold[node * st + r]) held by shards moving away exceeds capacity \(c)"
                            ))
                    }
                }
            }
        }

        // Soft host terms.
        var stranded = [Double](repeating: 0, count: d)
        var totalCapacity = [Double](repeating: 0, count: d)
        for h in 0..<p.hostCount {
            var free = [Double](repeating: 0, count: d)
            for r in 0..<d {
                let u = usage[h * st + r]
                let c = Double(p.capacity[h * st + r])
                t.load += Double(p.loadWeight[r]) * max(0, u - Double(p.safety[h * st + r]))
                let inv = Double(p.inverseCapacity[h * st + r])
                t.imbalance += Double(p.resourceWeight[r]) * (u * inv) * (u * inv)
                t.price += Double(p.price[h * st + r]) * u
                free[r] = max(0, c - u)
                totalCapacity[r] += c
            }
            var k = Double.infinity
            for r in 0..<d where p.fragmentationReference[r] > 0 {
                k = min(k, (free[r] / Double(p.fragmentationReference[r])).rounded(.down))
            }
            if k == .infinity { k = 0 }
            for r in 0..<d {
                let s = free[r] - k * Double(p.fragmentationReference[r])
                stranded[r] += s
                t.fragmentation += Double(p.resourceWeight[r]) * s * Double(p.inverseCapacity[h * st + r])
            }
            for (i, r1) in p.balanceResource.enumerated() {
                let r2 = Int(p.balanceOver[i])
                let a1 = Double(p.capacity[h * st + Int(r1)]) - usage[h * st + Int(r1)]
                let a2 = Double(p.capacity[h * st + r2]) - usage[h * st + r2]
                t.balance += Double(p.balanceWeight[i]) * max(0, Double(p.balanceTarget[i]) * a1 - a2)
            }
        }

        // Offer hosts: the hourly charge of each used host (the first `planned` of an offer, in host
        // order, at the planned rate; the rest at the full rate).
        t.price += offerCharges(host: host).reduce(0, +)

        // Traffic and egress.
        for s in 0..<p.shardCount where placement.leaves[s] >= 0 {
            for e in Int(p.trafficStart[s])..<Int(p.trafficStart[s + 1]) {
                let j = Int(p.trafficPeer[e])
                guard j > s, placement.leaves[j] >= 0 else { continue }
                t.traffic +=
                    Double(p.trafficVolume[e]) * Double(p.distance(Int(placement.leaves[s]), Int(placement.leaves[j])))
                t.egress += egress(volume: Double(p.trafficVolume[e]), host[s], host[j])
            }
        }

        // Migration.
        var movedPerGroup = [Int](repeating: 0, count: p.groupCount)
        for s in 0..<p.shardCount {
            let h0 = Int(p.initialHost[s])
            guard h0 >= 0, host[s] >= 0, host[s] != h0 else { continue }
            t.migration += Double(p.moveCost[s])
            t.bytes += Double(p.size[s])
            if !p.hostMoveCost.isEmpty { t.hostMoves += Double(p.hostMoveCost[h0 * p.hostCount + host[s]]) }
            if p.shardGroup[s] >= 0 { movedPerGroup[Int(p.shardGroup[s])] += 1 }
        }
        t.groupMoves = Double(movedPerGroup.max() ?? 0)

        // Group constraints.
        evaluateConstraints(host: host, terms: &t, violations: &violations)

        let weighted = Dictionary(
            uniqueKeysWithValues: CostTerms.softNames.map { ($0, CostTerms.weight(of: $0, in: p.weights) * t[$0]!) })
        let feasible = CostTerms.hardNames.allSatisfy { t[$0]! == 0 }
        return Evaluation(
            terms: t, total: t.weightedTotal(p.weights), isFeasible: feasible, violations: violations,
            strandedPercent: (0..<d).map { totalCapacity[$0] > 0 ? 100 * stranded[$0] / totalCapacity[$0] : 0 },
            weightedTerms: weighted)
    }

    /// The hourly egress of a traffic edge of `volume` between shards on hosts `a` and `b`: nothing on
    /// one provider; otherwise half the volume leaves each side at that side's egress price.
    func egress(volume: Double, _ a: Int, _ b: Int) -> Double {
        let p = problem
        guard p.hostProvider[a] != p.hostProvider[b] else { return 0 }
        return volume * p.egressScale * (p.hostEgress[a] + p.hostEgress[b])
    }

    /// The hourly charge of each host given the host of each shard (-1: unplaced): 0 for declared hosts
    /// and unused offer hosts; for used offer hosts, in host order, the planned rate for the first
    /// `planned` hosts of their offer and the full rate after.
    func offerCharges(host: [Int]) -> [Double] {
        let p = problem
        var used = [Bool](repeating: false, count: p.hostCount)
        for h in host where h >= 0 { used[h] = true }
        var count = [Int32](repeating: 0, count: p.offerIDs.count)
        var charges = [Double](repeating: 0, count: p.hostCount)
        for h in 0..<p.hostCount where used[h] && p.hostOffer[h] >= 0 {
            let o = Int(p.hostOffer[h])
            count[o] += 1
            charges[h] = count[o] <= p.offerPlanned[o] ? p.offerReducedCharge[o] : p.offerFullCharge[o]
        }
        return charges
    }

    private func evaluateConstraints(host: [Int], terms t: inout CostTerms, violations: inout [Violation]) {
        let p = problem
        // Shards per (slot, domain).
        var members = [[Int32: [Int]]](repeating: [:], count: p.slotGroup.count)
        for slot in 0..<p.slotGroup.count {
            let g = Int(p.slotGroup[slot])
            let k = Int(p.slotKey[slot])
            for m in Int(p.groupMemberStart[g])..<Int(p.groupMemberStart[g + 1]) {
                let s = Int(p.groupMembers[m])
                guard host[s] >= 0 else { continue }
                let domain = p.hostDomain[k * p.hostCount + host[s]]
                if domain >= 0 { members[slot][domain, default: []].append(s) }
            }
        }
        func domainName(_ slot: Int, _ domain: Int32) -> String {
            let k = Int(p.slotKey[slot])
            let key = p.domainKeys[k]
            let h = (0..<p.hostCount).first { p.hostDomain[k * p.hostCount + $0] == domain } ?? 0
            if key == Problem.spotKey { return "spot pool of \(p.provider(ofHost: h) ?? "?")" }
            return key == "host" ? p.hostIDs[h] : "\(key) of \(p.hostIDs[h])"
        }
        for slot in 0..<p.slotGroup.count {
            let group = p.groupIDs[Int(p.slotGroup[slot])]
            let key = p.domainKeys[Int(p.slotKey[slot])]
            let limit = Int(p.slotLimit[slot])
            if limit > 0 {
                for (domain, shards) in members[slot].sorted(by: { $0.key < $1.key }) where shards.count > limit {
                    t.antiAffinity += Double(shards.count - limit)
                    let message =
                        key == Problem.spotKey
                        ? "group \(group): \(shards.count) replicas on the spot capacity of provider \(p.provider(ofHost: host[shards[0]]) ?? "?") (at most \(limit))"
                        : "group \(group): \(shards.count) replicas share one \(key) domain (\(domainName(slot, domain)))"
                    violations.append(
                        Violation(
                            term: "antiAffinity", shards: shards.map { p.shardIDs[$0] },
                            location: domainName(slot, domain), amount: Double(shards.count - limit), message: message))
                }
            }
            let minimum = Int(p.slotSpreadMin[slot])
            if minimum > 0 && members[slot].count < minimum {
                t.spread += Double(minimum - members[slot].count)
                violations.append(
                    Violation(
                        term: "spread", shards: members[slot].values.flatMap { $0 }.sorted().map { p.shardIDs[$0] },
                        amount: Double(minimum - members[slot].count),
                        message: "group \(group) spans \(members[slot].count) \(key) domains, needs \(minimum)"))
            }
        }
        for (i, dependent) in p.dependencyDependent.enumerated() {
            let required = Int(p.dependencyRequired[i])
            for (domain, shards) in members[Int(dependent)].sorted(by: { $0.key < $1.key })
            where members[required][domain] == nil {
                t.dependency += 1
                let key = p.domainKeys[Int(p.slotKey[Int(dependent)])]
                violations.append(
                    Violation(
                        term: "dependency", shards: shards.map { p.shardIDs[$0] },
                        location: domainName(Int(dependent), domain), amount: 1,
                        message:
                            "group \(p.groupIDs[Int(p.slotGroup[Int(dependent)])]) has shards in a \(key) domain (\(domainName(Int(dependent), domain))) without group \(p.groupIDs[Int(p.slotGroup[required])])"
                    ))
            }
        }
    }

    /// `host/numa:1`-style name of an intra-host capacity node.
    private func intraNodeName(_ node: Int) -> String {
        let p = problem
        for leaf in 0..<p.leafCount {
            for level in 0..<p.capacityLevels where Int(p.leafNodes[leaf * p.capacityLevels + level]) == node {
                let name = p.leafNames[leaf]
                if level == p.capacityLevels - 1 && (p.capacityLevels == 2 || p.depth == .numa) { return name }
                return "\(p.hostIDs[Int(p.leafHost[leaf])])/numa(of \(name))"
            }
        }
        return "node \(node)"
    }
}
