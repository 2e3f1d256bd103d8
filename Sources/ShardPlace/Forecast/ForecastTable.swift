/// The forecasts of many series (structure of arrays): per series the model used (one method, or a
/// weighted combination of methods), its parameters, the mean path, the quantile path and the peak of the
/// quantile path over the horizon.
public struct ForecastTable: Sendable, Hashable {
    /// Series forecast.
    public let count: Int
    /// Steps per path.
    public let horizon: Int
    /// The quantile of the ``upper`` paths.
    public let quantile: Double
    /// The most components one series' forecast combines (the stride of the component arrays).
    public let componentSlots: Int
    /// The method each series got: its first component, the method ``Forecaster`` chose (for a
    /// combination, see ``components(_:)``).
    public internal(set) var methods: [ForecastMethod]
    /// The fitted parameters of ``methods`` (``SmoothingParameters/none`` for naive and seasonal naive).
    public internal(set) var parameters: [SmoothingParameters]
    /// Per series `i`, slots `i × componentSlots ..< (i + 1) × componentSlots`: the methods whose weighted
    /// sum is the forecast, the chosen one first.
    public internal(set) var componentMethods: [ForecastMethod]
    /// Their parameters, laid out as ``componentMethods``.
    public internal(set) var componentParameters: [SmoothingParameters]
    /// Their weights, laid out as ``componentMethods``: summing to 1 per series, 0 in unused slots.
    public internal(set) var componentWeights: [Double]
    /// Mean forecasts, `count × horizon`, series-major: series `i`, step `k` (1-based) at
    /// `i × horizon + k − 1`.
    public internal(set) var mean: [Double]
    /// The `quantile`-quantile of each future sample, laid out as ``mean``.
    public internal(set) var upper: [Double]

    init(count: Int, horizon: Int, quantile: Double, componentSlots: Int) {
        self.count = count
        self.horizon = horizon
        self.quantile = quantile
        self.componentSlots = componentSlots
        methods = [ForecastMethod](repeating: .naive, count: count)
        parameters = [SmoothingParameters](repeating: .none, count: count)
        componentMethods = [ForecastMethod](repeating: .naive, count: count * componentSlots)
        componentParameters = [SmoothingParameters](repeating: .none, count: count * componentSlots)
        componentWeights = [Double](repeating: 0, count: count * componentSlots)
        for i in 0..<count { componentWeights[i * componentSlots] = 1 }
        mean = [Double](repeating: 0, count: count * horizon)
        upper = [Double](repeating: 0, count: count * horizon)
    }

    /// The components of series `i` (one for a single method), the chosen method first.
    public func components(_ i: Int) -> [ForecastComponent] {
        (i * componentSlots..<(i + 1) * componentSlots).compactMap { c in
            componentWeights[c] > 0
                ? ForecastComponent(
                    method: componentMethods[c], parameters: componentParameters[c], weight: componentWeights[c])
                : nil
        }
    }

    /// The model of series `i` as a name: the method, or the combined methods joined by "+", the chosen
    /// one first (e.g. `hw-additive+ses`).
    public func modelName(_ i: Int) -> String { components(i).map(\.method.rawValue).joined(separator: "+") }

    /// The mean path of series `i`.
    public func meanPath(_ i: Int) -> ArraySlice<Double> { mean[(i * horizon)..<((i + 1) * horizon)] }

    /// The quantile path of series `i`.
    public func quantilePath(_ i: Int) -> ArraySlice<Double> { upper[(i * horizon)..<((i + 1) * horizon)] }

    /// The peak of series `i` over the horizon at the quantile: max over steps k of the k-step
    /// `quantile`-quantile (the upper envelope, as a threshold trigger compares it; it is not the quantile
    /// of the maximum, which is higher).
    public func peak(_ i: Int) -> Double { quantilePath(i).max() ?? 0 }
}
