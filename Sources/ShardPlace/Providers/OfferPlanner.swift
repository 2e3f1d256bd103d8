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
/// The plan does not see the placement's hard constraints (anti-affinity, residency, trust, the
/// spot-replica rule): it prices offers; the placement decides which hosts are used. Offer hosts used
/// beyond the plan are charged their full effective price every hour.
public struct OfferPlanner: Sendable {
    public init() {}

    /// Plans the offers of a scenario against an outlook of its total demand.
    ///
    /// - Parameters:
    ///   - scenario: the scenario (declared hosts and offers; ``Scenario/validate()`` passed).
    ///   - outlook: its total demand (``DemandOutlook/constant(of:)`` without a forecast).
    /// - Returns: one entry per offer, in scenario order.
    /// - Complexity: O(R × E × S), R reserved and E elastic hosts offered, S outlook steps.
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
        var reserved: [Unit] = []
        var elastic: [Unit] = []
        var effective = [Double](repeating: 0, count: scenario.offers.count)
        for (k, o) in scenario.offers.enumerated() {
            guard let price = scenario.effectivePrice(of: o) else { continue }
            effective[k] = price
            let capacity = resource < o.shape.capacity.count ? o.shape.capacity[resource] : 0
            guard capacity > 0 else { continue }
            let unit = Unit(offer: k, capacity: capacity, price: price)
            for _ in 0..<o.count {
                if o.type == .reserved { reserved.append(unit) } else { elastic.append(unit) }
            }
        }
        let byUnitPrice: (Unit, Unit) -> Bool = {
            ($0.price / $0.capacity, $0.offer) < ($1.price / $1.capacity, $1.offer)
        }
        reserved.sort(by: byUnitPrice)
        elastic.sort(by: byUnitPrice)

        // Every number of reserved hosts; the rest of the stack from the cheapest elastic hosts.
        var best: (covered: Double, cost: Double, k: Int) = (-1, .infinity, 0)
        var reservedCost = 0.0
        var level = base
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
        var top = base
        for unit in reserved.prefix(best.k) {
            hosts[unit.offer] += 1
            dutySum[unit.offer] += 1
            top += unit.capacity
        }
        let reservedCapacity = top - base
        var i = 0
        while top < peak && i < elastic.count {
            hosts[elastic[i].offer] += 1
            dutySum[elastic[i].offer] += outlook.exceedance(resource: resource, above: top)
            top += elastic[i].capacity
            i += 1
        }
        let entries = scenario.offers.enumerated().map { k, o in
            OfferPlan.Entry(
                offer: o.id, type: o.type, hosts: hosts[k], duty: hosts[k] > 0 ? dutySum[k] / Double(hosts[k]) : 1,
                effectivePrice: effective[k])
        }
        var ratio: Double?
        var newsvendor: Double?
        if let r = reserved.first, let e = elastic.first {
            let cr = r.price / r.capacity
            let ce = e.price / e.capacity
            ratio = max(0, (ce - cr) / ce)
            newsvendor = ratio! > 0 ? outlook.level(resource: resource, probability: ratio!) : 0
        }
        return OfferPlan(
            entries: entries, resource: d > 0 ? scenario.resources[resource].name : "", baseCapacity: base,
            reservedCapacity: reservedCapacity, peak: peak, criticalRatio: ratio, newsvendorLevel: newsvendor,
            expectedHourlyCost: entries.reduce(0) { $0 + $1.expectedHourlyCost })
    }
}

extension Scenario {
    /// The offer plan of this scenario (``OfferPlanner``), or `nil` when it has no offers.
    ///
    /// - Parameter outlook: its total demand over the horizon (``DemandForecastSummary/outlook`` after
    ///   ``forecastingDemand(relativeTo:)``); default ``DemandOutlook/constant(of:)``.
    public func offerPlan(outlook: DemandOutlook? = nil) -> OfferPlan? {
        guard !offers.isEmpty else { return nil }
        return OfferPlanner().plan(self, outlook: outlook ?? .constant(of: self))
    }
}
