import Foundation

/// How likely a placement's hosts are to run out of capacity over the forecast horizon, from the
/// forecast quantiles: the risk that a cheaper placement must not raise (``Annealer/Options/riskGuard``).
///
/// The model: in step k of the horizon, shard s needs of resource r a normal amount with the forecast
/// mean m(s,r,k) (never below 0) and standard deviation σ(s,r,k) = (u − m) / z_q, where u is the
/// forecast `q`-quantile and z_q the standard normal q-quantile (``DemandPaths``); a shard or resource
/// without a forecast needs its demand, exactly. The shards of a host move together (their daily cycles
/// peak together, the same assumption as ``DemandOutlook``), so the host's load is normal with mean
/// Σ m and standard deviation Σ σ. The host is overloaded in step k when some resource's load exceeds
/// its capacity, with probability 1 − Π_r (1 − P(load_r > capacity_r)), the resources taken as
/// independent. A host's risk is that probability averaged over the steps (the share of the hours it is
/// overloaded); a placement's risk is the sum over hosts (``Value/expectedOverloadedHosts``: overloaded
/// hosts in an average hour), with its worst host.
///
/// Every host that the placement satisfies at the forecast peak (the demand the solver sees) is
/// overloaded at most 1 − q of the hours in each resource.
public struct OverloadRisk: Sendable {
    /// A placement's risk.
    public struct Value: Sendable, Hashable, Codable {
        /// Σ over hosts of the share of the hours the host is overloaded: the expected number of
        /// overloaded hosts in an hour of the horizon.
        public var expectedOverloadedHosts: Double
        /// The largest host's share of overloaded hours.
        public var worstHost: Double

        public init(expectedOverloadedHosts: Double, worstHost: Double) {
            self.expectedOverloadedHosts = expectedOverloadedHosts
            self.worstHost = worstHost
        }
    }

    let shardCount: Int
    let hostCount: Int
    let resources: Int
    let steps: Int
    /// Per (shard, resource, step), shard-major: mean and standard deviation.
    let mean: [Double]
    let deviation: [Double]
    /// Per (host, resource).
    let capacity: [Double]
    /// Host of each leaf.
    let leafHost: [Int32]

    /// The risk model of a compiled problem.
    ///
    /// - Parameters:
    ///   - problem: the compiled problem (its shards' demand, its hosts' capacity).
    ///   - paths: the forecast paths (``Scenario/forecastingDemand(relativeTo:keepingPaths:)`` with
    ///     `keepingPaths`), matched to the problem's shards by id; `nil`, or shards and resources that it
    ///     lacks (standbys), need their demand exactly.
    /// - Complexity: O(shards × resources × steps) time and 16 bytes of memory each.
    public init(problem: Problem, paths: DemandPaths?) {
        let p = problem
        let d = p.resourceCount
        let steps = max(1, paths?.horizon ?? 1)
        shardCount = p.shardCount
        hostCount = p.hostCount
        resources = d
        self.steps = steps
        var index: [String: Int] = [:]
        if let paths { for (i, id) in paths.shardIDs.enumerated() where index[id] == nil { index[id] = i } }
        let q = paths?.quantile ?? 0.5
        let z = q > 0.5 && q < 1 ? Quantile.normal(q) : 0
        var mean = [Double](repeating: 0, count: p.shardCount * d * steps)
        var deviation = mean
        for s in 0..<p.shardCount {
            let source = paths.flatMap { _ in index[p.shardIDs[s]] }
            for r in 0..<d {
                let base = (s * d + r) * steps
                if let paths, let j = source, r < paths.resources, paths.hasForecast[j * paths.resources + r] {
                    let from = (j * paths.resources + r) * paths.horizon
                    for k in 0..<steps {
                        let m = paths.mean[from + k]
                        mean[base + k] = max(0, m)
                        deviation[base + k] = z > 0 ? max(0, paths.upper[from + k] - m) / z : 0
                    }
                } else {
                    for k in 0..<steps { mean[base + k] = p.demand(shard: s, resource: r) }
                }
            }
        }
        self.mean = mean
        self.deviation = deviation
        var capacity = [Double](repeating: 0, count: p.hostCount * d)
        for h in 0..<p.hostCount { for r in 0..<d { capacity[h * d + r] = p.capacity(host: h, resource: r) } }
        self.capacity = capacity
        leafHost = (0..<p.leafCount).map { Int32(p.host(ofLeaf: $0)) }
    }

    /// The risk of a placement (unplaced shards add nothing).
    ///
    /// - Complexity: O(shards × resources × steps + hosts × resources × steps).
    public func evaluate(_ placement: Placement) -> Value {
        var load = HostLoads(self)
        for s in 0..<min(shardCount, placement.leaves.count) where placement.leaves[s] >= 0 {
            load.add(shard: s, host: Int(leafHost[Int(placement.leaves[s])]), sign: 1)
        }
        var total = 0.0
        var worst = 0.0
        for h in 0..<hostCount where load.shards[h] > 0 {
            let risk = load.risk(host: h)
            total += risk
            worst = max(worst, risk)
        }
        return Value(expectedOverloadedHosts: total, worstHost: worst)
    }

    /// The probability that a normal load with this mean and standard deviation exceeds `capacity`.
    @inline(__always)
    static func exceedance(mean m: Double, deviation sd: Double, capacity c: Double) -> Double {
        sd > 0 ? 0.5 * erfc((c - m) / (sd * 2.0.squareRoot())) : (m > c ? 1 : 0)
    }
}
