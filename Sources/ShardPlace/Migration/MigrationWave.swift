/// Moves that run at the same time. Every move of a wave starts together; the wave ends when the last
/// one has cleaned up, and the next wave starts from the settled state.
public struct MigrationWave: Sendable, Hashable {
    /// The moves, in cut-over order (most urgent first).
    public var moves: [MigrationMove]

    public init(moves: [MigrationMove]) { self.moves = moves }

    /// Bytes copied by the wave.
    public var bytes: Double { moves.reduce(0) { $0 + $1.bytes } }
    /// Estimated duration: the longest move, in seconds (the moves run in parallel).
    public var seconds: Double { moves.map(\.seconds).max() ?? 0 }
}
