/// One wave of a plan replayed (``MigrationPlan/simulate(_:)``): the usage peak of every host the wave
/// touches, and any rule the replay found broken (there should be none).
public struct MigrationSimulation: Sendable, Hashable {
    /// A host's peak during the wave: settled usage plus the demand arriving with the wave's moves (a
    /// moving shard counts on its source and its destination).
    public struct HostPeak: Sendable, Hashable {
        public var host: Int
        /// Peak usage per resource.
        public var usage: [Double]
        /// The largest usage / capacity over resources.
        public var utilization: Double
    }

    /// The wave's index.
    public var wave: Int
    /// The hosts the wave sends from or receives on, ascending.
    public var hosts: [HostPeak]
    /// The largest utilisation over every host of the cluster during the wave.
    public var peakUtilization: Double
    /// Moves and bytes of the wave.
    public var moves: Int
    public var bytes: Double
    /// Broken rules, one sentence each.
    public var violations: [String]
}
