/// The forecast paths of every shard and resource over the horizon: the mean and the quantile per
/// step, as ``Scenario/forecastingDemand(relativeTo:keepingPaths:)`` computed them. What
/// ``OverloadRisk`` models each shard's demand with.
///
/// Stored flat, shard-major: the value of shard `s`, resource `r`, step `k` is at
/// `(s × resources + r) × horizon + k`. A (shard, resource) pair without a forecast (no history) has
/// ``hasForecast`` false and zero paths.
public struct DemandPaths: Sendable, Hashable {
    /// The ids of the scenario's shards, in order (standbys not included).
    public let shardIDs: [String]
    /// Resources per shard.
    public let resources: Int
    /// Steps per path.
    public let horizon: Int
    /// The quantile of ``upper``.
    public let quantile: Double
    /// Mean per (shard, resource, step).
    public internal(set) var mean: [Double]
    /// `quantile`-quantile per (shard, resource, step).
    public internal(set) var upper: [Double]
    /// Whether each (shard, resource) pair was forecast, at `s × resources + r`.
    public internal(set) var hasForecast: [Bool]

    init(shardIDs: [String], resources: Int, horizon: Int, quantile: Double) {
        self.shardIDs = shardIDs
        self.resources = resources
        self.horizon = horizon
        self.quantile = quantile
        let series = shardIDs.count * resources
        mean = [Double](repeating: 0, count: series * horizon)
        upper = mean
        hasForecast = [Bool](repeating: false, count: series)
    }

    /// Records the paths of one series.
    mutating func set(
        shard s: Int, resource r: Int, mean m: ArraySlice<Double>, upper u: ArraySlice<Double>
    ) {
        let base = (s * resources + r) * horizon
        for (k, value) in m.prefix(horizon).enumerated() { mean[base + k] = value }
        for (k, value) in u.prefix(horizon).enumerated() { upper[base + k] = value }
        hasForecast[s * resources + r] = true
    }
}
