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

    public init(id: String, antiAffinity: String? = nil, spread: Spread? = nil, dependsOn: [Dependency] = []) {
        self.id = id
        self.antiAffinity = antiAffinity
        self.spread = spread
        self.dependsOn = dependsOn
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
