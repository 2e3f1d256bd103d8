/// A placement problem as a user writes it: resources, hosts, replica groups, shards, traffic between
/// shards, the current placement and the policy that prices placements.
///
/// A `Scenario` is plain data (`Codable`, `Sendable`). Read files with ``ScenarioLoader``, which
/// rejects unknown keys and reports every error of a file at once with its JSON path; check the
/// meaning with ``Scenario/validate()``; compile it with ``Problem/init(_:topologies:offerPlan:)`` for the
/// evaluator and the solvers. The format is documented field by field in the DocC article
/// "Scenario format" and in `Sources/ShardPlace/Scenario/scenario.schema.json`.
public struct Scenario: Codable, Sendable, Hashable {
    /// An optional name, echoed in reports.
    public var name: String?
    /// The resource dimensions (cpu, memory, disk, net, gpu, …), in the order of every vector.
    public var resources: [Resource]
    /// The hosts shards may be placed on.
    public var hosts: [Host]
    /// Replica groups (services, replica sets) with their constraints.
    public var groups: [Group]
    /// The shards to place.
    public var shards: [Shard]
    /// Communication volume between shards (undirected; repeated pairs add up).
    public var traffic: [TrafficEdge]
    /// The current placement: shard id → location (`"host"` or `"host/numa:1"`, `"host/core:5"`).
    /// Optional: without it nothing counts as moved.
    public var placement: [String: String]?
    /// Where shards are placed: on hosts, or on NUMA nodes, L3 groups or cores inside them.
    public var depth: PlacementDepth
    /// Weights and parameters of the cost terms.
    public var policy: Policy
    /// The provider catalog: trust, regions, prices per offer type, egress price, latency.
    public var providers: [Provider]
    /// Capacity offers: host shapes that placement may take, at a price (see ``Offer``).
    public var offers: [Offer]

    public init(
        name: String? = nil, resources: [Resource], hosts: [Host], groups: [Group] = [], shards: [Shard],
        traffic: [TrafficEdge] = [], placement: [String: String]? = nil, depth: PlacementDepth = .host,
        policy: Policy = Policy(), providers: [Provider] = [], offers: [Offer] = []
    ) {
        self.name = name
        self.resources = resources
        self.hosts = hosts
        self.groups = groups
        self.shards = shards
        self.traffic = traffic
        self.placement = placement
        self.depth = depth
        self.policy = policy
        self.providers = providers
        self.offers = offers
    }
}

/// Where shards are placed.
public enum PlacementDepth: String, Codable, Sendable, Hashable, CaseIterable {
    /// On cluster hosts (a host's topology is not used).
    case host
    /// On the NUMA nodes of each host's topology.
    case numa
    /// On the L3 cache groups of each host's topology.
    case l3
    /// On the cores of each host's topology.
    case core
}
