/// The quantile offsets of many online forecasters re-estimated from their own realised errors: every
/// step, each series' mean forecast path is recorded, and each new sample yields the realised k-step error
/// of the path recorded k steps earlier, for k = 1 … horizon. The offset of step k is the empirical
/// quantile of the latest ``window`` such errors (out-of-sample errors: no widening).
///
/// Steps with fewer than ``minimum`` errors yet take the offset of the longest step that has enough, grown
/// with √k as beyond the known steps of ``ForecastModel/quantilePath(horizon:)``; with no such step, the
/// offsets given by the caller (those of the fit). It sees only what it is given: recorded forecasts and
/// samples, never a sample before its step has been observed.
struct RealizedErrorQuantiles: Sendable {
    /// Series tracked.
    let series: Int
    /// Steps per forecast path.
    let horizon: Int
    /// Errors per step kept: the latest, as many as ``BatchFit`` takes its error quantiles from.
    let window: Int
    /// Errors a step needs before its own quantile is used, as ``BatchFit`` needs origins.
    let minimum: Int

    /// Per series, the last `horizon` recorded paths: path of step s in slot s mod horizon.
    private var paths: [Double]
    /// Per series and slot, the step whose path the slot holds (−1: none).
    private var recorded: [Int]
    /// Per series, the last step observed.
    private var observed: [Int]
    /// Per series and step ahead k, its window of k-step errors.
    private var errors: SlidingQuantiles

    init(series: Int, horizon: Int, window: Int = BatchFit.Origins.quantileLimit, minimum: Int = 10) {
        precondition(series >= 0 && horizon >= 1 && window >= minimum && minimum >= 1)
        self.series = series
        self.horizon = horizon
        self.window = window
        self.minimum = minimum
        paths = [Double](repeating: 0, count: series * horizon * horizon)
        recorded = [Int](repeating: -1, count: series * horizon)
        observed = [Int](repeating: Int.min, count: series)
        errors = SlidingQuantiles(windows: series * horizon, capacity: window)
    }

    /// Series `j`'s sample `y` at step `t` (steps increase by one per call): the realised error of every
    /// path recorded at `t − k` for its step k.
    mutating func observe(_ j: Int, step t: Int, value y: Double) {
        precondition(observed[j] == Int.min || t == observed[j] + 1, "samples must arrive one step at a time")
        observed[j] = t
        for k in 1...horizon {
            let s = t - k
            guard s >= 0 else { break }
            let slot = j * horizon + s % horizon
            guard recorded[slot] == s else { continue }
            errors.push(j * horizon + k - 1, Float(y - paths[slot * horizon + k - 1]))
        }
    }

    /// Records series `j`'s mean forecast of steps `t + 1 … t + horizon`, made at step `t`, from
    /// `path[offset ..< offset + horizon]`.
    mutating func record(_ j: Int, step t: Int, path: [Double], at offset: Int) {
        precondition(observed[j] == Int.min || t >= observed[j], "a forecast is recorded at its own step")
        let slot = j * horizon + t % horizon
        recorded[slot] = t
        for k in 0..<horizon { paths[slot * horizon + k] = path[offset + k] }
    }

    /// Errors recorded for series `j` at step k (1-based).
    func count(_ j: Int, step k: Int) -> Int { errors.count(j * horizon + k - 1) }

    /// Writes series `j`'s `q`-quantile offsets for steps 1 … `horizon` to `out[offset ..< offset + horizon]`:
    /// from its realised errors where there are enough, else from `fallback[offset ..< offset + horizon]`.
    func offsets(_ j: Int, quantile q: Double, fallback: [Double], into out: inout [Double], at offset: Int) {
        // The longest step with enough errors (counts fall with k: a k-step error needs k steps to arrive).
        var known = 0
        while known < horizon && errors.count(j * horizon + known) >= minimum { known += 1 }
        guard known > 0 else {
            for k in 0..<horizon { out[offset + k] = fallback[offset + k] }
            return
        }
        for k in 0..<known { out[offset + k] = Double(errors.quantile(j * horizon + k, q)) }
        let last = out[offset + known - 1]
        for k in known..<horizon { out[offset + k] = last * (Double(k + 1) / Double(known)).squareRoot() }
    }
}
