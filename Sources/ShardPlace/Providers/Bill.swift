/// What a placement costs over a number of hours, by provider, by offer type, by group, and egress:
/// the `price` and `egress` terms of the cost model (``CostModel/evaluate(_:)``) in money rather than
/// weighted cost.
///
/// - Compute: a declared host costs its price per resource unit-hour × the demand of each shard on it
///   (charged to that shard); a used offer host costs its hourly charge (the planned rate for the first
///   hosts of its offer that the ``OfferPlan`` buys, the full effective price beyond), shared among its
///   shards in proportion to Σ_r demand / capacity.
/// - Egress: a traffic edge between hosts of different providers sends half its volume each way; each
///   half costs GB (``Policy/egressGBPerVolume``) × its sender's egress price, charged to the sender's
///   provider and group.
///
/// Every breakdown adds up to the total: Σ providers = Σ groups = Σ offer types + egress = total.
public struct Bill: Sendable, Hashable, Codable {
    /// Compute and egress of one provider or group.
    public struct Line: Sendable, Hashable, Codable {
        public var compute: Double
        public var egress: Double
        public var total: Double

        public init(compute: Double = 0, egress: Double = 0) {
            self.compute = compute
            self.egress = egress
            self.total = compute + egress
        }

        mutating func add(compute c: Double = 0, egress e: Double = 0) {
            compute += c
            egress += e
            total = compute + egress
        }
    }

    /// Hours billed.
    public var hours: Double
    /// Σ compute (hosts).
    public var compute: Double
    /// Σ egress.
    public var egress: Double
    /// compute + egress.
    public var total: Double
    /// By provider id; hosts without a `provider` label under ``noProvider``.
    public var providers: [String: Line]
    /// Compute by how hosts are bought: `reserved`, `onDemand`, `spot`, or ``owned`` for declared hosts
    /// without an `offerType` label.
    public var offerTypes: [String: Double]
    /// By group id; shards without a group under ``noGroup``.
    public var groups: [String: Line]
    /// Used hosts per offer.
    public var offerHosts: [String: Int]
    /// Used declared hosts.
    public var declaredHosts: Int
    /// What the reserved offer hosts in use commit to: their hourly price × their term.
    public var reservedCommitment: Double

    /// The key of hosts without a provider.
    public static let noProvider = "(none)"
    /// The key of shards without a group.
    public static let noGroup = "(no group)"
    /// The key of declared hosts without an `offerType` label.
    public static let owned = "owned"
    /// Hours in an average month (8,760 / 12).
    public static let hoursPerMonth = 730.0

    /// Bills a placement.
    ///
    /// - Parameters:
    ///   - problem: the compiled problem (with the offer plan it was compiled with).
    ///   - placement: where every shard is (unplaced shards cost nothing).
    ///   - hours: hours to bill (default one month, ``hoursPerMonth``).
    /// - Complexity: O(shards × resources + traffic + hosts).
    public init(problem: Problem, placement: Placement, hours: Double = Bill.hoursPerMonth) {
        let p = problem
        precondition(placement.leaves.count == p.shardCount, "placement and problem differ in shards")
        let st = p.stride
        let host = placement.leaves.map { $0 < 0 ? -1 : p.host(ofLeaf: Int($0)) }
        let charges = CostModel(p).offerCharges(host: host)
        func providerName(_ h: Int) -> String { p.provider(ofHost: h) ?? Self.noProvider }
        func groupName(_ s: Int) -> String { p.shardGroup[s] >= 0 ? p.groupIDs[Int(p.shardGroup[s])] : Self.noGroup }
        func typeName(_ h: Int) -> String {
            if p.hostOffer[h] >= 0 { return p.offerTypes[Int(p.hostOffer[h])].rawValue }
            return p.hostOfferType[h]?.rawValue ?? Self.owned
        }

        var providers: [String: Line] = [:]
        var groups: [String: Line] = [:]
        var types: [String: Double] = [:]
        // Shares of each offer host's charge: Σ_r demand / capacity per shard, and its total per host.
        var weight = [Double](repeating: 0, count: p.shardCount)
        var hostWeight = [Double](repeating: 0, count: p.hostCount)
        var hostShards = [Int](repeating: 0, count: p.hostCount)
        for s in 0..<p.shardCount where host[s] >= 0 {
            let h = host[s]
            hostShards[h] += 1
            var w = 0.0
            var usagePrice = 0.0
            for r in 0..<p.resourceCount {
                w += p.demand[s * st + r] * p.inverseCapacity[h * st + r]
                usagePrice += p.price[h * st + r] * p.demand[s * st + r]
            }
            weight[s] = w
            hostWeight[h] += w
            if usagePrice != 0 {
                providers[providerName(h), default: Line()].add(compute: usagePrice)
                groups[groupName(s), default: Line()].add(compute: usagePrice)
                types[typeName(h), default: 0] += usagePrice
            }
        }
        for s in 0..<p.shardCount where host[s] >= 0 && charges[host[s]] != 0 {
            let h = host[s]
            let share =
                hostWeight[h] > 0 ? charges[h] * weight[s] / hostWeight[h] : charges[h] / Double(hostShards[h])
            groups[groupName(s), default: Line()].add(compute: share)
        }
        var offerHosts: [String: Int] = [:]
        var declared = 0
        var commitment = 0.0
        for h in 0..<p.hostCount where hostShards[h] > 0 {
            guard p.hostOffer[h] >= 0 else {
                declared += 1
                continue
            }
            let o = Int(p.hostOffer[h])
            offerHosts[p.offerIDs[o], default: 0] += 1
            providers[providerName(h), default: Line()].add(compute: charges[h])
            types[typeName(h), default: 0] += charges[h]
            commitment += p.offerTermHours[o] * p.offerFullCharge[o]
        }
        // Egress, half of each crossing edge to each side.
        for s in 0..<p.shardCount where host[s] >= 0 {
            for e in Int(p.trafficStart[s])..<Int(p.trafficStart[s + 1]) {
                let j = Int(p.trafficPeer[e])
                guard host[j] >= 0, p.hostProvider[host[s]] != p.hostProvider[host[j]] else { continue }
                // Each direction once: the CSR holds the edge at both ends; this end pays for what it sends.
                let sent = Double(p.trafficVolume[e]) * p.egressScale * p.hostEgress[host[s]]
                guard sent != 0 else { continue }
                providers[providerName(host[s]), default: Line()].add(egress: sent)
                groups[groupName(s), default: Line()].add(egress: sent)
            }
        }
        let hourlyCompute = providers.values.reduce(0) { $0 + $1.compute }
        let hourlyEgress = providers.values.reduce(0) { $0 + $1.egress }
        func scaled(_ line: Line) -> Line { Line(compute: line.compute * hours, egress: line.egress * hours) }
        self.hours = hours
        self.compute = hourlyCompute * hours
        self.egress = hourlyEgress * hours
        self.total = (hourlyCompute + hourlyEgress) * hours
        self.providers = providers.mapValues(scaled)
        self.groups = groups.mapValues(scaled)
        self.offerTypes = types.mapValues { $0 * hours }
        self.offerHosts = offerHosts
        self.declaredHosts = declared
        self.reservedCommitment = commitment
    }
}
