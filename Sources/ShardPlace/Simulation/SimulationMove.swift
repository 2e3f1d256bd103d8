/// One migration the replay started.
public struct SimulationMove: Sendable, Hashable, Codable {
    /// The step at which the controller decided it; the shard counts on both hosts during steps
    /// `step + 1 … step + duration`.
    public var step: Int
    /// The shard.
    public var shard: Int
    /// Source host.
    public var from: Int
    /// Destination host.
    public var to: Int
    /// Bytes moved.
    public var bytes: Double
    /// Steps of double occupancy (≥ 1).
    public var duration: Int

    public init(step: Int, shard: Int, from: Int, to: Int, bytes: Double, duration: Int) {
        self.step = step
        self.shard = shard
        self.from = from
        self.to = to
        self.bytes = bytes
        self.duration = duration
    }
}
