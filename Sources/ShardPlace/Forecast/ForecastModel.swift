/// One series' fitted model as an online state: it absorbs each new sample in O(1) and re-forecasts
/// without refitting (the predictive loop's per-step update).
///
/// The recursions and the initial state are those of the batch fitter (see ``SmoothingParameters`` and
/// ``Forecaster``), in `Double`; a model built from a history reproduces the batch forecast up to the
/// batch's `Float` rounding.
public struct ForecastModel: Sendable, Hashable {
    /// The method.
    public let method: ForecastMethod
    /// Its parameters.
    public let parameters: SmoothingParameters
    /// Samples per season (1 for the non-seasonal methods).
    public let season: Int
    /// Per step k (1-based at index k − 1): quantile − mean, from the fit. Beyond the last step the last
    /// offset grows with √k.
    public var quantileOffsets: [Double]
    /// Samples absorbed, history included.
    public private(set) var observations: Int
    /// Sum of squared one-step errors since the initial state.
    public private(set) var sumOfSquares: Double

    private var level: Double
    private var trend: Double
    /// Season values (Holt-Winters) or the last season of samples (seasonal naive), indexed by phase.
    private var seasonal: [Double]
    /// The season index of the next sample.
    private var phase: Int
    /// The divisor floor of multiplicative seasonality for the level (0.05 × the history's mean |y|).
    private let floor: Double

    /// Builds the state from a history (oldest first, at least one sample; for seasonal methods at least
    /// two seasons, else use the method's fallback).
    ///
    /// - Complexity: O(history.count).
    public init(
        method: ForecastMethod, parameters: SmoothingParameters, season: Int, history: [Double],
        quantileOffsets: [Double] = []
    ) {
        precondition(!history.isEmpty, "a model needs at least one sample")
        let m = method.isSeasonal ? season : 1
        precondition(!method.isSeasonal || (m >= 2 && history.count >= 2 * m), "a seasonal model needs two seasons")
        self.method = method
        self.parameters = parameters
        self.season = m
        self.quantileOffsets = quantileOffsets
        let meanAbs = history.reduce(0) { $0 + abs($1) } / Double(history.count)
        let floor = 0.05 * (meanAbs > 0 ? meanAbs : 1)
        self.floor = floor
        trend = 0
        phase = 0
        sumOfSquares = 0
        switch method {
        case .naive:
            level = history[history.count - 1]
            seasonal = []
            observations = history.count
            for t in 1..<history.count {
                let d = history[t] - history[t - 1]
                sumOfSquares += d * d
            }
        case .seasonalNaive:
            level = 0
            seasonal = Array(history[0..<m])
            observations = m
            for y in history[m...] { update(y) }
        case .ses, .holt:
            level = history[0]
            seasonal = []
            observations = 1
            for y in history[1...] { update(y) }
        case .hwAdditive, .hwMultiplicative:
            level = history[0..<m].reduce(0, +) / Double(m)
            let l = level
            let additive = method == .hwAdditive
            seasonal = history[0..<m].map { additive ? $0 - l : $0 / Swift.max(l, floor) }
            observations = m
            for y in history[m...] { update(y) }
        }
    }

    /// Absorbs the next sample.
    ///
    /// - Complexity: O(1).
    public mutating func update(_ y: Double) {
        let p = parameters
        switch method {
        case .naive:
            let d = y - level
            sumOfSquares += d * d
            level = y
        case .seasonalNaive:
            let d = y - seasonal[phase]
            sumOfSquares += d * d
            seasonal[phase] = y
            advance()
        case .ses, .holt:
            let damped = p.phi * trend
            let forecast = level + damped
            let e = y - forecast
            sumOfSquares += e * e
            level = forecast + p.alpha * e
            trend = damped + p.beta * e
        case .hwAdditive:
            let damped = p.phi * trend
            let base = level + damped
            let s = seasonal[phase]
            let e = y - (base + s)
            sumOfSquares += e * e
            level = base + p.alpha * e
            trend = damped + p.beta * e
            seasonal[phase] = s + p.gamma * e
            advance()
        case .hwMultiplicative:
            let damped = p.phi * trend
            let base = level + damped
            let s = seasonal[phase]
            let e = y - base * s
            sumOfSquares += e * e
            let scaled = e / Swift.max(s, 0.05)
            level = base + p.alpha * scaled
            trend = damped + p.beta * scaled
            seasonal[phase] = s + p.gamma * e / Swift.max(base, floor)
            advance()
        }
        observations += 1
    }

    private mutating func advance() {
        phase += 1
        if phase == season { phase = 0 }
    }

    /// The mean forecast of the next `horizon` samples.
    ///
    /// - Complexity: O(horizon).
    public func forecast(horizon: Int) -> [Double] {
        var out = [Double](repeating: 0, count: horizon)
        forecast(into: &out, at: 0, horizon: horizon)
        return out
    }

    /// Writes the mean forecast of the next `horizon` samples to `out[offset ..< offset + horizon]`
    /// without allocating (the replay's per-step path).
    ///
    /// - Complexity: O(horizon).
    public func forecast(into out: inout [Double], at offset: Int, horizon: Int) {
        precondition(offset >= 0 && offset + horizon <= out.count, "the output range is out of bounds")
        var power = 1.0
        var damping = 0.0
        var index = phase
        for k in 0..<horizon {
            power *= parameters.phi
            damping += power
            let base = level + damping * trend
            let value: Double
            switch method {
            case .naive, .ses, .holt: value = base
            case .seasonalNaive: value = seasonal[index]
            case .hwAdditive: value = base + seasonal[index]
            case .hwMultiplicative: value = base * seasonal[index]
            }
            out[offset + k] = value
            if method.isSeasonal {
                index += 1
                if index == season { index = 0 }
            }
        }
    }

    /// The quantile path of the next `horizon` samples: the mean plus ``quantileOffsets``.
    public func quantilePath(horizon: Int) -> [Double] {
        let mean = forecast(horizon: horizon)
        guard let last = quantileOffsets.last else { return mean }
        let known = quantileOffsets.count
        return mean.enumerated().map { k, mu in
            mu + (k < known ? quantileOffsets[k] : last * (Double(k + 1) / Double(known)).squareRoot())
        }
    }

    /// The peak of the quantile path over the next `horizon` samples.
    public func peak(horizon: Int) -> Double { quantilePath(horizon: horizon).max() ?? level }
}
