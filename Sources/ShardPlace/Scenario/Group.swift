/// A replica group (a service, a replica set): constraints that bind its shards together.
public struct Group: Codable, Sendable, Hashable {
    /// A unique id.
    public var id: String
    /// Replicas must sit on distinct domains of this label key; `"host"` means distinct hosts (the
    /// "shadow shard" rule). Hard.
    public var antiAffinity: String?
    /// The group must span at least `min` distinct domains of `key`. Hard.
    public var spread: Spread?
    /// For each dependency, every domain of `key` holding a shard of this group must also hold a shard
    /// of the other group (ROADEF's neighborhoods). Hard.
    public var dependsOn: [Dependency]
    /// Standby replicas ("shadow shards") the group asks for: ``Problem`` adds `count` shards named
    /// ``Scenario/standbyID(group:index:)`` to the group and keeps every member of the group, primaries
    /// and standbys, on distinct domains of the standby key (an anti-affinity slot on that key). Hard.
    public var standby: Standby?
    /// Replicas of the group that must stay available (not in motion) at every point of a migration
    /// plan. Default: all but one for a group with ``antiAffinity`` or ``standby`` (a replica set moves
    /// one replica at a time), no minimum for other groups.
    public var minAvailable: Int?
    /// Minimum trust of the hosts of every shard of the group (hard), on top of each shard's own
    /// ``Shard/minTrust``.
    public var minTrust: Double?
    /// Where the group's data may live: allowed providers and/or regions (hard).
    public var residency: Residency?
    /// The most shards of the group on spot capacity of one provider (hard). Default
    /// ``Policy/spotReplicas`` (1: never two replicas on one provider's spot pool).
    public var maxSpotReplicas: Int?

    public init(
        id: String, antiAffinity: String? = nil, spread: Spread? = nil, dependsOn: [Dependency] = [],
        standby: Standby? = nil, minAvailable: Int? = nil, minTrust: Double? = nil, residency: Residency? = nil,
        maxSpotReplicas: Int? = nil
    ) {
        self.id = id
        self.antiAffinity = antiAffinity
        self.spread = spread
        self.dependsOn = dependsOn
        self.standby = standby
        self.minAvailable = minAvailable
        self.minTrust = minTrust
        self.residency = residency
        self.maxSpotReplicas = maxSpotReplicas
    }

    /// Data residency: the hosts of the group's shards must belong to one of `providers` (their
    /// `provider` label) and lie in one of `regions` (their `region` label). A `nil` list allows any.
    public struct Residency: Codable, Sendable, Hashable {
        public var providers: [String]?
        public var regions: [String]?
        public init(providers: [String]? = nil, regions: [String]? = nil) {
            self.providers = providers
            self.regions = regions
        }
    }

    /// Standby replicas on other failure domains.
    public struct Standby: Codable, Sendable, Hashable {
        /// How many standbys the group keeps (≥ 1).
        public var count: Int
        /// The label key (or `host`) whose domains separate every member of the group.
        public var key: String
        public init(count: Int, key: String) {
            self.count = count
            self.key = key
        }
    }

    /// At least `min` distinct domains of `key`.
    public struct Spread: Codable, Sendable, Hashable {
        public var key: String
        public var min: Int
        public init(key: String, min: Int) {
            self.key = key
            self.min = min
        }
    }

    /// Co-location with another group within domains of `key`.
    public struct Dependency: Codable, Sendable, Hashable {
        public var group: String
        public var key: String
        public init(group: String, key: String) {
            self.group = group
            self.key = key
        }
    }
}
