/// How placements are priced: a weight per cost term and the parameters of the terms.
public struct Policy: Codable, Sendable, Hashable {
    /// Weight per soft cost term. Hard terms are never traded against soft ones.
    public var weights: Weights
    /// Traffic distance per level at which two shards' locations meet (their lowest common ancestor).
    public var levelCosts: LevelCosts
    /// Host label keys that form the location tree above hosts, coarse to fine (default `zone`, `rack`;
    /// at most 3). A host without a key's label is a domain of its own at that level.
    public var domainLevels: [String]
    /// Balance objectives between resources (ROADEF's balance cost).
    public var balance: [BalanceObjective]
    /// The reference shard shape of the `fragmentation` term (default: the median demand of the shards).
    public var fragmentationReference: [Double]?
    /// Migration limits used by the planner and re-solves.
    public var migration: MigrationLimits
    /// Which resource is divided among a host's NUMA nodes and cores by PU count (default `cpu`).
    public var cpuResource: String
    /// Which resource is divided among a host's NUMA nodes by their local memory (default `memory`).
    public var memoryResource: String
    /// Placing by forecast: when set, every shard with ``Shard/history`` is placed with the forecast peak
    /// of its demand instead of ``Shard/demand`` (see ``Scenario/forecastingDemand(relativeTo:keepingPaths:)``).
    public var forecast: Forecast?
    /// GB per hour that one unit of traffic volume stands for, in the `egress` term (default 1).
    public var egressGBPerVolume: Double
    /// The most shards of one group on spot capacity of one provider, for groups that do not set
    /// ``Group/maxSpotReplicas`` (default 1). Hard.
    public var spotReplicas: Int

    public init(
        weights: Weights = Weights(), levelCosts: LevelCosts = LevelCosts(), domainLevels: [String] = ["zone", "rack"],
        balance: [BalanceObjective] = [], fragmentationReference: [Double]? = nil,
        migration: MigrationLimits = MigrationLimits(), cpuResource: String = "cpu", memoryResource: String = "memory",
        forecast: Forecast? = nil, egressGBPerVolume: Double = 1, spotReplicas: Int = 1
    ) {
        self.weights = weights
        self.levelCosts = levelCosts
        self.domainLevels = domainLevels
        self.balance = balance
        self.fragmentationReference = fragmentationReference
        self.migration = migration
        self.cpuResource = cpuResource
        self.memoryResource = memoryResource
        self.forecast = forecast
        self.egressGBPerVolume = egressGBPerVolume
        self.spotReplicas = spotReplicas
    }

    /// How shards' demand histories become placement demand: the peak over `horizon` steps of the
    /// `quantile`-quantile forecast.
    public struct Forecast: Codable, Sendable, Hashable {
        /// The quantile, in (0, 1). Default 0.95.
        public var quantile: Double
        /// Steps of history-sample spacing to look ahead (≥ 1).
        public var horizon: Int
        /// Samples per season; default one day of samples for CSV histories (from their timestamps) and
        /// 1 (no season) for inline samples.
        public var season: Int?
        /// `auto` (default) or a ``ForecastMethod`` raw value.
        public var model: String?

        public init(quantile: Double = 0.95, horizon: Int, season: Int? = nil, model: String? = nil) {
            self.quantile = quantile
            self.horizon = horizon
            self.season = season
            self.model = model
        }
    }

    /// Weights of the soft terms (see the DocC article "Cost model" for each definition).
    public struct Weights: Codable, Sendable, Hashable {
        /// Usage above safety capacity, per resource weighted by ``Resource/loadWeight``.
        public var load: Double = 1
        /// ROADEF balance objectives (each objective also carries its own weight).
        public var balance: Double = 1
        /// Σ over hosts and resources of weight × (usage / capacity)²: spreads utilisation.
        public var imbalance: Double = 0
        /// Σ traffic × tree distance.
        public var traffic: Double = 1
        /// Stranded capacity (see ``Policy/fragmentationReference``).
        public var fragmentation: Double = 0
        /// Σ move cost of the shards that changed host.
        public var migration: Double = 1
        /// Σ bytes of the shards that changed host.
        public var bytes: Double = 0
        /// The largest number of moved shards in one group (ROADEF's service move cost).
        public var groupMoves: Double = 0
        /// Σ host-to-host move cost of the moved shards (ROADEF's machine move cost).
        public var hostMoves: Double = 0
        /// Σ price × usage, plus the hourly price of every used offer host (``Offer``).
        public var price: Double = 0
        /// Σ over traffic between hosts of different providers of GB × the sending provider's egress price.
        public var egress: Double = 1

        public init() {}
    }

    /// Distance per level of the lowest common ancestor of two locations. Two shards on one leaf are at
    /// distance 0.
    public struct LevelCosts: Codable, Sendable, Hashable {
        public var core: Double = 0
        public var l3: Double = 1
        public var numa: Double = 2
        public var package: Double = 3
        public var host: Double = 4
        public var rack: Double = 8
        public var zone: Double = 16
        public var cluster: Double = 32
        /// Cost at a domain level named by ``Policy/domainLevels`` other than `zone` or `rack`.
        public var domains: [String: Double] = [:]
        /// Added per millisecond of catalog latency (``Provider/latency``) between the provider regions of
        /// two locations.
        public var latency: Double = 1

        public init() {}
    }

    /// `target × available(resource) − available(over)` above 0 costs `weight` per unit, per host, where
    /// available = capacity − usage (ROADEF's balance cost with r1 = resource, r2 = over).
    public struct BalanceObjective: Codable, Sendable, Hashable {
        public var resource: String
        public var over: String
        public var target: Double
        public var weight: Double

        public init(resource: String, over: String, target: Double, weight: Double) {
            self.resource = resource
            self.over = over
            self.target = target
            self.weight = weight
        }
    }

    /// Limits on how much a re-solve or a migration plan may move.
    public struct MigrationLimits: Codable, Sendable, Hashable {
        /// Moves (copies) in one plan, staging legs included.
        public var maxMovesTotal: Int?
        /// Moves with their source or destination on one host, over the whole plan.
        public var maxMovesPerHost: Int?
        /// Moves touching one domain (of each key of ``Policy/domainLevels``), over the whole plan.
        public var maxMovesPerDomain: Int?
        /// Moves running at once into one host, and at once out of one host.
        public var maxConcurrentPerHost: Int?
        /// Bytes copied by the moves of one wave.
        public var maxBytesPerWave: Double?
        /// Copy bandwidth of one move in bytes per second, for phase durations (default 125,000,000:
        /// 1 Gbit/s).
        public var bandwidth: Double?

        public init() {}
    }
}
