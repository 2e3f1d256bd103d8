/// Capacity that the placement's hard rules need from a subset of the offers, whatever the demand
/// curve: what ``OfferPlanner`` buys before it sizes the rest of the capacity stack (the article
/// "Choosing offers", section "Rules").
///
/// Shards that may run only on some hosts — minimum trust, data residency, label rules, and the
/// replicas that the spot rule keeps off spot capacity — need those hosts' capacity for their forecast
/// peak demand; a group whose replicas must sit on distinct domains (anti-affinity, standbys) needs as
/// many distinct hosts. A requirement holds when the declared hosts the shards may use plus the
/// planned hosts of ``offers`` reach ``demand`` in every resource and number at least ``hosts``.
public struct OfferRequirement: Sendable, Hashable, Codable {
    /// The offers whose hosts may serve it (ids, in scenario order).
    public var offers: [String]
    /// Peak demand per resource that only those offers' hosts and ``declaredCapacity`` may hold.
    public var demand: [Double]
    /// Distinct hosts needed among them.
    public var hosts: Int
    /// Capacity per resource of the declared hosts those shards may use (always on).
    public var declaredCapacity: [Double]
    /// How many declared hosts those shards may use.
    public var declaredHosts: Int
    /// Which shards make it, in words (a few group or shard ids and the rules).
    public var reason: String
    /// Whether the plan meets it; `false` only when the offers on sale cannot (too few hosts).
    public var met: Bool

    public init(
        offers: [String], demand: [Double], hosts: Int, declaredCapacity: [Double], declaredHosts: Int,
        reason: String, met: Bool = false
    ) {
        self.offers = offers
        self.demand = demand
        self.hosts = hosts
        self.declaredCapacity = declaredCapacity
        self.declaredHosts = declaredHosts
        self.reason = reason
        self.met = met
    }
}
