/// What to forecast and how: the horizon, the season, the quantile and the model.
public struct ForecastOptions: Sendable, Hashable {
    /// Which model a series gets.
    public enum Model: Sendable, Hashable {
        /// Per series, the simplest method whose in-sample rolling-origin errors over steps 1…horizon have
        /// a mean absolute value within 5 % of the best, or its combination with a second smoothing method
        /// where that is at least 5 % better still (see ``Forecaster``).
        case auto
        /// This method for every series (or its ``ForecastMethod/fallback`` where the series cannot support
        /// it).
        case fixed(ForecastMethod)
    }

    /// Steps to forecast (≥ 1).
    public var horizon: Int
    /// Samples per season (1: no season; seasonal methods then fall back).
    public var season: Int
    /// The quantile of future demand to report, in (0, 1).
    public var quantile: Double
    /// The model choice.
    public var model: Model
    /// Threads for batches of series (default: the active processor count).
    public var threads: Int?

    /// - Parameters:
    ///   - horizon: steps to forecast (≥ 1).
    ///   - season: samples per season; 1 for none.
    ///   - quantile: the quantile to report, in (0, 1).
    ///   - model: `.auto` or one fixed method.
    ///   - threads: worker threads; `nil` for every active processor.
    public init(horizon: Int, season: Int = 1, quantile: Double = 0.95, model: Model = .auto, threads: Int? = nil) {
        precondition(horizon >= 1, "horizon must be at least 1")
        precondition(season >= 1, "season must be at least 1")
        precondition(quantile > 0 && quantile < 1, "quantile must be in (0, 1)")
        self.horizon = horizon
        self.season = season
        self.quantile = quantile
        self.model = model
        self.threads = threads
    }
}
