/// A forecasting model for one series.
///
/// Every method forecasts a mean path; its prediction intervals come from the empirical quantiles of its
/// own in-sample h-step errors (see ``Forecaster``).
public enum ForecastMethod: String, Sendable, Hashable, CaseIterable, Codable {
    /// The last value, repeated.
    case naive
    /// The value one season earlier.
    case seasonalNaive = "seasonal-naive"
    /// Simple exponential smoothing (level only; smoothing weight α).
    case ses
    /// Holt's linear method with a damped trend (α, β, damping φ).
    case holt
    /// Holt-Winters with additive seasonality and a damped trend (α, β, γ; φ fixed at 0.98).
    case hwAdditive = "hw-additive"
    /// Holt-Winters with multiplicative seasonality and a damped trend (α, β, γ; φ fixed at 0.98); only for
    /// series whose values are all at least 5 % of their mean.
    case hwMultiplicative = "hw-multiplicative"

    /// Whether the method has a seasonal component (and so needs two full seasons of history).
    public var isSeasonal: Bool { self == .seasonalNaive || self == .hwAdditive || self == .hwMultiplicative }

    /// The method used instead when a series cannot support this one: seasonal methods on a series shorter
    /// than two seasons (or with no season), multiplicative seasonality on a series with a value ≤ 0,
    /// smoothing on a series of fewer than three samples.
    ///
    /// The chain ends at ``naive``, which every non-empty series supports.
    public var fallback: ForecastMethod? {
        switch self {
        case .naive: nil
        case .seasonalNaive: .naive
        case .ses: .naive
        case .holt: .ses
        case .hwAdditive: .holt
        case .hwMultiplicative: .hwAdditive
        }
    }

    /// Position in ``allCases``, used as a dense index.
    var index: Int {
        switch self {
        case .naive: 0
        case .seasonalNaive: 1
        case .ses: 2
        case .holt: 3
        case .hwAdditive: 4
        case .hwMultiplicative: 5
        }
    }
}
