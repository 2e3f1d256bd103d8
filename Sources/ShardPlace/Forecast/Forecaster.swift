import Foundation
import Synchronization

/// Forecasts many demand series at once: per series it fits the smoothing methods, chooses one, and
/// returns the mean path, the path of a chosen quantile, and so the peak over the horizon at that quantile.
///
/// How it works:
/// - Only the latest ``historyWindow(season:)`` samples of a series are used (at least four seasons and
///   1,024 samples): older demand says little about the next hours, and the cost of every fit grows with
///   the length.
/// - Series are grouped by (used) length into batches of sixteen, one per SIMD lane (`SIMD16<Float>`), each
///   series scaled to a mean absolute value of 1; batches run in parallel on every core.
/// - Each smoothing method's parameters minimise the one-step squared error, found by a coordinate-wise
///   golden-section search per lane (see ``SmoothingParameters`` for the equations and bounds).
/// - Each fitted method forecasts `horizon` steps from rolling origins inside the history (every
///   ⌈horizon/4⌉ samples after one season of warm-up, the latest 256 origins at most). With `.auto`, a series
///   gets the method whose h-step errors there have the least mean absolute value over steps 1…horizon,
///   trying naive, SES, Holt, seasonal naive, additive and multiplicative Holt-Winters in that order, a
///   later method replacing the choice so far only where its error is at least 5 % lower. Last comes a
///   combination: the choice and the smoothing method (SES, Holt, Holt-Winters) with the least error besides
///   it, weighted inversely to their errors, which replaces the choice where its own error is at least 5 %
///   lower (see ``ForecastTable/components(_:)``).
/// - The `q`-quantile of step k is the mean forecast plus the empirical `q`-quantile of that model's
///   k-step errors at the latest 128 of those origins (for a combination, the combined forecast's errors;
///   with fewer than 10 origins: a normal quantile of the one-step error, scaled by √k).
/// - Degrading: seasonal methods need a season ≥ 2 and two full seasons; multiplicative seasonality needs
///   every value ≥ 5 % of the mean; Holt needs 3 samples, SES 2; a method a series cannot support gives way to its
///   ``ForecastMethod/fallback``. A constant series is forecast as constant (naive, zero width).
public struct Forecaster: Sendable {
    /// What to forecast.
    public var options: ForecastOptions

    public init(options: ForecastOptions) {
        self.options = options
    }

    /// Forecasts every series (each on a regular grid, oldest first; an empty series forecasts 0).
    ///
    /// - Complexity: O(Σ min(length, window) × evaluations) with about 140 passes per series for `.auto`, spread over
    ///   ``ForecastOptions/threads`` threads.
    public func forecast(_ series: [[Double]]) -> ForecastTable { run(ArraySeries(series: series)) }

    /// Forecasts every series of a panel.
    public func forecast(_ panel: SeriesPanel) -> ForecastTable { run(panel) }

    /// The samples of a series that are used: the latest max(4 × `season`, 1,024).
    public static func historyWindow(season: Int) -> Int { max(4 * season, 1024) }

    private struct Batch {
        var start: Int
        var lanes: Int
        var length: Int
    }

    /// Forecasts every series of `source`; when `stop` is raised, the threads take no further batch (the
    /// table is then incomplete, and the caller discards it).
    func run<S: SeriesSource>(_ source: S, stop: StopSignal? = nil) -> ForecastTable {
        let h = options.horizon
        // Equal lengths share a batch: order series by length, cut runs of one length into eights.
        let window = Self.historyWindow(season: options.season)
        func used(_ i: Int) -> Int { min(source.length(i), window) }
        let order = (0..<source.count).sorted { (used($0), $0) < (used($1), $1) }
        var cut: [Batch] = []
        var i = 0
        while i < order.count {
            let length = used(order[i])
            var j = i
            while j < order.count && j - i < Lanes.scalarCount && used(order[j]) == length { j += 1 }
            if length > 0 { cut.append(Batch(start: i, lanes: j - i, length: length)) }
            i = j
        }
        let batches = cut
        let slots = BatchFit.members
        let table = Mutex(
            ForecastTable(count: source.count, horizon: h, quantile: options.quantile, componentSlots: slots))
        let next = Atomic<Int>(0)
        let threads = max(1, min(options.threads ?? ProcessInfo.processInfo.activeProcessorCount, batches.count))
        let options = self.options
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            var w = BatchWorkspace()
            defer { w.release() }
            var scale = [Double](repeating: 1, count: Lanes.scalarCount)
            while true {
                let b = next.wrappingAdd(1, ordering: .relaxed).oldValue
                if b >= batches.count || stop?.isRaised == true { break }
                let batch = batches[b]
                let n = batch.length
                // Room for the longest series of the batch, whole (only its latest `n` samples are used).
                var longest = n
                for lane in 0..<batch.lanes { longest = Swift.max(longest, source.length(order[batch.start + lane])) }
                w.reserve(count: longest, season: 1, origins: 0, horizon: 1)
                var positive = SIMDMask<Lanes.MaskStorage>(repeating: false)
                for lane in 0..<Lanes.scalarCount {
                    // Spare lanes repeat the batch's first series; their results are dropped.
                    let series = order[batch.start + (lane < batch.lanes ? lane : 0)]
                    let full = source.length(series)
                    source.load(series, into: w.raw)
                    let raw = w.raw + (full - n)
                    var sum = 0.0
                    var minimum = Double.infinity
                    for t in 0..<n {
                        sum += abs(raw[t])
                        minimum = Swift.min(minimum, raw[t])
                    }
                    let s = sum > 0 ? sum / Double(n) : 1
                    scale[lane] = s
                    // Multiplicative seasonality only where every value is at least 5 % of the mean.
                    positive[lane] = minimum >= 0.05 * s
                    for t in 0..<n { w.samples[t][lane] = Float(raw[t] / s) }
                }
                let fit = BatchFit(
                    count: n, season: options.season, horizon: h, quantile: options.quantile, model: options.model,
                    positive: positive)
                let result = fit.run(&w)
                table.withLock { table in
                    for lane in 0..<batch.lanes {
                        let series = order[batch.start + lane]
                        table.methods[series] = result.methods[lane * slots]
                        table.parameters[series] = result.parameters[lane * slots]
                        for c in 0..<slots {
                            table.componentMethods[series * slots + c] = result.methods[lane * slots + c]
                            table.componentParameters[series * slots + c] = result.parameters[lane * slots + c]
                            table.componentWeights[series * slots + c] = Double(result.weights[lane * slots + c])
                        }
                        for k in 0..<h {
                            table.mean[series * h + k] = Double(result.mean[lane * h + k]) * scale[lane]
                            table.upper[series * h + k] = Double(result.upper[lane * h + k]) * scale[lane]
                        }
                    }
                }
            }
        }
        return table.withLock { $0 }
    }
}
