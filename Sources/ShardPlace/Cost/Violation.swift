/// One broken hard constraint, with what is needed to find it: the term, the shards, the host,
/// location or domain, the resource, and by how much.
public struct Violation: Sendable, Hashable, Codable {
    /// The hard term (`capacity`, `transient`, `antiAffinity`, `spread`, `dependency`, `placementRules`,
    /// `unplaced`).
    public var term: String
    /// The shards involved.
    public var shards: [String]
    /// The host, location (below host depth) or domain (`zone=z1`) involved, when one is.
    public var location: String?
    /// The resource, for capacity terms.
    public var resource: String?
    /// By how much the constraint is broken (resource units, or a count).
    public var amount: Double
    /// One line for people.
    public var message: String
}
