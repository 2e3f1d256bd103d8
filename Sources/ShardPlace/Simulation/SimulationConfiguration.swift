/// The cluster, the controller and the migration model of one replay (see ``Simulator``).
public struct SimulationConfiguration: Sendable, Hashable, Codable {
    /// Where the predictive trigger's quantile offsets (quantile − mean, per step ahead) come from.
    public enum QuantileOffsets: String, Sendable, Hashable, Codable, CaseIterable {
        /// Fixed at the warm-up fit: the empirical quantiles of the in-sample k-step errors (with too few
        /// rolling origins, a normal quantile of the one-step error growing with √k).
        case fit
        /// Re-estimated every step from each forecaster's own realised k-step errors during the replay
        /// (the latest 128 per step ahead), falling back to the fit's until a step has 10.
        case online
    }

    /// Identical hosts.
    public var hosts: Int
    /// Target mean load ρ: capacity `C_r = Σ_i mean_warmup(d_ir) / (hosts · ρ)`.
    public var targetLoad: Double
    /// Threshold θ: a host is hot above θ·C; placement and destinations stay within θ·C.
    public var threshold: Double
    /// The trigger.
    public var policy: SimulationPolicy
    /// Steps ahead the predictive and oracle triggers look (≥ 1).
    public var horizon: Int
    /// The forecast quantile of the predictive trigger, in (0, 1).
    public var quantile: Double
    /// Where the predictive trigger's quantile offsets come from.
    public var quantileOffsets: QuantileOffsets
    /// Warm-up steps: forecast history and capacity only, no metrics, no control (≥ 2).
    public var warmup: Int
    /// `nil`: first-fit-decreasing initial placement; a seed: a random one (shards in random order, each
    /// to a random host that keeps every resource within θ·C).
    public var seed: UInt64?
    /// Migration bandwidth in bits per second.
    public var bandwidthBitsPerSecond: Double
    /// Bytes a migration moves when neither the trace nor a `mem` resource gives them.
    public var defaultShardBytes: Double
    /// The resource whose value (in MB of 2²⁰ bytes) is the bytes a migration moves, if any.
    public var memoryResource: Int?
    /// Samples per season for the forecaster (1: none).
    public var season: Int
    /// Source CPU overhead during a migration, as a fraction of the shard's CPU demand.
    public var migrationOverhead: Double
    /// Seconds after a migration starts during which the shard is not moved again.
    public var cooldownSeconds: Int64
    /// The last step replayed plus one (`nil`: the whole trace); the future beyond it is still visible
    /// to the oracle.
    public var end: Int?

    public init(
        hosts: Int, targetLoad: Double = 0.6, threshold: Double = 0.8, policy: SimulationPolicy,
        horizon: Int, quantile: Double = 0.9, quantileOffsets: QuantileOffsets = .online, warmup: Int,
        seed: UInt64? = nil,
        bandwidthBitsPerSecond: Double = 1e9, defaultShardBytes: Double = 1_073_741_824,
        memoryResource: Int? = nil, season: Int = 1, migrationOverhead: Double = 0.1,
        cooldownSeconds: Int64 = 3600, end: Int? = nil
    ) {
        self.hosts = hosts
        self.targetLoad = targetLoad
        self.threshold = threshold
        self.policy = policy
        self.horizon = horizon
        self.quantile = quantile
        self.quantileOffsets = quantileOffsets
        self.warmup = warmup
        self.seed = seed
        self.bandwidthBitsPerSecond = bandwidthBitsPerSecond
        self.defaultShardBytes = defaultShardBytes
        self.memoryResource = memoryResource
        self.season = season
        self.migrationOverhead = migrationOverhead
        self.cooldownSeconds = cooldownSeconds
        self.end = end
    }
}
