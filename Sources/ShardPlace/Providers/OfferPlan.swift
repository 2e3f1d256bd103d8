/// Which offers to buy and how often their hosts are expected to run: the result of ``OfferPlanner``
/// (the newsvendor trade-off of the article "Choosing offers"), and what ``Problem`` charges used offer
/// hosts with.
public struct OfferPlan: Sendable, Hashable, Codable {
    /// The plan for one offer.
    public struct Entry: Sendable, Hashable, Codable {
        public var offer: String
        public var type: OfferType
        /// Hosts of the offer the plan buys (reserved) or expects to start at peaks (on-demand, spot),
        /// ``forced`` included.
        public var hosts: Int
        /// Expected fraction of the hours each of those hosts runs: 1 for reserved hosts and for the
        /// ``forced`` ones; for other elastic ones the mean probability that demand reaches their place in
        /// the capacity stack.
        public var duty: Double
        /// Of ``hosts``, those bought for the placement's rules (``OfferPlan/requirements``): always on,
        /// below the stack sized on demand.
        public var forced: Int
        /// Price of one host-hour while running (``Scenario/effectivePrice(of:)``).
        public var effectivePrice: Double

        public init(
            offer: String, type: OfferType, hosts: Int, duty: Double, effectivePrice: Double, forced: Int = 0
        ) {
            self.offer = offer
            self.type = type
            self.hosts = hosts
            self.duty = duty
            self.effectivePrice = effectivePrice
            self.forced = forced
        }

        enum CodingKeys: String, CodingKey {
            case offer, type, hosts, duty, effectivePrice, forced
        }

        /// Decodes an entry; ``forced`` may be absent (0).
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            offer = try c.decode(String.self, forKey: .offer)
            type = try c.decode(OfferType.self, forKey: .type)
            hosts = try c.decode(Int.self, forKey: .hosts)
            duty = try c.decode(Double.self, forKey: .duty)
            effectivePrice = try c.decode(Double.self, forKey: .effectivePrice)
            forced = try c.decodeIfPresent(Int.self, forKey: .forced) ?? 0
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
    /// Capacity of the reserved hosts planned on demand (``Entry/forced`` ones not included), in ``resource``.
    public var reservedCapacity: Double
    /// Capacity of the hosts bought for the placement's rules (``Entry/forced``), in ``resource``: always
    /// on, between ``baseCapacity`` and the reserved hosts.
    public var forcedCapacity: Double
    /// What the placement's hard rules need from subsets of the offers, and whether the plan meets it.
    public var requirements: [OfferRequirement]
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
        criticalRatio: Double?, newsvendorLevel: Double?, expectedHourlyCost: Double, forcedCapacity: Double = 0,
        requirements: [OfferRequirement] = []
    ) {
        self.forcedCapacity = forcedCapacity
        self.requirements = requirements
        self.entries = entries
        self.resource = resource
        self.baseCapacity = baseCapacity
        self.reservedCapacity = reservedCapacity
        self.peak = peak
        self.criticalRatio = criticalRatio
        self.newsvendorLevel = newsvendorLevel
        self.expectedHourlyCost = expectedHourlyCost
    }

    enum CodingKeys: String, CodingKey {
        case entries, resource, baseCapacity, reservedCapacity, forcedCapacity, requirements, peak, criticalRatio,
            newsvendorLevel, expectedHourlyCost
    }

    /// Decodes a plan; ``forcedCapacity`` and ``requirements`` may be absent (0, none).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        entries = try c.decode([Entry].self, forKey: .entries)
        resource = try c.decode(String.self, forKey: .resource)
        baseCapacity = try c.decode(Double.self, forKey: .baseCapacity)
        reservedCapacity = try c.decode(Double.self, forKey: .reservedCapacity)
        forcedCapacity = try c.decodeIfPresent(Double.self, forKey: .forcedCapacity) ?? 0
        requirements = try c.decodeIfPresent([OfferRequirement].self, forKey: .requirements) ?? []
        peak = try c.decode(Double.self, forKey: .peak)
        criticalRatio = try c.decodeIfPresent(Double.self, forKey: .criticalRatio)
        newsvendorLevel = try c.decodeIfPresent(Double.self, forKey: .newsvendorLevel)
        expectedHourlyCost = try c.decode(Double.self, forKey: .expectedHourlyCost)
    }
}
