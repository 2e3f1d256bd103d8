import Foundation
import ShardPlace
import ShardPlaceTestSupport
import Testing

@testable import ShardPlace

/// Synthetic series of known structure.
private enum Synthetic {
    static func gaussian(_ rng: inout SplitMix64) -> Double {
        let u = max(1e-12, rng.nextDouble())
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * rng.nextDouble())
    }

    /// level + amplitude·sin(2πt/m) + slope·t + N(0, sigma²).
    static func series(
        count: Int, level: Double = 100, amplitude: Double = 0, season: Int = 24, slope: Double = 0,
        sigma: Double = 0, seed: UInt64
    ) -> [Double] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { t in
            level + amplitude * sin(2 * Double.pi * Double(t % season) / Double(season)) + slope * Double(t)
                + sigma * gaussian(&rng)
        }
    }
}

@Suite struct ForecasterTests {
    @Test("pure seasonality: Holt-Winters forecasts the next season, auto picks a seasonal method")
    func seasonality() {
        let y = Synthetic.series(count: 24 * 10 + 12, amplitude: 30, sigma: 0.5, seed: 1)
        let truth = (0..<24).map { k in 100 + 30 * sin(2 * Double.pi * Double((y.count + k) % 24) / 24) }
        let auto = Forecaster(options: ForecastOptions(horizon: 24, season: 24)).forecast([y])
        #expect(auto.methods[0].isSeasonal)
        for model in [ForecastMethod.hwAdditive, .hwMultiplicative] {
            let table = Forecaster(options: ForecastOptions(horizon: 24, season: 24, model: .fixed(model))).forecast([y]
            )
            #expect(table.methods[0] == model)
            let mae = zip(table.meanPath(0), truth).map { abs($0 - $1) }.reduce(0, +) / 24
            #expect(mae < 1.5, "\(model): MAE \(mae) against the noiseless season")
        }
    }

    @Test("linear trend: Holt recovers the slope, a noiseless line is forecast exactly")
    func trend() {
        let y = Synthetic.series(count: 200, level: 10, slope: 0.5, seed: 2)
        let table = Forecaster(options: ForecastOptions(horizon: 5, model: .fixed(.holt))).forecast([y])
        let p = table.parameters[0]
        #expect(p.alpha > 0.5 && p.beta > 0.05)
        // Damped trend: the k-step forecast rises by 0.5·(φ + … + φᵏ) over the last value.
        let last = y[y.count - 1]
        var damping = 0.0
        var power = 1.0
        for k in 0..<5 {
            power *= p.phi
            damping += power
            #expect(abs(table.mean[k] - (last + 0.5 * damping)) < 0.05 * (1 + damping))
        }
    }

    @Test("white noise of known variance: SES smooths heavily and the 90 % interval covers about 90 %")
    func noiseCoverage() {
        let sigma = 5.0
        let series = (0..<160).map { Synthetic.series(count: 400, sigma: sigma, seed: UInt64(100 + $0)) }
        let history = series.map { Array($0[0..<300]) }
        let upper = Forecaster(options: ForecastOptions(horizon: 10, quantile: 0.95, model: .fixed(.ses)))
            .forecast(history)
        let lower = Forecaster(options: ForecastOptions(horizon: 10, quantile: 0.05, model: .fixed(.ses)))
            .forecast(history)
        for i in series.indices {
            #expect(upper.parameters[i].alpha < 0.25, "α \(upper.parameters[i].alpha) on white noise")
        }
        var covered = 0
        for i in series.indices {
            for k in 0..<10 {
                let y = series[i][300 + k]
                if lower.upper[i * 10 + k] <= y && y <= upper.upper[i * 10 + k] { covered += 1 }
            }
        }
        let central = Double(covered) / Double(series.count * 10)
        #expect(abs(central - 0.90) < 0.04, "coverage of the 90 % interval: \(central)")
        // The interval's half-width is about 1.645σ (times the 10 % widening).
        var width = 0.0
        for i in series.indices { width += upper.upper[i * 10] - lower.upper[i * 10] }
        width /= Double(series.count)
        let nominal: Double = 2 * 1.645 * sigma * 1.1
        #expect(abs(width - nominal) < 0.2 * nominal, "width \(width)")
    }

    @Test("the SIMD batch equals the scalar online model on the same parameters", arguments: ForecastMethod.allCases)
    func batchEqualsScalar(_ method: ForecastMethod) {
        var series: [[Double]] = []
        for i in 0..<11 {
            let level: Double = 50 + Double(i)
            let slope: Double = 0.05 * Double(i)
            series.append(
                Synthetic.series(
                    count: 24 * 4 + i, level: level, amplitude: 10, slope: slope, sigma: 2, seed: UInt64(i + 7)))
        }
        let table = Forecaster(options: ForecastOptions(horizon: 30, season: 24, model: .fixed(method))).forecast(
            series)
        for (i, y) in series.enumerated() {
            #expect(table.methods[i] == method)
            let model = ForecastModel(method: method, parameters: table.parameters[i], season: 24, history: y)
            let scalar = model.forecast(horizon: 30)
            for k in 0..<30 {
                let batch = table.mean[i * 30 + k]
                #expect(abs(batch - scalar[k]) <= 2e-3 * max(1, abs(scalar[k])), "\(method) series \(i) step \(k + 1)")
            }
        }
    }

    @Test("a series gets the same forecast alone and in a batch of many (lanes are independent)")
    func lanesIndependent() {
        let series = (0..<21).map { i in
            Synthetic.series(count: 120, amplitude: Double(i), season: 12, sigma: 1 + Double(i % 3), seed: UInt64(i))
        }
        let options = ForecastOptions(horizon: 8, season: 12, threads: 2)
        let all = Forecaster(options: options).forecast(series)
        for i in [0, 7, 20] {
            let alone = Forecaster(options: options).forecast([series[i]])
            #expect(alone.methods[0] == all.methods[i])
            #expect(Array(alone.meanPath(0)) == Array(all.meanPath(i)))
            #expect(Array(alone.quantilePath(0)) == Array(all.quantilePath(i)))
        }
    }

    @Test("only the latest window of a long series is used: the forecast equals that of the suffix alone")
    func historyWindow() {
        let window = Forecaster.historyWindow(season: 12)
        #expect(window == 1024)
        // The first part is a different regime (level 500): if it leaked in, forecasts and widths would differ.
        let old = Synthetic.series(count: 700, level: 500, amplitude: 50, season: 12, sigma: 20, seed: 21)
        let recent = Synthetic.series(count: window, amplitude: 5, season: 12, sigma: 1, seed: 22)
        let options = ForecastOptions(horizon: 6, season: 12)
        let long = Forecaster(options: options).forecast([old + recent])
        let suffix = Forecaster(options: options).forecast([recent])
        #expect(long.methods[0] == suffix.methods[0])
        #expect(Array(long.meanPath(0)) == Array(suffix.meanPath(0)))
        #expect(Array(long.quantilePath(0)) == Array(suffix.quantilePath(0)))
    }

    @Test("online updates equal rebuilding from the longer history", arguments: ForecastMethod.allCases)
    func online(_ method: ForecastMethod) {
        let y = Synthetic.series(count: 100, amplitude: 5, season: 10, slope: 0.1, sigma: 1, seed: 3)
        let p = SmoothingParameters(alpha: 0.3, beta: 0.05, gamma: 0.1, phi: 0.95)
        var model = ForecastModel(method: method, parameters: p, season: 10, history: Array(y[0..<80]))
        for v in y[80...] { model.update(v) }
        let rebuilt = ForecastModel(method: method, parameters: p, season: 10, history: y)
        #expect(model.forecast(horizon: 15) == rebuilt.forecast(horizon: 15))
        #expect(model.observations == 100)
        #expect(abs(model.sumOfSquares - rebuilt.sumOfSquares) <= 1e-9 * max(1, rebuilt.sumOfSquares))
    }

    @Test("constant series forecast as constant with zero width; short series fall back")
    func degrade() {
        let table = Forecaster(options: ForecastOptions(horizon: 6, season: 24)).forecast([
            [Double](repeating: 7, count: 100), [Double](repeating: 0, count: 50), [3], [1, 2],
        ])
        #expect(table.methods[0] == .naive && table.methods[1] == .naive)
        #expect(table.meanPath(0).allSatisfy { $0 == 7 } && table.quantilePath(0).allSatisfy { $0 == 7 })
        #expect(table.meanPath(1).allSatisfy { $0 == 0 } && table.peak(1) == 0)
        #expect(table.meanPath(2).allSatisfy { $0 == 3 })
        #expect(table.mean.allSatisfy(\.isFinite) && table.upper.allSatisfy(\.isFinite))
        // 40 samples < two seasons of 24: Holt-Winters gives way to Holt, seasonal naive to naive.
        let short = Synthetic.series(count: 40, amplitude: 5, sigma: 1, seed: 4)
        let hw = Forecaster(options: ForecastOptions(horizon: 6, season: 24, model: .fixed(.hwAdditive))).forecast([
            short
        ])
        #expect(hw.methods[0] == .holt)
        let sn = Forecaster(options: ForecastOptions(horizon: 6, season: 24, model: .fixed(.seasonalNaive)))
            .forecast([short])
        #expect(sn.methods[0] == .naive)
        // Values near 0: no multiplicative seasonality.
        var zeros = Synthetic.series(count: 100, amplitude: 5, season: 10, sigma: 1, seed: 5)
        zeros[50] = 0
        let mult = Forecaster(options: ForecastOptions(horizon: 6, season: 10, model: .fixed(.hwMultiplicative)))
            .forecast([zeros])
        #expect(mult.methods[0] == .hwAdditive)
    }

    @Test("selection-based quantiles equal sorting")
    func quantiles() {
        var rng = SplitMix64(seed: 9)
        for n in [1, 2, 3, 10, 57, 128, 200, 301, 330] {
            let values = (0..<n).map { _ in Float(rng.nextDouble() * 10).rounded() }
            // 0.95 of 301 needs the 16 largest (the buffer's size), of 330 the 18 largest (selection).
            for q in [0.0, 0.05, 0.5, 0.9, 0.95, 0.97, 0.999, 1.0] {
                var copy = values
                let got = copy.withUnsafeMutableBufferPointer { Quantile.interpolated($0.baseAddress!, count: n, q) }
                let sorted = values.sorted()
                let rank = q * Double(n - 1)
                let lo = Int(rank.rounded(.down))
                let hi = min(n - 1, lo + 1)
                let expected = sorted[lo] + Float(rank - Double(lo)) * (sorted[hi] - sorted[lo])
                #expect(abs(got - expected) < 1e-5, "n \(n) q \(q)")
            }
        }
        #expect(abs(Quantile.normal(0.95) - 1.644_853_6) < 1e-6)
        #expect(abs(Quantile.normal(0.01) + 2.326_347_9) < 1e-6)
    }

    @Test("season detection finds the period of a noisy seasonal series")
    func detectSeason() {
        let y = Synthetic.series(count: 600, amplitude: 10, season: 48, sigma: 2, seed: 11)
        #expect(SeasonDetector.detect(y, maxLag: 100) == 48)
        let noise = Synthetic.series(count: 600, sigma: 2, seed: 12)
        #expect(SeasonDetector.detect(noise, maxLag: 100) == 1)
    }

    @Test(
        "on the Bitbrains CPU traces every forecast is finite and the auto choice is no worse than naive",
        .enabled(if: TestPaths.shared != nil, "\(TestPaths.sharedMissing)"))
    func traces() throws {
        let path = TestPaths.shared!.appendingPathComponent("traces/bitbrains_rnd/cpu_mhz.csv").path
        let series = try TimeSeriesCSV.read(contentsOf: path).prefix(16).map { $0.regular(step: 900) }
        let history = series.map { Array($0.suffix(672 + 24).prefix(672)) }
        let future = series.map { Array($0.suffix(24)) }
        func mae(_ model: ForecastOptions.Model) -> Double {
            let t = Forecaster(options: ForecastOptions(horizon: 24, season: 96, model: model)).forecast(history)
            #expect(t.mean.allSatisfy(\.isFinite) && t.upper.allSatisfy(\.isFinite))
            var sum = 0.0
            for i in history.indices {
                let scale = max(1e-9, zip(history[i].dropFirst(96), history[i]).map { abs($0 - $1) }.reduce(0, +) / 576)
                sum += zip(t.meanPath(i), future[i]).map { abs($0 - $1) }.reduce(0, +) / 24 / scale
            }
            return sum / Double(history.count)
        }
        let auto = mae(.auto)
        let naive = mae(.fixed(.naive))
        #expect(auto < naive * 1.1, "auto MASE \(auto) vs naive \(naive)")
    }
}
