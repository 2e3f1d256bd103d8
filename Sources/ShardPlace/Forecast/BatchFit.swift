/// Fits, selects and forecasts one batch of equal-length series (one per lane), already scaled to a
/// mean absolute value of about 1 and stored time-major in the workspace.
struct BatchFit {
    /// The result per lane, in scaled units.
    struct Result {
        /// `lanes × members`, lane-major: each lane's members, the chosen method first.
        var methods: [ForecastMethod]
        /// Laid out as `methods`.
        var parameters: [SmoothingParameters]
        /// Laid out as `methods`: the members' weights (0: unused slot).
        var weights: [Float]
        /// `lanes × horizon`, lane-major.
        var mean: [Float]
        /// `lanes × horizon`, lane-major: the quantile path.
        var upper: [Float]
    }

    /// The forecast origins used for model selection and for the error quantiles: after sample
    /// `first + j·stride`, j < `count`, every origin with a full horizon inside the series.
    struct Origins: Equatable {
        /// At most this many origins, the latest, for the model choice.
        static let limit = 256
        /// Of those, the latest this many give the error quantiles: enough for the tail of the error
        /// distribution, recent enough to follow a change of regime, and cheap to select from.
        static let quantileLimit = 128

        var first: Int
        var stride: Int
        var count: Int

        /// Origins from the end of warm-up (one season for seasonal series, else 5 samples) to the last one
        /// with `horizon` samples after it, every ⌈horizon / 4⌉ samples (closer when that gives fewer than
        /// 30), the latest ``limit`` at most.
        init(count n: Int, season m: Int, seasonal: Bool, horizon: Int) {
            let warm = seasonal ? m : min(5, n)
            let last = n - 1 - horizon
            // Every ⌈horizon/4⌉ samples, but closer where that would leave fewer than 30 origins.
            stride = max(1, min((horizon + 3) / 4, (last - warm) / 30))
            if last < warm {
                first = 0
                count = 0
            } else {
                count = min(Self.limit, (last - warm) / stride + 1)
                first = last - (count - 1) * stride
            }
        }
    }

    /// Which methods a series of `count` samples with season `season` supports.
    static func supported(_ method: ForecastMethod, count n: Int, season m: Int) -> Bool {
        switch method {
        case .naive: n >= 1
        case .ses: n >= 2
        case .holt: n >= 3
        case .seasonalNaive, .hwAdditive, .hwMultiplicative: m >= 2 && n >= 2 * m
        }
    }

    /// `method`, or the first of its fallbacks that the batch supports.
    static func resolved(_ method: ForecastMethod, count n: Int, season m: Int) -> ForecastMethod {
        var method = method
        while !supported(method, count: n, season: m), let next = method.fallback { method = next }
        return method
    }

    /// Methods from the simplest to the most complex, as ``run(_:)`` tries them for `.auto`.
    static let byComplexity: [ForecastMethod] = [.naive, .ses, .holt, .seasonalNaive, .hwAdditive, .hwMultiplicative]

    /// A method replaces a simpler choice only where its mean absolute holdout error is below this fraction
    /// of the simpler one's: small wins on the holdout are mostly noise and do not carry over to the future.
    static let margin: Float = 0.95

    /// The most methods one series' forecast combines: the chosen one and one partner.
    static let members = 2

    /// The methods that may join a choice as its partner in a combination: the fitted smoothing methods.
    /// Not naive and seasonal naive: seasonal naive repeats one past season with its anomalies (on NAB a
    /// partner that copied yesterday's spike cost more than every combination won), and the last value is
    /// already the limit of SES.
    static let partners: [ForecastMethod] = [.ses, .holt, .hwAdditive, .hwMultiplicative]

    /// In-sample errors understate out-of-sample ones (the parameters were fitted on the same samples):
    /// empirical quantile offsets are widened by 10 % (calibrated on ../shared/traces).
    static let widening: Float = 1.1

    let count: Int
    let season: Int
    let horizon: Int
    let quantile: Double
    let model: ForecastOptions.Model
    /// Lanes whose samples are all positive (multiplicative seasonality allowed).
    let positive: SIMDMask<Lanes.MaskStorage>

    /// Runs the batch.
    func run(_ w: inout BatchWorkspace) -> Result {
        let n = count
        let seasonalOK = Self.supported(.hwAdditive, count: n, season: season)
        let m = seasonalOK ? season : 1
        let origins = Origins(count: n, season: m, seasonal: seasonalOK, horizon: horizon)
        w.reserve(count: n, season: m, origins: origins.count, horizon: horizon)

        // The methods to run.
        var wanted = [Bool](repeating: false, count: BatchWorkspace.methodCount)
        switch model {
        case .auto:
            for method in ForecastMethod.allCases where Self.supported(method, count: n, season: m) {
                wanted[method.index] = true
            }
        case .fixed(let method):
            let chosen = Self.resolved(method, count: n, season: m)
            wanted[chosen.index] = true
            if chosen == .hwMultiplicative { wanted[ForecastMethod.hwAdditive.index] = true }
        }

        var parameters = [[SmoothingParameters]](repeating: [], count: BatchWorkspace.methodCount)
        var rmse = [Lanes](repeating: .zero, count: BatchWorkspace.methodCount)
        for method in ForecastMethod.allCases where wanted[method.index] {
            let (fitted, sse, errorCount) = fit(method, &w, season: m, origins: origins)
            parameters[method.index] = fitted
            rmse[method.index] = (sse / Lanes(repeating: Float(max(1, errorCount)))).squareRoot()
        }

        // Mean absolute h-step error per method and lane.
        var mae = [Lanes](repeating: Lanes(repeating: .infinity), count: BatchWorkspace.methodCount)
        if origins.count > 0 {
            for method in ForecastMethod.allCases where wanted[method.index] {
                mae[method.index] = meanAbsoluteError(w.paths(of: method), w, origins)
            }
        }

        // Each lane's members: slot 0 the chosen method, slot 1 its partner (weight 0: none).
        let slots = Self.members
        var members = [ForecastMethod](repeating: .naive, count: Lanes.scalarCount * slots)
        var memberWeights = [Float](repeating: 0, count: Lanes.scalarCount * slots)
        for lane in 0..<Lanes.scalarCount {
            memberWeights[lane * slots] = 1
            switch model {
            case .fixed(let method):
                var m0 = Self.resolved(method, count: n, season: m)
                if m0 == .hwMultiplicative && !positive[lane] { m0 = .hwAdditive }
                members[lane * slots] = m0
            case .auto:
                if origins.count == 0 {
                    members[lane * slots] = Self.resolved(.ses, count: n, season: m)
                    continue
                }
                // From the simplest method up, a more complex one must beat the choice so far by a margin.
                var best = Float.infinity
                var chosen = ForecastMethod.naive
                for method in Self.byComplexity where wanted[method.index] {
                    if method == .hwMultiplicative && !positive[lane] { continue }
                    let value = mae[method.index][lane]
                    if value < best * Self.margin {
                        best = value
                        chosen = method
                    }
                }
                members[lane * slots] = chosen
                // The candidate partner: the fitted smoothing method with the least holdout error besides the
                // choice; weights inversely proportional to the two errors.
                guard best > 0 && best.isFinite else { continue }
                var partner: ForecastMethod?
                var partnerError = Float.infinity
                for method in Self.partners where wanted[method.index] && method != chosen {
                    if method == .hwMultiplicative && !positive[lane] { continue }
                    let value = mae[method.index][lane]
                    if value > 0 && value < partnerError {
                        partner = method
                        partnerError = value
                    }
                }
                if let partner {
                    members[lane * slots + 1] = partner
                    memberWeights[lane * slots] = partnerError / (best + partnerError)
                    memberWeights[lane * slots + 1] = best / (best + partnerError)
                }
            }
        }

        // The combination is one more candidate: it replaces the choice only where its own holdout error
        // is below the margin, as a more complex method must.
        var weight = Self.methodWeights(members, memberWeights)
        if case .auto = model, origins.count > 0, memberWeights.contains(where: { $0 > 0 && $0 < 1 }) {
            let combined = meanAbsoluteError(weight, w, origins)
            for lane in 0..<Lanes.scalarCount where memberWeights[lane * slots + 1] > 0 {
                if !(combined[lane] < Self.margin * mae[members[lane * slots].index][lane]) {
                    memberWeights[lane * slots] = 1
                    memberWeights[lane * slots + 1] = 0
                }
            }
            weight = Self.methodWeights(members, memberWeights)
        }
        let used = ForecastMethod.allCases.filter { weight[$0.index] != .zero }

        // Mean and quantile paths: per step, the forecast of every lane (the weighted sum of its members'),
        // its errors at the latest origins, and their quantile per lane.
        let h = horizon
        var mean = [Float](repeating: 0, count: Lanes.scalarCount * h)
        var upper = [Float](repeating: 0, count: Lanes.scalarCount * h)
        var lanes = [SmoothingParameters](repeating: .none, count: Lanes.scalarCount * slots)
        for slot in 0..<(Lanes.scalarCount * slots) where memberWeights[slot] > 0 {
            let fitted = parameters[members[slot].index]
            if !fitted.isEmpty { lanes[slot] = fitted[slot / slots] }
        }
        // With fewer than 10 origins: a normal quantile of the one-step error times √k, the members' one-step
        // RMSE weighted (an upper bound of the combination's).
        let z = Float(Quantile.normal(quantile))
        var spread = Lanes.zero
        for method in used { spread += Self.weighted(weight[method.index], rmse[method.index]) }
        let recent = min(origins.count, Origins.quantileLimit)
        let combined = w.combined
        for k in 0..<h {
            var mu = Lanes.zero
            for method in used { mu += Self.weighted(weight[method.index], w.final(of: method)[k]) }
            if recent >= 10 {
                for i in 0..<recent {
                    let j = origins.count - recent + i
                    let o = origins.first + j * origins.stride
                    var forecast = Lanes.zero
                    for method in used {
                        forecast += Self.weighted(weight[method.index], w.paths(of: method)[j * h + k])
                    }
                    combined[i] = w.samples[o + 1 + k] - forecast
                }
            }
            for lane in 0..<Lanes.scalarCount {
                var offset: Float
                if recent >= 10 {
                    for i in 0..<recent { w.errors[i] = combined[i][lane] }
                    offset = Self.widening * Quantile.interpolated(w.errors, count: recent, quantile)
                } else {
                    offset = z * spread[lane] * Float(k + 1).squareRoot()
                }
                mean[lane * h + k] = mu[lane]
                upper[lane * h + k] = mu[lane] + (offset.isFinite ? offset : 0)
            }
        }
        return Result(methods: members, parameters: lanes, weights: memberWeights, mean: mean, upper: upper)
    }

    /// Per method, its weight in each lane (zero where it is no member).
    static func methodWeights(_ members: [ForecastMethod], _ weights: [Float]) -> [Lanes] {
        var result = [Lanes](repeating: .zero, count: BatchWorkspace.methodCount)
        for slot in weights.indices where weights[slot] > 0 {
            result[members[slot].index][slot / Self.members] = weights[slot]
        }
        return result
    }

    /// `weight · value`, zero where the weight is zero (a method's paths may be infinite in lanes where it
    /// is no member).
    @inline(__always)
    static func weighted(_ weight: Lanes, _ value: Lanes) -> Lanes {
        (weight * value).replacing(with: 0, where: weight .== .zero)
    }

    /// Mean |actual − forecast| over every origin and step of the forecasts weighted per method (see
    /// ``methodWeights(_:_:)``).
    private func meanAbsoluteError(_ weight: [Lanes], _ w: BatchWorkspace, _ origins: Origins) -> Lanes {
        let h = horizon
        let used = ForecastMethod.allCases.filter { weight[$0.index] != .zero }
        var sum = Lanes.zero
        for j in 0..<origins.count {
            let o = origins.first + j * origins.stride
            for k in 0..<h {
                var forecast = Lanes.zero
                for method in used { forecast += Self.weighted(weight[method.index], w.paths(of: method)[j * h + k]) }
                let e = w.samples[o + 1 + k] - forecast
                sum += e.replacing(with: -e, where: e .< 0)
            }
        }
        let mae = sum / Lanes(repeating: Float(origins.count * h))
        return mae.replacing(with: .infinity, where: .!(mae .<= Lanes(repeating: .greatestFiniteMagnitude)))
    }

    /// Mean |actual − forecast| over every origin and step.
    private func meanAbsoluteError(
        _ paths: UnsafeMutablePointer<Lanes>, _ w: BatchWorkspace, _ origins: Origins
    )
        -> Lanes
    {
        let h = horizon
        var sum = Lanes.zero
        for j in 0..<origins.count {
            let o = origins.first + j * origins.stride
            for k in 0..<h {
                let e = w.samples[o + 1 + k] - paths[j * h + k]
                sum += e.replacing(with: -e, where: e .< 0)
            }
        }
        let mae = sum / Lanes(repeating: Float(origins.count * h))
        return mae.replacing(with: .infinity, where: .!(mae .<= Lanes(repeating: .greatestFiniteMagnitude)))
    }

    /// Fits `method` (for the smoothing methods: coordinate-wise golden-section search of the one-step
    /// squared error), records its paths at the origins and from the end.
    ///
    /// - Returns: the parameters per lane, the one-step sum of squares and how many errors it sums.
    private func fit(
        _ method: ForecastMethod, _ w: inout BatchWorkspace, season m: Int, origins: Origins
    )
        -> (parameters: [SmoothingParameters], sse: Lanes, errors: Int)
    {
        let y = UnsafePointer(w.samples)
        let n = count
        let h = horizon
        let paths = w.paths(of: method)
        let final = w.final(of: method)
        switch method {
        case .naive, .seasonalNaive:
            let lag = method == .naive ? 1 : m
            var sse = Lanes.zero
            for t in lag..<n {
                let d = y[t] - y[t - lag]
                sse += d * d
            }
            for j in 0..<origins.count {
                let o = origins.first + j * origins.stride
                for k in 0..<h { paths[j * h + k] = y[Self.naiveIndex(origin: o, step: k + 1, lag: lag)] }
            }
            for k in 0..<h { final[k] = y[Self.naiveIndex(origin: n - 1, step: k + 1, lag: lag)] }
            let sseFinite = sse.replacing(
                with: .infinity, where: .!(sse .<= Lanes(repeating: .greatestFiniteMagnitude)))
            return ([SmoothingParameters](repeating: .none, count: Lanes.scalarCount), sseFinite, max(1, n - lag))
        case .ses:
            return search(LevelRecurrence.self, method, &w, season: 1, free: [0], origins: origins)
        case .holt:
            return search(LevelRecurrence.self, method, &w, season: 1, free: [0, 1, 3], origins: origins)
        case .hwAdditive:
            return search(AdditiveRecurrence.self, method, &w, season: m, free: [0, 1, 2], origins: origins)
        case .hwMultiplicative:
            return search(MultiplicativeRecurrence.self, method, &w, season: m, free: [0, 1, 2], origins: origins)
        }
    }

    /// The sample a (seasonal) naive forecast repeats: `origin + step − lag·⌈step / lag⌉`.
    @inline(__always)
    static func naiveIndex(origin: Int, step: Int, lag: Int) -> Int {
        origin + step - lag * ((step - 1) / lag + 1)
    }

    /// The search space: u ∈ [0, 1]⁴ per lane, mapped to (α, β, γ, φ) by ``parameters(_:_:)``.
    struct Point {
        var u: (Lanes, Lanes, Lanes, Lanes)

        subscript(_ i: Int) -> Lanes {
            get {
                switch i {
                case 0: u.0
                case 1: u.1
                case 2: u.2
                default: u.3
                }
            }
            set {
                switch i {
                case 0: u.0 = newValue
                case 1: u.1 = newValue
                case 2: u.2 = newValue
                default: u.3 = newValue
                }
            }
        }
    }

    /// Maps a search point to recursion parameters: α = 0.001 + 0.999·u₀, β = α·u₁, γ = (1 − α)·u₂,
    /// φ = 0.8 + 0.18·u₃ for Holt, 0.98 for Holt-Winters, 1 for SES (whose β is 0).
    static func parameters(_ p: Point, _ method: ForecastMethod) -> LaneParameters {
        let alpha = Lanes(repeating: 0.001) + Lanes(repeating: 0.999) * p[0]
        let one = Lanes(repeating: 1)
        switch method {
        case .ses:
            return LaneParameters(alpha: alpha, beta: .zero, gamma: .zero, phi: one)
        case .holt:
            return LaneParameters(
                alpha: alpha, beta: alpha * p[1], gamma: .zero,
                phi: Lanes(repeating: 0.8) + Lanes(repeating: 0.18) * p[3])
        default:
            return LaneParameters(
                alpha: alpha, beta: alpha * p[1], gamma: (one - alpha) * p[2], phi: Lanes(repeating: 0.98))
        }
    }

    /// The starting point of the search.
    static let start = Point(
        u: (Lanes(repeating: 0.5), Lanes(repeating: 0.1), Lanes(repeating: 0.1), Lanes(repeating: 0.8)))

    /// Coordinate descent: for each free coordinate in turn, a golden-section search per lane (8
    /// evaluations over [0, 1]), then a second sweep of 5 evaluations within ±0.15 of the best point. The
    /// best point ever evaluated is kept, so the result is never worse than the start.
    private func search<R: SmoothingRecurrence>(
        _ r: R.Type, _ method: ForecastMethod, _ w: inout BatchWorkspace, season m: Int, free: [Int],
        origins: Origins
    ) -> (parameters: [SmoothingParameters], sse: Lanes, errors: Int) {
        let y = UnsafePointer(w.samples)
        let seasonal = w.seasonal
        let n = count
        func evaluate(_ p: Point) -> Lanes {
            SmoothingKernel.pass(
                R.self, y: y, count: n, season: m, parameters: Self.parameters(p, method), seasonal: seasonal,
                record: nil)
        }
        var best = Self.start
        var bestValue = evaluate(best)
        let g = Lanes(repeating: 0.381_966_01)
        let zero = Lanes.zero
        let one = Lanes(repeating: 1)
        for sweep in 0..<(free.count > 1 ? 2 : 1) {
            for i in free {
                var a = zero
                var b = one
                var iterations = 8
                if sweep == 1 {
                    a = best[i] - Lanes(repeating: 0.15)
                    a.replace(with: zero, where: a .< zero)
                    b = best[i] + Lanes(repeating: 0.15)
                    b.replace(with: one, where: b .> one)
                    iterations = 5
                }
                func probe(_ x: Lanes) -> Lanes {
                    var p = best
                    p[i] = x
                    let f = evaluate(p)
                    let better = f .< bestValue
                    bestValue.replace(with: f, where: better)
                    var updated = best[i]
                    updated.replace(with: x, where: better)
                    best[i] = updated
                    return f
                }
                var x1 = a + g * (b - a)
                var x2 = b - g * (b - a)
                var f1 = probe(x1)
                var f2 = probe(x2)
                for _ in 0..<(iterations - 2) {
                    // Where f1 < f2 the minimum is in [a, x2], else in [x1, b].
                    let left = f1 .< f2
                    b.replace(with: x2, where: left)
                    a.replace(with: x1, where: .!left)
                    let newLeft = a + g * (b - a)
                    let newRight = b - g * (b - a)
                    let shiftedRight = x1
                    let shiftedLeft = x2
                    let shiftedF1 = f1
                    let shiftedF2 = f2
                    var x = newRight
                    x.replace(with: newLeft, where: left)
                    let f = probe(x)
                    // left: (x1, x2) ← (new, old x1); right: (x1, x2) ← (old x2, new).
                    x1 = newLeft
                    x1.replace(with: shiftedLeft, where: .!left)
                    x2 = shiftedRight
                    x2.replace(with: newRight, where: .!left)
                    f1 = f
                    f1.replace(with: shiftedF2, where: .!left)
                    f2 = shiftedF1
                    f2.replace(with: f, where: .!left)
                }
            }
        }
        let lanes = Self.parameters(best, method)
        let record = PathRecording(
            first: origins.first, stride: origins.stride, count: origins.count, horizon: horizon,
            paths: w.paths(of: method), final: w.final(of: method))
        let sse = SmoothingKernel.pass(
            R.self, y: y, count: n, season: m, parameters: lanes, seasonal: seasonal, record: record)
        var result = [SmoothingParameters]()
        result.reserveCapacity(Lanes.scalarCount)
        for lane in 0..<Lanes.scalarCount {
            result.append(
                SmoothingParameters(
                    alpha: Double(lanes.alpha[lane]), beta: Double(lanes.beta[lane]), gamma: Double(lanes.gamma[lane]),
                    phi: Double(lanes.phi[lane])))
        }
        return (result, sse, n - (R.seasonal ? m : 1))
    }
}
