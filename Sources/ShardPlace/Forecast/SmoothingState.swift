/// The online state of one fitted method (a member of a ``ForecastModel``): the recursions and the initial
/// state of the batch fitter (see ``SmoothingParameters``), in `Double`.
struct SmoothingState: Sendable, Hashable {
    let method: ForecastMethod
    let parameters: SmoothingParameters
    /// Samples per season (1 for the non-seasonal methods).
    let season: Int
    /// Samples absorbed, history included.
    private(set) var observations: Int
    /// Sum of squared one-step errors since the initial state.
    private(set) var sumOfSquares: Double

    private var level: Double
    private var trend: Double
    /// Season values (Holt-Winters) or the last season of samples (seasonal naive), indexed by phase.
    private var seasonal: [Double]
    /// The season index of the next sample.
    private var phase: Int
    /// The divisor floor of multiplicative seasonality for the level (0.05 × the history's mean |y|).
    private let floor: Double

    /// Builds the state from a history (at least one sample; for seasonal methods at least one season),
    /// absorbing its first `absorbed` samples (default: all of them; at least what the initial state needs,
    /// see ``initialSamples(_:season:)``). The whole history sets the floor of multiplicative seasonality.
    init(method: ForecastMethod, parameters: SmoothingParameters, season: Int, history: [Double], absorbed: Int? = nil)
    {
        precondition(!history.isEmpty, "a model needs at least one sample")
        let absorbed = absorbed ?? history.count
        let m = method.isSeasonal ? season : 1
        precondition(!method.isSeasonal || (m >= 2 && history.count >= m), "a seasonal model needs a season of samples")
        self.method = method
        self.parameters = parameters
        self.season = m
        let meanAbs = history.reduce(0) { $0 + abs($1) } / Double(history.count)
        let floor = 0.05 * (meanAbs > 0 ? meanAbs : 1)
        self.floor = floor
        trend = 0
        phase = 0
        sumOfSquares = 0
        switch method {
        case .naive:
            level = history[absorbed - 1]
            seasonal = []
            observations = absorbed
            for t in 1..<absorbed {
                let d = history[t] - history[t - 1]
                sumOfSquares += d * d
            }
        case .seasonalNaive:
            level = 0
            seasonal = Array(history[0..<m])
            observations = m
            for y in history[m..<absorbed] { update(y) }
        case .ses, .holt:
            level = history[0]
            seasonal = []
            observations = 1
            for y in history[1..<absorbed] { update(y) }
        case .hwAdditive, .hwMultiplicative:
            level = history[0..<m].reduce(0, +) / Double(m)
            let l = level
            let additive = method == .hwAdditive
            seasonal = history[0..<m].map { additive ? $0 - l : $0 / Swift.max(l, floor) }
            observations = m
            for y in history[m..<absorbed] { update(y) }
        }
    }

    /// The samples the initial state of `method` takes: one season for seasonal methods, else one.
    static func initialSamples(_ method: ForecastMethod, season: Int) -> Int { method.isSeasonal ? season : 1 }

    /// Absorbs the next sample.
    ///
    /// - Returns: the one-step forecast of that sample made before absorbing it.
    @discardableResult
    mutating func update(_ y: Double) -> Double {
        let p = parameters
        let forecast: Double
        switch method {
        case .naive:
            forecast = level
            level = y
        case .seasonalNaive:
            forecast = seasonal[phase]
            seasonal[phase] = y
            advance()
        case .ses, .holt:
            let damped = p.phi * trend
            forecast = level + damped
            let e = y - forecast
            level = forecast + p.alpha * e
            trend = damped + p.beta * e
        case .hwAdditive:
            let damped = p.phi * trend
            let base = level + damped
            let s = seasonal[phase]
            forecast = base + s
            let e = y - forecast
            level = base + p.alpha * e
            trend = damped + p.beta * e
            seasonal[phase] = s + p.gamma * e
            advance()
        case .hwMultiplicative:
            let damped = p.phi * trend
            let base = level + damped
            let s = seasonal[phase]
            forecast = base * s
            let e = y - forecast
            let scaled = e / Swift.max(s, 0.05)
            level = base + p.alpha * scaled
            trend = damped + p.beta * scaled
            seasonal[phase] = s + p.gamma * e / Swift.max(base, floor)
            advance()
        }
        sumOfSquares += (y - forecast) * (y - forecast)
        observations += 1
        return forecast
    }

    private mutating func advance() {
        phase += 1
        if phase == season { phase = 0 }
    }

    /// Adds `weight` × the mean forecast of the next `horizon` samples to `out[offset ..< offset + horizon]`,
    /// or writes it there when `accumulate` is false.
    func forecast(into out: inout [Double], at offset: Int, horizon: Int, weight: Double, accumulate: Bool) {
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
            out[offset + k] = accumulate ? out[offset + k] + weight * value : weight * value
            if method.isSeasonal {
                index += 1
                if index == season { index = 0 }
            }
        }
    }

    /// The level (the last value for naive methods): a forecast's fallback.
    var currentLevel: Double { level }
}
