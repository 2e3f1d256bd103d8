/// A provider network in the scenario's catalog (an own data centre, a cloud, a partner): its trust
/// score, regions, prices per offer type, egress price and network distance to the others.
///
/// Hosts belong to a provider through their `provider` label (``Host/labels``) and to one of its
/// regions through their `region` label; ``Offer``s name their provider directly. A provider's
/// ``trust`` is the trust of each of its hosts that does not set its own ``Host/trust``; its price list
/// for a host's `offerType` label (default `onDemand`) is the ``Host/price`` of each of its hosts that
/// does not set one.
public struct Provider: Codable, Sendable, Hashable {
    /// A unique id, the value of hosts' `provider` label.
    public var id: String
    /// Trust score in [0, 1] (reliability and security record), compared with ``Shard/minTrust`` and
    /// ``Group/minTrust``. Default 1.
    public var trust: Double?
    /// The provider's regions (the values of hosts' `region` label). Empty: none named.
    public var regions: [String]
    /// Price per resource unit-hour by offer type.
    public var prices: Prices
    /// Price of one GB leaving this provider's network for another provider (the `egress` term).
    public var egressPerGB: Double
    /// Network latency from this provider (or one of its regions) to other providers or regions.
    public var latency: [Latency]

    public init(
        id: String, trust: Double? = nil, regions: [String] = [], prices: Prices = Prices(), egressPerGB: Double = 0,
        latency: [Latency] = []
    ) {
        self.id = id
        self.trust = trust
        self.regions = regions
        self.prices = prices
        self.egressPerGB = egressPerGB
        self.latency = latency
    }

    /// Prices per resource unit-hour (one number per entry of ``Scenario/resources``) by offer type.
    public struct Prices: Codable, Sendable, Hashable {
        /// On-demand: paid while a host runs.
        public var onDemand: [Double]?
        /// Reserved for a term.
        public var reserved: Reserved?
        /// Spot, with the probability of being reclaimed.
        public var spot: Spot?

        public init(onDemand: [Double]? = nil, reserved: Reserved? = nil, spot: Spot? = nil) {
            self.onDemand = onDemand
            self.reserved = reserved
            self.spot = spot
        }

        /// The per-unit price list of an offer type, if the provider sells it.
        public func list(_ type: OfferType) -> [Double]? {
            switch type {
            case .onDemand: onDemand
            case .reserved: reserved?.price
            case .spot: spot?.price
            }
        }
    }

    /// Reserved capacity: a price per resource unit-hour for a commitment of `termHours`.
    public struct Reserved: Codable, Sendable, Hashable {
        public var price: [Double]
        /// Length of the commitment in hours (default 8,760: one year). Bills show the commitment.
        public var termHours: Double

        public init(price: [Double], termHours: Double = 8760) {
            self.price = price
            self.termHours = termHours
        }
    }

    /// Spot capacity: a price per resource unit-hour and the probability, per hour, that the provider
    /// reclaims a host (the work then runs on-demand for that hour).
    public struct Spot: Codable, Sendable, Hashable {
        public var price: [Double]
        /// In [0, 1).
        public var reclaimProbability: Double

        public init(price: [Double], reclaimProbability: Double) {
            self.price = price
            self.reclaimProbability = reclaimProbability
        }
    }

    /// Latency from this provider (or its region `from`) to another provider or region `to` (`"p"` or
    /// `"p/region"`), in milliseconds. Symmetric: one entry serves both directions.
    public struct Latency: Codable, Sendable, Hashable {
        /// One of this provider's regions, or `nil` for all of them.
        public var from: String?
        /// A provider id, or `provider/region`.
        public var to: String
        public var milliseconds: Double

        public init(from: String? = nil, to: String, milliseconds: Double) {
            self.from = from
            self.to = to
            self.milliseconds = milliseconds
        }
    }
}
