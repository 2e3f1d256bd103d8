/// Chooses offers for the forecast demand: reserved capacity for the base load, on-demand and spot
/// capacity for the peaks when that is cheaper (the newsvendor trade-off; see the article
/// "Choosing offers").
///
/// The model, in the units of one resource (``OfferPlan/resource``):
/// - Capacity forms a stack. The declared hosts come first (always on, already paid for), then the
///   reserved hosts bought (paid every hour), then elastic hosts (on-demand and spot), started cheapest
///   first when demand climbs past the capacity below them and stopped when it falls.
/// - An elastic host whose place in the stack starts at level x runs in the hours when demand D exceeds
///   x, a fraction P(D > x) of the time (``DemandOutlook/exceedance(resource:above:)``), at its effective
///   price (spot: `(1 − p) × spot + p × on-demand`). A reserved host costs its price every hour.
/// - The stack must reach the peak demand at the outlook's quantile.
///
/// With one reserved and one elastic price per unit (c_r < c_e) and capacity in small pieces, a unit at
/// level x is worth reserving exactly when c_r < c_e × P(D > x), so the reserved capacity ends at the
/// critical fractile F⁻¹((c_e − c_r) / c_e). The planner works with whole hosts, several offers and their
/// counts: it tries every number k of reserved hosts (cheapest per unit first) and fills the rest of the
/// stack with the cheapest elastic hosts per unit, and keeps the k of least expected hourly cost.
/// Elastic hosts are ordered cheapest first, which is optimal for a given k (the most-needed places go to
/// the cheapest price), and reserved hosts go below elastic ones, which is optimal because a reserved
/// host costs the same anywhere while an elastic one costs less higher up.
///
/// The placement's hard rules come first (``OfferRequirement``): shards that may use only some offers
/// (minimum trust, residency, label rules, the replicas the spot rule keeps off spot capacity) need
/// their peak demand there, and replica groups need distinct hosts. Hosts are bought for the
/// requirement furthest from met, one at a time, from the offer that closes most of it per hour of its
/// price; they run every hour (they hold shards that cannot go elsewhere), so they sit below the stack,
/// which is then re-sized above them. The plan stops when every requirement is met (or cannot be, with
/// the offers on sale: ``OfferRequirement/met``). With no rule that restricts offers, the plan is the
/// stack alone. Offer hosts that the placement uses beyond the plan are charged their full effective
/// price every hour.
public struct OfferPlanner: Sendable {
    public init() {}

    /// Plans the offers of a scenario against an outlook of its total demand.
    ///
    /// - Parameters:
    ///   - scenario: the scenario (declared hosts and offers; ``Scenario/validate()`` passed).
    ///   - outlook: its total demand (``DemandOutlook/constant(of:)`` without a forecast).
    /// - Returns: one entry per offer, in scenario order.
    /// - Complexity: O((F + 1) × R × E × S), R reserved and E elastic hosts offered, S outlook steps, F
    ///   hosts forced by the rules; plus the rules' own (``OfferRequirement``).
    public func plan(_ scenario: Scenario, outlook: DemandOutlook) -> OfferPlan {
        let d = scenario.resources.count
        // The resource that runs out first.
        var supply = [Double](repeating: 0, count: d)
        for h in scenario.hosts { for r in 0..<min(d, h.capacity.count) { supply[r] += h.capacity[r] } }
        for o in scenario.offers {
            for r in 0..<min(d, o.shape.capacity.count) { supply[r] += Double(o.count) * o.shape.capacity[r] }
        }
        var resource = 0
        var worst = -1.0
        for r in 0..<min(d, outlook.upper.count) where supply[r] > 0 {
            let share = outlook.peak(resource: r) / supply[r]
            if share > worst {
                worst = share
                resource = r
            }
        }
        let base = scenario.hosts.reduce(0) { $0 + (resource < $1.capacity.count ? $1.capacity[resource] : 0) }
        let peak = resource < outlook.upper.count ? outlook.peak(resource: resource) : 0

        struct Unit {
            var offer: Int
            var capacity: Double
            var price: Double
        }
        var effective = [Double](repeating: 0, count: scenario.offers.count)
        var priced = [Bool](repeating: false, count: scenario.offers.count)
        for (k, o) in scenario.offers.enumerated() {
            guard let price = scenario.effectivePrice(of: o) else { continue }
            effective[k] = price
            priced[k] = true
        }
        func capacity(_ k: Int, _ r: Int) -> Double {
            r < scenario.offers[k].shape.capacity.count ? scenario.offers[k].shape.capacity[r] : 0
        }
        let byUnitPrice: (Unit, Unit) -> Bool = {
            ($0.price / $0.capacity, $0.offer) < ($1.price / $1.capacity, $1.offer)
        }

        /// The cheapest stack above `floor` from the hosts not `forced`: per offer, hosts and Σ duty.
        func stack(floor: Double, forced: [Int]) -> (hosts: [Int], duty: [Double], reserved: Double) {
            var reserved: [Unit] = []
            var elastic: [Unit] = []
            for (k, o) in scenario.offers.enumerated() where priced[k] {
                let c = capacity(k, resource)
                guard c > 0 else { continue }
                let unit = Unit(offer: k, capacity: c, price: effective[k])
                for _ in 0..<max(0, o.count - forced[k]) {
                    if o.type == .reserved { reserved.append(unit) } else { elastic.append(unit) }
                }
            }
            reserved.sort(by: byUnitPrice)
            elastic.sort(by: byUnitPrice)

            // Every number of reserved hosts; the rest of the stack from the cheapest elastic hosts.
            var best: (covered: Double, cost: Double, k: Int) = (-1, .infinity, 0)
            var reservedCost = 0.0
            var level = floor
            for k in 0...reserved.count {
                if k > 0 {
                    reservedCost += reserved[k - 1].price
                    level += reserved[k - 1].capacity
                }
                var cost = reservedCost
                var top = level
                var i = 0
                while top < peak && i < elastic.count {
                    cost += elastic[i].price * outlook.exceedance(resource: resource, above: top)
                    top += elastic[i].capacity
                    i += 1
                }
                let covered = min(top, peak)
                if covered > best.covered + 1e-9 * max(1, peak)
                    || (abs(covered - best.covered) <= 1e-9 * max(1, peak) && cost < best.cost - 1e-12 * max(1, cost))
                {
                    best = (covered, cost, k)
                }
                if level >= peak { break }
            }

            // The chosen stack, per offer.
            var hosts = [Int](repeating: 0, count: scenario.offers.count)
            var dutySum = [Double](repeating: 0, count: scenario.offers.count)
            var top = floor
            for unit in reserved.prefix(best.k) {
                hosts[unit.offer] += 1
                dutySum[unit.offer] += 1
                top += unit.capacity
            }
            let reservedCapacity = top - floor
            var i = 0
            while top < peak && i < elastic.count {
                hosts[elastic[i].offer] += 1
                dutySum[elastic[i].offer] += outlook.exceedance(resource: resource, above: top)
                top += elastic[i].capacity
                i += 1
            }
            return (hosts, dutySum, reservedCapacity)
        }

        // The rules first: hosts they need run every hour (forced), below the stack sized on demand.
        var rules = Self.rules(of: scenario, resource: resource)
        var forced = [Int](repeating: 0, count: scenario.offers.count)
        var open = Array(rules.indices)
        var chosen = stack(floor: base, forced: forced)
        var planned = chosen.hosts
        while true {
            // The requirement furthest from met, as the share of its demand or hosts missing.
            var worst: (rule: Int, gap: Double, capacity: [Double], hosts: Int)?
            for i in open {
                let rule = rules[i]
                var missing = rule.requirement.demand
                var hostsMissing = rule.requirement.hosts - rule.requirement.declaredHosts
                for r in 0..<d { missing[r] -= rule.requirement.declaredCapacity[r] }
                for k in rule.set.members(scenario.offers.count) where planned[k] > 0 {
                    hostsMissing -= planned[k]
                    for r in 0..<d { missing[r] -= Double(planned[k]) * capacity(k, r) }
                }
                var gap = hostsMissing > 0 ? 1.0 : 0
                for r in 0..<d where missing[r] > 1e-9 * max(1, rule.requirement.demand[r]) {
                    gap = max(gap, missing[r] / rule.requirement.demand[r])
                }
                if gap > 0 && gap > (worst?.gap ?? 0) { worst = (i, gap, missing, hostsMissing) }
            }
            guard let worst else { break }
            // The offer that closes most of it per hour of its price (running every hour).
            let rule = rules[worst.rule]
            var pick: (offer: Int, score: Double)?
            for k in rule.set.members(scenario.offers.count)
            where priced[k] && forced[k] < scenario.offers[k].count {
                var closes = worst.hosts > 0 ? 1.0 : 0
                for r in 0..<d where worst.capacity[r] > 0 {
                    closes = max(closes, min(worst.capacity[r], capacity(k, r)) / worst.capacity[r])
                }
                guard closes > 0 else { continue }
                let score = effective[k] / closes
                if pick == nil || score < pick!.score { pick = (k, score) }
            }
            guard let pick else {
                open.removeAll { $0 == worst.rule }  // the offers on sale cannot meet it
                continue
            }
            forced[pick.offer] += 1
            var floor = base
            for k in forced.indices where forced[k] > 0 { floor += Double(forced[k]) * capacity(k, resource) }
            chosen = stack(floor: floor, forced: forced)
            planned = zip(forced, chosen.hosts).map { $0 + $1 }
        }
        for i in rules.indices { rules[i].requirement.met = open.contains(i) }

        let entries = scenario.offers.enumerated().map { k, o in
            OfferPlan.Entry(
                offer: o.id, type: o.type, hosts: planned[k],
                duty: planned[k] > 0 ? (Double(forced[k]) + chosen.duty[k]) / Double(planned[k]) : 1,
                effectivePrice: effective[k], forced: forced[k])
        }
        var forcedCapacity = 0.0
        for k in forced.indices { forcedCapacity += Double(forced[k]) * capacity(k, resource) }
        var ratio: Double?
        var newsvendor: Double?
        let cheapest: (Bool) -> Double? = { reservedType in
            scenario.offers.indices.filter {
                priced[$0] && scenario.offers[$0].count > 0 && capacity($0, resource) > 0
                    && (scenario.offers[$0].type == .reserved) == reservedType
            }.map { effective[$0] / capacity($0, resource) }.min()
        }
        if let cr = cheapest(true), let ce = cheapest(false) {
            ratio = max(0, (ce - cr) / ce)
            newsvendor = ratio! > 0 ? outlook.level(resource: resource, probability: ratio!) : 0
        }
        return OfferPlan(
            entries: entries, resource: d > 0 ? scenario.resources[resource].name : "", baseCapacity: base,
            reservedCapacity: chosen.reserved, peak: peak, criticalRatio: ratio, newsvendorLevel: newsvendor,
            expectedHourlyCost: entries.reduce(0) { $0 + $1.expectedHourlyCost }, forcedCapacity: forcedCapacity,
            requirements: rules.map(\.requirement))
    }
}

extension Scenario {
    /// The offer plan of this scenario (``OfferPlanner``), or `nil` when it has no offers.
    ///
    /// - Parameter outlook: its total demand over the horizon (``DemandForecastSummary/outlook`` after
    ///   ``forecastingDemand(relativeTo:keepingPaths:)``); default ``DemandOutlook/constant(of:)``.
    public func offerPlan(outlook: DemandOutlook? = nil) -> OfferPlan? {
        guard !offers.isEmpty else { return nil }
        return OfferPlanner().plan(self, outlook: outlook ?? .constant(of: self))
    }
}
