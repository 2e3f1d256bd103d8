/// A cluster host: capacity, failure-domain labels, and optionally its hardware topology.
public struct Host: Codable, Sendable, Hashable {
    /// A unique id.
    public var id: String
    /// Labels: failure domains (`zone`, `rack`, `topology.kubernetes.io/zone`), `provider`, anything.
    public var labels: [String: String]
    /// Capacity per resource; usage must never exceed it (hard).
    public var capacity: [Double]
    /// Safety capacity per resource: usage above it costs `load` (soft). Defaults to `capacity`.
    public var safetyCapacity: [Double]?
    /// The host's hardware topology, for placement below host depth.
    public var topology: HostTopology?
    /// Price per resource unit-hour of what is used (the `price` term).
    public var price: [Double]?
    /// Trust score of the host's provider, compared with shards' ``Shard/minTrust``. Defaults to 1.
    public var trust: Double?
    /// Cost of moving a shard away from this host to each host, in ``Scenario/hosts`` order (the
    /// `hostMoves` term; ROADEF's machine move cost); with offers, optionally followed by one entry per
    /// offer host (``Scenario/expandingOffers()`` order). Absent entries: 0.
    public var moveCost: [Double]?

    public init(
        id: String, labels: [String: String] = [:], capacity: [Double], safetyCapacity: [Double]? = nil,
        topology: HostTopology? = nil, price: [Double]? = nil, trust: Double? = nil, moveCost: [Double]? = nil
    ) {
        self.id = id
        self.labels = labels
        self.capacity = capacity
        self.safetyCapacity = safetyCapacity
        self.topology = topology
        self.price = price
        self.trust = trust
        self.moveCost = moveCost
    }
}

/// Where a host's topology comes from: exactly one of the three.
public struct HostTopology: Codable, Sendable, Hashable {
    /// An hwloc XML export (a path relative to the scenario file, or absolute).
    public var xml: String?
    /// An hwloc synthetic description, e.g. `pack:2 numa:2 l3:1 core:8 pu:2`.
    public var synthetic: String?
    /// `true`: the topology of the machine shardplace runs on.
    public var live: Bool?

    public init(xml: String? = nil, synthetic: String? = nil, live: Bool? = nil) {
        self.xml = xml
        self.synthetic = synthetic
        self.live = live
    }
}
