/// A resource dimension: every demand, capacity and price vector has one entry per resource, in the
/// order of ``Scenario/resources``.
public struct Resource: Codable, Sendable, Hashable {
    /// A unique name (`cpu`, `memory`, `disk`, …). `cpu` and `memory` (or the names given in
    /// ``Policy/cpuResource`` and ``Policy/memoryResource``) are also divided among the NUMA nodes and
    /// cores of a host when placing below host depth.
    public var name: String
    /// Whether a moving shard holds this resource on its source *and* destination host until the move
    /// ends (disk being copied, memory being transferred).
    public var transient: Bool
    /// Weight of usage above safety capacity in the `load` cost term.
    public var loadWeight: Double
    /// Weight of this resource in the `imbalance` and `fragmentation` terms.
    public var weight: Double
    /// A unit, for reports only (`cores`, `GiB`).
    public var unit: String?

    public init(name: String, transient: Bool = false, loadWeight: Double = 1, weight: Double = 1, unit: String? = nil)
    {
        self.name = name
        self.transient = transient
        self.loadWeight = loadWeight
        self.weight = weight
        self.unit = unit
    }
}
