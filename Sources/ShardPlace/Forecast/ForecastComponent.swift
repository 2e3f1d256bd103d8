/// One member of a series' forecast: a fitted method and its weight in the combination.
///
/// A series' forecast is the weighted sum of its components' forecasts (weights sum to 1); a single
/// method is the case of one component of weight 1.
public struct ForecastComponent: Sendable, Hashable, Codable {
    /// The method.
    public var method: ForecastMethod
    /// Its fitted parameters (``SmoothingParameters/none`` for naive and seasonal naive).
    public var parameters: SmoothingParameters
    /// Its weight in the combination, in (0, 1].
    public var weight: Double

    public init(method: ForecastMethod, parameters: SmoothingParameters, weight: Double = 1) {
        self.method = method
        self.parameters = parameters
        self.weight = weight
    }
}
