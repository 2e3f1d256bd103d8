/// One step of a zero-downtime move, with its estimated duration.
///
/// The steps, in order: ``Step/prepare`` the destination (reserve its capacity, create the empty
/// shard), ``Step/bulkCopy`` the data in chunks while the source keeps serving, ``Step/shadowWrites``
/// (dual writes to both copies until the destination has caught up), ``Step/verify`` (a consistency
/// check of the two copies), ``Step/cutOver`` (the shard map's version goes up by one and the
/// destination serves), ``Step/cleanUp`` (the source copy is dropped and its capacity released).
public struct MigrationPhase: Sendable, Hashable {
    /// The steps of a move.
    public enum Step: String, Sendable, Hashable, CaseIterable {
        case prepare, bulkCopy, shadowWrites, verify, cutOver, cleanUp
    }

    public var step: Step
    /// Estimated duration in seconds.
    public var seconds: Double
    /// For ``Step/bulkCopy``: the number of chunks copied; 0 for the other steps.
    public var chunks: Int

    public init(step: Step, seconds: Double, chunks: Int = 0) {
        self.step = step
        self.seconds = seconds
        self.chunks = chunks
    }
}
