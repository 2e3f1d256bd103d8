import Foundation

/// What ``Scenario/forecastingDemand(relativeTo:keepingPaths:)`` did.
public struct DemandForecastSummary: Sendable, Hashable, Codable {
    /// Shards whose demand became a forecast peak.
    public var shards: Int
    /// Series forecast (shards × resources).
    public var series: Int
    /// The quantile.
    public var quantile: Double
    /// The horizon in steps.
    public var horizon: Int
    /// How many series each method forecast, by ``ForecastMethod`` raw value.
    public var models: [String: Int]
    /// The scenario's total demand over the horizon (forecast paths summed over shards; shards and
    /// resources without a history add their demand), for ``OfferPlanner``. Not part of the encoded form.
    public var outlook: DemandOutlook?
    /// Every shard's forecast paths, for ``OverloadRisk``; only when asked for
    /// (``Scenario/forecastingDemand(relativeTo:keepingPaths:)``). Not part of the encoded form.
    public var paths: DemandPaths?

    enum CodingKeys: String, CodingKey {
        case shards, series, quantile, horizon, models
    }
}

extension Scenario {
    /// The scenario with the demand of every shard that has ``Shard/history`` replaced by its forecast:
    /// per resource, the peak over `policy.forecast.horizon` steps of the `policy.forecast.quantile`
    /// forecast (never below 0). A separate step before compilation: the solver sees plain demand.
    ///
    /// Histories are inline samples (oldest first, season `policy.forecast.season` or none) or series of a
    /// `series_id,timestamp,value` CSV file (relative to `directory`; put on a grid by
    /// ``TimeSeries/regular(step:)``, season `policy.forecast.season` or one day of samples).
    ///
    /// - Parameters:
    ///   - directory: the folder that CSV paths are relative to.
    ///   - keepingPaths: also keep every shard's mean and quantile paths in the summary
    ///     (``DemandForecastSummary/paths``, 16 bytes per shard, resource and step), for ``OverloadRisk``.
    /// - Returns: the scenario unchanged and `nil` when `policy.forecast` is not set.
    /// - Throws: ``ScenarioError`` when a CSV file cannot be read or lacks a named series.
    public func forecastingDemand(
        relativeTo directory: String?, keepingPaths: Bool = false
    ) throws(ScenarioError) -> (
        scenario: Scenario, summary: DemandForecastSummary?
    ) {
        guard let policyForecast = policy.forecast else { return (self, nil) }
        var issues: [ScenarioError.Issue] = []
        var files: [String: [String: TimeSeries]] = [:]
        // Every series to forecast, grouped by season: (shard, resource, samples).
        var jobs: [Int: [(shard: Int, resource: Int, samples: [Double])]] = [:]
        for (i, shard) in shards.enumerated() {
            guard let history = shard.history else { continue }
            if let samples = history.samples {
                for (r, row) in samples.enumerated() where !row.isEmpty {
                    jobs[policyForecast.season ?? 1, default: []].append((i, r, row))
                }
            } else if let csv = history.csv, let ids = history.series {
                let path = directory.map { csv.hasPrefix("/") ? csv : "\($0)/\(csv)" } ?? csv
                if files[path] == nil {
                    do {
                        files[path] = Dictionary(
                            try TimeSeriesCSV.read(contentsOf: path).map { ($0.id, $0) },
                            uniquingKeysWith: { a, _ in a })
                    } catch {
                        issues.append(.init(path: "shards[\(i)].history.csv", message: error.description))
                        files[path] = [:]
                        continue
                    }
                }
                for (r, id) in ids.enumerated() {
                    guard let series = files[path]?[id] else {
                        if files[path]?.isEmpty == false {
                            issues.append(
                                .init(
                                    path: "shards[\(i)].history.series[\(r)]", message: "no series \"\(id)\" in \(csv)")
                            )
                        }
                        continue
                    }
                    let step = Swift.max(1, series.typicalStep)
                    let day = step < 86_400 ? Int((86_400 + step / 2) / step) : 1
                    jobs[policyForecast.season ?? day, default: []].append((i, r, series.regular(step: step)))
                }
            }
        }
        if !issues.isEmpty { throw ScenarioError(issues: issues) }
        var result = self
        var models: [String: Int] = [:]
        var forecastShards = Set<Int>()
        // The outlook: forecast paths summed per resource; series without a forecast add their demand.
        let h = policyForecast.horizon
        var outlookMean = [[Double]](repeating: [Double](repeating: 0, count: h), count: resources.count)
        var outlookUpper = outlookMean
        var forecastSeries = Set<Int>()
        var paths =
            keepingPaths
            ? DemandPaths(
                shardIDs: shards.map(\.id), resources: resources.count, horizon: h, quantile: policyForecast.quantile)
            : nil
        let model: ForecastOptions.Model =
            policyForecast.model.flatMap { ForecastMethod(rawValue: $0) }.map { .fixed($0) } ?? .auto
        for season in jobs.keys.sorted() {
            let list = jobs[season]!
            let options = ForecastOptions(
                horizon: policyForecast.horizon, season: season, quantile: policyForecast.quantile, model: model)
            let table = Forecaster(options: options).forecast(list.map(\.samples))
            for (k, job) in list.enumerated() {
                var demand = result.shards[job.shard].demand
                if demand.count < resources.count { demand = [Double](repeating: 0, count: resources.count) }
                demand[job.resource] = Swift.max(0, table.peak(k))
                result.shards[job.shard].demand = demand
                if job.resource < resources.count {
                    forecastSeries.insert(job.shard * resources.count + job.resource)
                    paths?.set(
                        shard: job.shard, resource: job.resource, mean: table.meanPath(k), upper: table.quantilePath(k))
                    for (step, (m, u)) in zip(table.meanPath(k), table.quantilePath(k)).enumerated() {
                        outlookMean[job.resource][step] += Swift.max(0, m)
                        outlookUpper[job.resource][step] += Swift.max(0, u, m)
                    }
                }
                models[table.modelName(k), default: 0] += 1
                forecastShards.insert(job.shard)
            }
        }
        let all = result.expandingStandbys().shards
        for shard in all.indices {
            let demand = all[shard].demand
            for r in 0..<Swift.min(resources.count, demand.count)
            where shard >= shards.count || !forecastSeries.contains(shard * resources.count + r) {
                for step in 0..<h {
                    outlookMean[r][step] += demand[r]
                    outlookUpper[r][step] += demand[r]
                }
            }
        }
        return (
            result,
            DemandForecastSummary(
                shards: forecastShards.count, series: jobs.values.reduce(0) { $0 + $1.count },
                quantile: policyForecast.quantile, horizon: policyForecast.horizon, models: models,
                outlook: DemandOutlook(mean: outlookMean, upper: outlookUpper, quantile: policyForecast.quantile),
                paths: paths)
        )
    }
}
