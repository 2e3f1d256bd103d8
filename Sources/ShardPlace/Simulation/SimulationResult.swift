/// The metrics of one replay, over the steps after warm-up, summed over hosts.
public struct SimulationResult: Sendable, Hashable, Codable {
    /// The trigger.
    public var policy: SimulationPolicy
    /// Steps with metrics (after warm-up).
    public var steps: Int
    /// Capacity per resource (from the warm-up).
    public var capacity: [Double]
    /// Host-minutes with some resource's demand above its capacity (the primary metric).
    public var overloadMinutes: Double
    /// Host-minutes above capacity, per resource.
    public var overloadMinutesByResource: [Double]
    /// Σ over hosts and steps of minutes × Σ_r (D − C)⁺ / C.
    public var severity: Double
    /// Migrations started.
    public var migrations: Int
    /// Migrations per shard per simulated day.
    public var migrationsPerShardDay: Double
    /// Bytes moved.
    public var bytesMoved: Double
    /// Host-steps where a hot host had a candidate but no destination fitted within θ·C.
    public var blocked: Int
    /// The largest demand / capacity over hosts, resources and steps.
    public var peakUtilization: Double
    /// The 99th percentile over host-steps of the host's largest resource utilisation.
    public var p99Utilization: Double
    /// Every migration, in order.
    public var moves: [SimulationMove]
    /// Wall-clock seconds spent in the controller (forecast updates and decisions) over all steps: the
    /// only figure that is not a pure function of the inputs.
    public var controllerSeconds: Double

    /// Controller microseconds per step.
    public var controllerMicrosecondsPerStep: Double { steps > 0 ? controllerSeconds * 1e6 / Double(steps) : 0 }
}
