import Foundation
import ShardPlace
import Testing

@testable import ShardPlace

/// The combined forecasts of `auto` (a chosen method and a partner, weighted by their holdout errors),
/// checked against independent computations with the online models.
@Suite struct ForecastCombinationTests {
    private static func gaussian(_ rng: inout SplitMix64) -> Double {
        let u = max(1e-12, rng.nextDouble())
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * rng.nextDouble())
    }

    /// 100 + 20·sin(2πt/24) + slope·t + N(0, sigma²): a daily season with a trend that the damped
    /// Holt-Winters methods follow differently, so that `auto` often combines them.
    private static func trended(count: Int, slope: Double, sigma: Double = 3, seed: UInt64) -> [Double] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { t in
            100 + 20 * sin(2 * Double.pi * Double(t % 24) / 24) + slope * Double(t) + sigma * gaussian(&rng)
        }
    }

    private static let season = 24
    private static let horizon = 6

    private static let panel: [[Double]] = (0..<48).map { i in
        trended(count: 300, slope: 0.5 + 0.01 * Double(i), seed: UInt64(40 + i))
    }

    private static func table(_ model: ForecastOptions.Model, quantile: Double = 0.95) -> ForecastTable {
        Forecaster(options: ForecastOptions(horizon: horizon, season: season, quantile: quantile, model: model))
            .forecast(panel)
    }

    /// The series of the panel that `auto` combined.
    private static func combined(_ table: ForecastTable) -> [Int] {
        (0..<table.count).filter { table.components($0).count > 1 }
    }

    /// Mean |y − ŷ| of `model`'s forecasts at the batch's rolling origins of series `y` (each forecast from
    /// the online model built on the samples up to its origin), and the errors per origin and step.
    private static func holdout(_ components: [ForecastComponent], _ y: [Double]) -> (mae: Double, errors: [[Double]]) {
        let h = horizon
        let origins = BatchFit.Origins(count: y.count, season: season, seasonal: true, horizon: h)
        var errors: [[Double]] = []
        var sum = 0.0
        for j in 0..<origins.count {
            let o = origins.first + j * origins.stride
            let model = ForecastModel(components: components, season: season, history: Array(y[0...o]))
            let path = model.forecast(horizon: h)
            let e = (0..<h).map { y[o + 1 + $0] - path[$0] }
            errors.append(e)
            sum += e.reduce(0) { $0 + abs($1) }
        }
        return (sum / Double(origins.count * h), errors)
    }

    @Test("a combined forecast is its members' forecasts weighted by their inverse holdout errors")
    func weightedSum() throws {
        let auto = Self.table(.auto)
        let series = Self.combined(auto)
        try #require(series.count >= 5, "the panel should give combinations: \(series.count)")
        var fixed: [ForecastMethod: ForecastTable] = [:]
        for method in ForecastMethod.allCases { fixed[method] = Self.table(.fixed(method)) }
        for i in series {
            let parts = auto.components(i)
            #expect(parts.count == 2 && parts[0].method == auto.methods[i] && parts[0].parameters == auto.parameters[i])
            #expect(abs(parts[0].weight + parts[1].weight - 1) < 1e-6)
            #expect(BatchFit.partners.contains(parts[1].method), "partner \(parts[1].method)")
            // The members are the fixed methods' fits, and the mean path their weighted sum.
            for part in parts {
                #expect(fixed[part.method]!.parameters[i] == part.parameters)
            }
            for k in 0..<Self.horizon {
                let expected = parts.reduce(0.0) { $0 + $1.weight * fixed[$1.method]!.mean[i * Self.horizon + k] }
                #expect(
                    abs(auto.mean[i * Self.horizon + k] - expected) <= 1e-4 * abs(expected), "series \(i) step \(k)")
            }
            // Weights ∝ 1 / holdout MAE, recomputed from the online models at the batch's origins.
            let y = Self.panel[i]
            let first = Self.holdout([ForecastComponent(method: parts[0].method, parameters: parts[0].parameters)], y)
            let second = Self.holdout([ForecastComponent(method: parts[1].method, parameters: parts[1].parameters)], y)
            #expect(abs(parts[0].weight - second.mae / (first.mae + second.mae)) < 2e-3, "series \(i)")
            // The combination won its place: its own holdout error is at least 5 % below the choice's.
            let both = Self.holdout(parts, y)
            #expect(both.mae < 0.95 * first.mae * 1.002, "series \(i): \(both.mae) vs \(first.mae)")
        }
        // A series left single is one whose combination did not win by the margin; at least one exists here.
        #expect(series.count < auto.count)
    }

    @Test("a combination's quantiles are the widened empirical quantiles of its own rolling-origin errors")
    func quantilesOfTheCombination() throws {
        let auto = Self.table(.auto, quantile: 0.9)
        let series = Self.combined(auto)
        try #require(!series.isEmpty)
        for i in series.prefix(6) {
            let y = Self.panel[i]
            let (_, errors) = Self.holdout(auto.components(i), y)
            let recent = errors.suffix(BatchFit.Origins.quantileLimit)
            for k in 0..<Self.horizon {
                let sorted = recent.map { $0[k] }.sorted()
                let rank = 0.9 * Double(sorted.count - 1)
                let lower = Int(rank)
                let quantile =
                    sorted[lower] + (rank - Double(lower)) * (sorted[min(lower + 1, sorted.count - 1)] - sorted[lower])
                let offset = auto.upper[i * Self.horizon + k] - auto.mean[i * Self.horizon + k]
                let expected = Double(BatchFit.widening) * quantile
                #expect(abs(offset - expected) <= 0.02 * abs(expected) + 1e-3, "series \(i) step \(k + 1)")
            }
        }
    }

    @Test("the batch's combined forecast equals the online combination built from the same history")
    func batchEqualsOnline() throws {
        let auto = Self.table(.auto)
        let series = Self.combined(auto)
        try #require(!series.isEmpty)
        for i in series {
            let model = ForecastModel(components: auto.components(i), season: Self.season, history: Self.panel[i])
            let path = model.forecast(horizon: Self.horizon)
            for k in 0..<Self.horizon {
                #expect(abs(path[k] - auto.mean[i * Self.horizon + k]) <= 2e-3 * abs(path[k]), "series \(i) step \(k)")
            }
        }
    }

    @Test("online: a combination's update is the combination of its members' updates")
    func onlineUpdates() {
        let y = Self.trended(count: 150, slope: 0.3, seed: 7)
        let parts = [
            ForecastComponent(
                method: .hwAdditive, parameters: SmoothingParameters(alpha: 0.3, beta: 0.02, gamma: 0.2, phi: 0.98),
                weight: 0.7),
            ForecastComponent(
                method: .holt, parameters: SmoothingParameters(alpha: 0.5, beta: 0.1, phi: 0.9), weight: 0.3),
        ]
        var model = ForecastModel(components: parts, season: Self.season, history: Array(y[0..<100]))
        for v in y[100...] { model.update(v) }
        let rebuilt = ForecastModel(components: parts, season: Self.season, history: y)
        #expect(model.forecast(horizon: 30) == rebuilt.forecast(horizon: 30))
        #expect(model.observations == 150 && model.components == parts)
        #expect(abs(model.sumOfSquares - rebuilt.sumOfSquares) <= 1e-9 * rebuilt.sumOfSquares)
        // The forecast is the weighted sum of the members alone, each updated with the same samples.
        var members = parts.map {
            ForecastModel(method: $0.method, parameters: $0.parameters, season: Self.season, history: Array(y[0..<100]))
        }
        for v in y[100...] { for m in members.indices { members[m].update(v) } }
        let alone = members.map { $0.forecast(horizon: 30) }
        let path = model.forecast(horizon: 30)
        for k in 0..<30 {
            let expected = 0.7 * alone[0][k] + 0.3 * alone[1][k]
            #expect(abs(path[k] - expected) <= 1e-9 * abs(expected))
        }
        // The sum of squares is the combination's one-step errors from the latest initial state (a season),
        // each forecast from members built on the samples before it.
        var squares = 0.0
        for t in Self.season..<y.count {
            let history = Array(y[0..<t])
            let forecast = parts.reduce(0.0) { sum, part in
                sum + part.weight
                    * ForecastModel(
                        method: part.method, parameters: part.parameters, season: Self.season, history: history
                    )
                    .forecast(horizon: 1)[0]
            }
            squares += (y[t] - forecast) * (y[t] - forecast)
        }
        #expect(abs(model.sumOfSquares - squares) <= 1e-9 * squares)
        // Weights are normalised.
        let doubled = ForecastModel(
            components: parts.map {
                ForecastComponent(method: $0.method, parameters: $0.parameters, weight: 2 * $0.weight)
            },
            season: Self.season, history: y)
        #expect(doubled.forecast(horizon: 5) == rebuilt.forecast(horizon: 5))
    }

    @Test("noise of known variance: the combined series' 90 % intervals cover about 90 %")
    func coverage() throws {
        // The panel's noise is N(0, 3²); forecast 10 steps beyond 300 samples, score on the true samples.
        let h = 10
        let full = (0..<240).map { i in
            Self.trended(count: 300 + h, slope: 0.5 + 0.002 * Double(i), seed: UInt64(900 + i))
        }
        let history = full.map { Array($0[0..<300]) }
        let upper = Forecaster(options: ForecastOptions(horizon: h, season: Self.season, quantile: 0.95)).forecast(
            history)
        let lower = Forecaster(options: ForecastOptions(horizon: h, season: Self.season, quantile: 0.05)).forecast(
            history)
        let series = Self.combined(upper)
        try #require(series.count >= 40, "combined series: \(series.count)")
        var covered = 0
        for i in series {
            #expect(lower.components(i) == upper.components(i))
            for k in 0..<h {
                let y = full[i][300 + k]
                if lower.upper[i * h + k] <= y && y <= upper.upper[i * h + k] { covered += 1 }
            }
        }
        // Quantile offsets are widened by 10 % (in-sample errors understate out-of-sample ones): for normal
        // errors the interval then covers 2Φ(1.1 · 1.645) − 1 ≈ 0.93.
        let rate = Double(covered) / Double(series.count * h)
        let widened = 0.9296
        #expect(
            abs(rate - widened) < 0.03, "coverage of the 90 % interval over \(series.count) combined series: \(rate)")
    }
}
