/// Which offers to buy and how often their hosts are expected to run: the result of ``OfferPlanner``
/// (the newsvendor trade-off of the article "Choosing offers"), and what ``Problem`` charges used offer
/// hosts with.
public struct OfferPlan: Sendable, Hashable, Codable {
    /// The plan for one offer.
    public struct Entry: Sendable, Hashable, Codable {
        public var offer: String
        public var type: OfferType
        /// Hosts of the offer the plan buys (reserved) or expects to start at peaks (on-demand, spot).
        public var hosts: Int
        /// Expected fraction of the hours each of those hosts runs: 1 for reserved hosts; for elastic
        /// ones the mean probability that demand reaches their place in the capacity stack.
        public var duty: Double
        /// Price of one host-hour while running (``Scenario/effectivePrice(of:)``).
        public var effectivePrice: Double

        public init(offer: String, type: OfferType, hosts: Int, duty: Double, effectivePrice: Double) {
            self.offer = offer
            self.type = type
            self.hosts = hosts
            self.duty = duty
            self.effectivePrice = effectivePrice
        }

        /// hosts × duty × effective price.
        public var expectedHourlyCost: Double { Double(hosts) * duty * effectivePrice }
    }

    /// One entry per offer, in scenario order.
    public var entries: [Entry]
    /// The resource the capacity stack is measured in: the one whose peak demand is the largest share
    /// of the capacity that hosts and offers provide.
    public var resource: String
    /// Capacity of the declared hosts in ``resource`` (always on, already paid for).
    public var baseCapacity: Double
    /// Capacity of the reserved hosts planned, in ``resource``.
    public var reservedCapacity: Double
    /// The peak demand the plan covers: the largest total `quantile`-quantile of the outlook.
    public var peak: Double
    /// (c_e − c_r) / c_e for the cheapest elastic (c_e) and reserved (c_r) price per unit of
    /// ``resource``-hour; `nil` without both kinds of offer.
    public var criticalRatio: Double?
    /// The newsvendor level F⁻¹(critical ratio): always-on capacity worth paying for when capacity came
    /// in infinitely small pieces without limits (the plan itself works host by host, within the counts).
    public var newsvendorLevel: Double?
    /// Σ over entries of their expected hourly cost.
    public var expectedHourlyCost: Double

    public init(
        entries: [Entry], resource: String, baseCapacity: Double, reservedCapacity: Double, peak: Double,
        criticalRatio: Double?, newsvendorLevel: Double?, expectedHourlyCost: Double
    ) {
        self.entries = entries
        self.resource = resource
        self.baseCapacity = baseCapacity
        self.reservedCapacity = reservedCapacity
        self.peak = peak
        self.criticalRatio = criticalRatio
        self.newsvendorLevel = newsvendorLevel
        self.expectedHourlyCost = expectedHourlyCost
    }
}
