/// A shard: the smallest unit of work placed on its own.
public struct Shard: Codable, Sendable, Hashable {
    /// A unique id.
    public var id: String
    /// The replica group it belongs to, if any.
    public var group: String?
    /// Demand per resource.
    public var demand: [Double]
    /// Bytes a move copies (the `migration` term's bytes and the migration planner's transfer time).
    public var size: Double
    /// Cost of moving this shard at all (ROADEF's process move cost).
    public var moveCost: Double
    /// The only hosts it may run on (hard). Absent: any.
    public var allowedHosts: [String]?
    /// Pinned to this host (hard).
    public var pin: String?
    /// Label requirements: the host's label `key` must be one of the values (hard).
    public var affinity: [String: [String]]?
    /// Label exclusions: the host's label `key` must not be one of the values (hard).
    public var antiAffinity: [String: [String]]?
    /// Minimum host trust (hard).
    public var minTrust: Double?
    /// Demand history, for placing by forecast (used by the forecasting layer).
    public var history: DemandHistory?

    public init(
        id: String, group: String? = nil, demand: [Double], size: Double = 0, moveCost: Double = 1,
        allowedHosts: [String]? = nil, pin: String? = nil, affinity: [String: [String]]? = nil,
        antiAffinity: [String: [String]]? = nil, minTrust: Double? = nil, history: DemandHistory? = nil
    ) {
        self.id = id
        self.group = group
        self.demand = demand
        self.size = size
        self.moveCost = moveCost
        self.allowedHosts = allowedHosts
        self.pin = pin
        self.affinity = affinity
        self.antiAffinity = antiAffinity
        self.minTrust = minTrust
        self.history = history
    }
}

/// Where a shard's demand history is: inline samples per resource, or a CSV file of
/// `series_id,timestamp,value` rows.
public struct DemandHistory: Codable, Sendable, Hashable {
    /// Samples per resource (outer: resources in scenario order; inner: oldest first).
    public var samples: [[Double]]?
    /// A CSV file (relative to the scenario) with one series per resource named `series[r]`.
    public var csv: String?
    /// Series ids in the CSV, one per resource.
    public var series: [String]?

    public init(samples: [[Double]]? = nil, csv: String? = nil, series: [String]? = nil) {
        self.samples = samples
        self.csv = csv
        self.series = series
    }
}

/// Communication volume between two shards (undirected).
public struct TrafficEdge: Codable, Sendable, Hashable {
    public var from: String
    public var to: String
    public var volume: Double

    public init(from: String, to: String, volume: Double) {
        self.from = from
        self.to = to
        self.volume = volume
    }
}
