import Foundation

/// The total demand of a scenario over the coming hours, per resource, as a distribution: what the
/// offer planner (``OfferPlanner``) sizes reserved and elastic capacity against.
///
/// Each horizon step k contributes the total mean demand M(k) and the total `quantile`-quantile U(k)
/// (sums over shards of the forecast paths, ``Scenario/forecastingDemand(relativeTo:keepingPaths:)``; shards without a
/// history add their demand to both). Demand at a random hour of the horizon is modelled as the
/// equal-weight mixture over steps of normal laws N(M(k), σ(k)²) with σ(k) = (U(k) − M(k)) / z_q, z_q the
/// standard normal `quantile`: the per-shard quantiles are summed as if the shards moved together, which
/// errs on the side of more capacity. A step with U(k) = M(k) is a point mass.
public struct DemandOutlook: Sendable, Hashable, Codable {
    /// Per resource, the total mean demand per step.
    public var mean: [[Double]]
    /// Per resource, the total `quantile`-quantile per step (≥ ``mean``).
    public var upper: [[Double]]
    /// The quantile of ``upper``, in (0, 1).
    public var quantile: Double

    public init(mean: [[Double]], upper: [[Double]], quantile: Double) {
        precondition(mean.count == upper.count, "mean and upper need one row per resource")
        self.mean = mean
        self.upper = upper
        self.quantile = quantile
    }

    /// Demand that does not vary: one step per resource with mean = upper = the given total.
    public static func constant(_ totals: [Double]) -> DemandOutlook {
        DemandOutlook(mean: totals.map { [$0] }, upper: totals.map { [$0] }, quantile: 0.5)
    }

    /// The outlook of a scenario as given: each resource's total demand, constant (standby shards
    /// included).
    public static func constant(of scenario: Scenario) -> DemandOutlook {
        var totals = [Double](repeating: 0, count: scenario.resources.count)
        for shard in scenario.expandingStandbys().shards {
            for r in 0..<min(totals.count, shard.demand.count) { totals[r] += shard.demand[r] }
        }
        return constant(totals)
    }

    /// The largest `quantile`-quantile over the steps: the peak demand to provision for.
    public func peak(resource r: Int) -> Double { upper[r].max() ?? 0 }

    /// The probability that demand for resource `r` exceeds `level` at a random hour of the horizon.
    public func exceedance(resource r: Int, above level: Double) -> Double {
        let steps = mean[r].count
        guard steps > 0 else { return 0 }
        let z = quantile > 0.5 && quantile < 1 ? Quantile.normal(quantile) : 0
        var sum = 0.0
        for k in 0..<steps {
            let m = mean[r][k]
            let sigma = z > 0 ? max(0, upper[r][k] - m) / z : 0
            if sigma > 0 {
                sum += 0.5 * erfc((level - m) / (sigma * 2.0.squareRoot()))
            } else {
                sum += m > level ? 1 : 0
            }
        }
        return sum / Double(steps)
    }

    /// The smallest level whose exceedance probability is at most `1 − p`: the `p`-quantile of the
    /// mixture (bisection to a relative precision of 10⁻⁹).
    public func level(resource r: Int, probability p: Double) -> Double {
        var low = 0.0
        var high = max(1, (upper[r].max() ?? 0) * 4 + (mean[r].max() ?? 0))
        while exceedance(resource: r, above: high) > 1 - p { high *= 2 }
        for _ in 0..<200 where high - low > 1e-9 * max(1, high) {
            let mid = (low + high) / 2
            if exceedance(resource: r, above: mid) > 1 - p { low = mid } else { high = mid }
        }
        return high
    }
}
