/// One series' fitted model as an online state: it absorbs each new sample in O(1) and re-forecasts
/// without refitting (the predictive loop's per-step update).
///
/// The model is one method or a weighted combination of several (see ``ForecastComponent``): every
/// member absorbs each sample, and the forecast is the weighted sum of the members' forecasts — so the
/// online update of a combination is the combination of its members' updates. The recursions and the
/// initial state are those of the batch fitter (see ``SmoothingParameters`` and ``Forecaster``), in
/// `Double`; a model built from a history reproduces the batch forecast up to the batch's `Float` rounding.
public struct ForecastModel: Sendable, Hashable {
    /// Per step k (1-based at index k − 1): quantile − mean, from the fit. Beyond the last step the last
    /// offset grows with √k.
    public var quantileOffsets: [Double]
    /// Sum of squared one-step errors of the (combined) forecast since the initial state.
    public private(set) var sumOfSquares: Double

    private var members: [SmoothingState]
    private let weights: [Double]

    /// The method (for a combination, its first component).
    public var method: ForecastMethod { members[0].method }
    /// Its parameters.
    public var parameters: SmoothingParameters { members[0].parameters }
    /// Samples per season of the first component (1 for the non-seasonal methods).
    public var season: Int { members[0].season }
    /// Samples absorbed, history included.
    public var observations: Int { members[0].observations }
    /// The components and their weights.
    public var components: [ForecastComponent] {
        zip(members, weights).map { ForecastComponent(method: $0.method, parameters: $0.parameters, weight: $1) }
    }

    /// Builds the state of one method from a history (oldest first, at least one sample; for seasonal
    /// methods at least one season, though the batch fitter uses them only from two).
    ///
    /// - Complexity: O(history.count).
    public init(
        method: ForecastMethod, parameters: SmoothingParameters, season: Int, history: [Double],
        quantileOffsets: [Double] = []
    ) {
        self.init(
            components: [ForecastComponent(method: method, parameters: parameters)], season: season,
            history: history, quantileOffsets: quantileOffsets)
    }

    /// Builds the state of a combination from a history: every component's state, and the weighted sum of
    /// their forecasts as the forecast (weights are normalised to sum to 1).
    ///
    /// - Parameters:
    ///   - components: at least one; e.g. ``ForecastTable/components(_:)``.
    ///   - season: samples per season.
    ///   - history: oldest first, at least one sample; a season for a seasonal component.
    ///   - quantileOffsets: per step, quantile − mean.
    /// - Complexity: O(history.count × components.count).
    public init(components: [ForecastComponent], season: Int, history: [Double], quantileOffsets: [Double] = []) {
        precondition(!components.isEmpty, "a model needs at least one component")
        let total = components.reduce(0) { $0 + $1.weight }
        precondition(total > 0 && components.allSatisfy { $0.weight >= 0 }, "weights must be ≥ 0, not all 0")
        weights = components.map { $0.weight / total }
        self.quantileOffsets = quantileOffsets
        // Every component absorbs the history up to the latest initial state (one sample, or a season);
        // then all absorb the rest in lockstep, the combination's one-step errors summed.
        let start = components.map { SmoothingState.initialSamples($0.method, season: season) }.max()!
        precondition(start <= history.count, "a seasonal model needs a season of samples")
        var states = components.map {
            SmoothingState(
                method: $0.method, parameters: $0.parameters, season: season, history: history, absorbed: start)
        }
        var combined = 0.0
        for y in history[start...] {
            var forecast = 0.0
            for i in states.indices { forecast += weights[i] * states[i].update(y) }
            combined += (y - forecast) * (y - forecast)
        }
        members = states
        sumOfSquares = states.count == 1 ? states[0].sumOfSquares : combined
    }

    /// Absorbs the next sample (every component absorbs it).
    ///
    /// - Complexity: O(components).
    public mutating func update(_ y: Double) {
        if members.count == 1 {
            let forecast = members[0].update(y)
            sumOfSquares += (y - forecast) * (y - forecast)
            return
        }
        var forecast = 0.0
        for i in members.indices { forecast += weights[i] * members[i].update(y) }
        sumOfSquares += (y - forecast) * (y - forecast)
    }

    /// The mean forecast of the next `horizon` samples.
    ///
    /// - Complexity: O(horizon × components).
    public func forecast(horizon: Int) -> [Double] {
        var out = [Double](repeating: 0, count: horizon)
        forecast(into: &out, at: 0, horizon: horizon)
        return out
    }

    /// Writes the mean forecast of the next `horizon` samples to `out[offset ..< offset + horizon]`
    /// without allocating (the replay's per-step path).
    ///
    /// - Complexity: O(horizon × components).
    public func forecast(into out: inout [Double], at offset: Int, horizon: Int) {
        precondition(offset >= 0 && offset + horizon <= out.count, "the output range is out of bounds")
        for i in members.indices {
            members[i].forecast(into: &out, at: offset, horizon: horizon, weight: weights[i], accumulate: i > 0)
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
    public func peak(horizon: Int) -> Double { quantilePath(horizon: horizon).max() ?? members[0].currentLevel }
}
