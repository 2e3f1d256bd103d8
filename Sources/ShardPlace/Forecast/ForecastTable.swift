/// The forecasts of many series (structure of arrays): per series the method used, its parameters, the
/// mean path, the quantile path and the peak of the quantile path over the horizon.
public struct ForecastTable: Sendable, Hashable {
    /// Series forecast.
    public let count: Int
    /// Steps per path.
    public let horizon: Int
    /// The quantile of the ``upper`` paths.
    public let quantile: Double
    /// The method each series got.
    public internal(set) var methods: [ForecastMethod]
    /// Its fitted parameters (``SmoothingParameters/none`` for naive and seasonal naive).
    public internal(set) var parameters: [SmoothingParameters]
    /// Mean forecasts, `count × horizon`, series-major: series `i`, step `k` (1-based) at
    /// `i × horizon + k − 1`.
    public internal(set) var mean: [Double]
    /// The `quantile`-quantile of each future sample, laid out as ``mean``.
    public internal(set) var upper: [Double]

    init(count: Int, horizon: Int, quantile: Double) {
        self.count = count
        self.horizon = horizon
        self.quantile = quantile
        methods = [ForecastMethod](repeating: .naive, count: count)
        parameters = [SmoothingParameters](repeating: .none, count: count)
        mean = [Double](repeating: 0, count: count * horizon)
        upper = [Double](repeating: 0, count: count * horizon)
    }

    /// The mean path of series `i`.
    public func meanPath(_ i: Int) -> ArraySlice<Double> { mean[(i * horizon)..<((i + 1) * horizon)] }

    /// The quantile path of series `i`.
    public func quantilePath(_ i: Int) -> ArraySlice<Double> { upper[(i * horizon)..<((i + 1) * horizon)] }

    /// The peak of series `i` over the horizon at the quantile: max over steps k of the k-step
    /// `quantile`-quantile (the upper envelope, as a threshold trigger compares it; it is not the quantile
    /// of the maximum, which is higher).
    public func peak(_ i: Int) -> Double { quantilePath(i).max() ?? 0 }
}
