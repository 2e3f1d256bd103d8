/// Sixteen series side by side, one per SIMD lane. Sixteen rather than eight: the recursions are
/// latency-bound chains (level → error → level), and the vector units run the independent halves (two
/// AVX or four SSE registers) in parallel, nearly doubling the throughput of a pass.
typealias Lanes = SIMD16<Float>

/// The smoothing parameters of a batch of series, one per lane.
struct LaneParameters {
    var alpha: Lanes
    var beta: Lanes
    var gamma: Lanes
    var phi: Lanes
}

/// Where a pass records its h-step forecast paths: after absorbing sample `first + j·stride`
/// (j < `count`) it writes the forecasts of the next `horizon` samples at `paths[j·horizon …]`, and after
/// the last sample the forecasts from the end at `final[0 ..< horizon]`.
struct PathRecording {
    var first: Int
    var stride: Int
    var count: Int
    var horizon: Int
    var paths: UnsafeMutablePointer<Lanes>
    var final: UnsafeMutablePointer<Lanes>
}

/// One exponential-smoothing recursion (see ``SmoothingParameters`` for the equations).
protocol SmoothingRecurrence {
    /// Whether the recursion has a season (then the first season initialises it).
    static var seasonal: Bool { get }
    /// Absorbs `y` with season value `s` (updated in place); returns the one-step error.
    static func step(
        _ y: Lanes, level: inout Lanes, trend: inout Lanes, season s: inout Lanes, _ p: LaneParameters
    )
        -> Lanes
    /// The forecast from a trend-extrapolated level and a season value.
    static func predict(_ base: Lanes, season s: Lanes) -> Lanes
    /// The initial season value of a first-season sample `y` around level `level`.
    static func initialSeason(_ y: Lanes, level: Lanes) -> Lanes
}

/// Level and damped trend, no season (SES is the case β = 0).
enum LevelRecurrence: SmoothingRecurrence {
    static var seasonal: Bool { false }

    @inline(__always)
    static func step(
        _ y: Lanes, level: inout Lanes, trend: inout Lanes, season s: inout Lanes, _ p: LaneParameters
    )
        -> Lanes
    {
        let damped = p.phi * trend
        let forecast = level + damped
        let e = y - forecast
        level = forecast + p.alpha * e
        trend = damped + p.beta * e
        return e
    }

    @inline(__always) static func predict(_ base: Lanes, season s: Lanes) -> Lanes { base }
    @inline(__always) static func initialSeason(_ y: Lanes, level: Lanes) -> Lanes { .zero }
}

/// Additive Holt-Winters with a damped trend.
enum AdditiveRecurrence: SmoothingRecurrence {
    static var seasonal: Bool { true }

    @inline(__always)
    static func step(
        _ y: Lanes, level: inout Lanes, trend: inout Lanes, season s: inout Lanes, _ p: LaneParameters
    )
        -> Lanes
    {
        let damped = p.phi * trend
        let base = level + damped
        let e = y - (base + s)
        level = base + p.alpha * e
        trend = damped + p.beta * e
        s += p.gamma * e
        return e
    }

    @inline(__always) static func predict(_ base: Lanes, season s: Lanes) -> Lanes { base + s }
    @inline(__always) static func initialSeason(_ y: Lanes, level: Lanes) -> Lanes { y - level }
}

/// Multiplicative Holt-Winters with a damped trend (additive errors). Divisors are kept at or above
/// ``floor`` (5 % of the series' mean absolute value, to which batches are scaled) so that a series
/// drifting to zero cannot blow up.
enum MultiplicativeRecurrence: SmoothingRecurrence {
    static var seasonal: Bool { true }
    static var floor: Lanes { Lanes(repeating: 0.05) }

    @inline(__always)
    static func step(
        _ y: Lanes, level: inout Lanes, trend: inout Lanes, season s: inout Lanes, _ p: LaneParameters
    )
        -> Lanes
    {
        // The season's reciprocal does not depend on the level chain, so the division runs beside it and
        // the chain itself has a multiplication only.
        let inverse = 1 / s.replacing(with: floor, where: s .< floor)
        let damped = p.phi * trend
        let base = level + damped
        let e = y - base * s
        let bDivisor = base.replacing(with: floor, where: base .< floor)
        let scaled = e * inverse
        level = base + p.alpha * scaled
        trend = damped + p.beta * scaled
        s += p.gamma * e / bDivisor
        return e
    }

    @inline(__always) static func predict(_ base: Lanes, season s: Lanes) -> Lanes { base * s }

    @inline(__always)
    static func initialSeason(_ y: Lanes, level: Lanes) -> Lanes {
        y / level.replacing(with: floor, where: level .< floor)
    }
}

/// The hot loops: one pass of a recursion over a batch of series at once.
enum SmoothingKernel {
    /// Runs `R` over `y[0 ..< n]` (time-major, one lane per series) with per-lane parameters.
    ///
    /// Initial state: without a season ℓ = y₀, b = 0 and errors count from t = 1; with a season of `m`
    /// samples ℓ = mean(y₀ … yₘ₋₁), b = 0, sⱼ from the first season, and errors count from t = m.
    ///
    /// - Parameters:
    ///   - season: `m` samples per season, ≥ 1 (ignored without a season); `seasonal` must have room for it.
    ///   - record: where to write forecast paths, or `nil` for the sum of squares alone.
    /// - Returns: the sum of squared one-step errors per lane (+∞ where it is not finite).
    /// - Complexity: O(n) vector steps, plus O(horizon) per recorded origin; no allocation.
    @inline(__always)
    static func pass<R: SmoothingRecurrence>(
        _: R.Type, y: UnsafePointer<Lanes>, count n: Int, season m: Int, parameters p: LaneParameters,
        seasonal: UnsafeMutablePointer<Lanes>, record: PathRecording?
    ) -> Lanes {
        var level: Lanes
        var trend = Lanes.zero
        var start: Int
        if R.seasonal {
            var sum = Lanes.zero
            for t in 0..<m { sum += y[t] }
            level = sum / Lanes(repeating: Float(m))
            for t in 0..<m { seasonal[t] = R.initialSeason(y[t], level: level) }
            start = m
        } else {
            level = y[0]
            seasonal[0] = .zero
            start = 1
        }
        var sse = Lanes.zero
        var phase = 0
        if let record {
            var next = record.first
            var j = 0
            var t = start
            while j < record.count {
                // Run up to and including the next origin, then write its path.
                while t <= next {
                    var s = seasonal[phase]
                    let e = R.step(y[t], level: &level, trend: &trend, season: &s, p)
                    if R.seasonal {
                        seasonal[phase] = s
                        phase += 1
                        if phase == m { phase = 0 }
                    }
                    sse += e * e
                    t += 1
                }
                writePath(
                    R.self, level: level, trend: trend, phi: p.phi, seasonal: seasonal, phase: phase, season: m,
                    horizon: record.horizon, to: record.paths + j * record.horizon)
                j += 1
                next += record.stride
            }
            while t < n {
                var s = seasonal[phase]
                let e = R.step(y[t], level: &level, trend: &trend, season: &s, p)
                if R.seasonal {
                    seasonal[phase] = s
                    phase += 1
                    if phase == m { phase = 0 }
                }
                sse += e * e
                t += 1
            }
            writePath(
                R.self, level: level, trend: trend, phi: p.phi, seasonal: seasonal, phase: phase, season: m,
                horizon: record.horizon, to: record.final)
        } else if R.seasonal {
            var t = start
            while t < n {
                var s = seasonal[phase]
                let e = R.step(y[t], level: &level, trend: &trend, season: &s, p)
                seasonal[phase] = s
                phase += 1
                if phase == m { phase = 0 }
                sse += e * e
                t += 1
            }
        } else {
            var s = Lanes.zero
            for t in start..<n {
                let e = R.step(y[t], level: &level, trend: &trend, season: &s, p)
                sse += e * e
            }
        }
        return sse.replacing(with: .infinity, where: .!(sse .<= Lanes(repeating: .greatestFiniteMagnitude)))
    }

    /// Forecasts `horizon` steps from a state whose next sample has season index `phase`.
    @inline(__always)
    static func writePath<R: SmoothingRecurrence>(
        _: R.Type, level: Lanes, trend: Lanes, phi: Lanes, seasonal: UnsafeMutablePointer<Lanes>, phase: Int,
        season m: Int, horizon: Int, to out: UnsafeMutablePointer<Lanes>
    ) {
        var power = Lanes(repeating: 1)
        var damping = Lanes.zero
        var index = phase
        for k in 0..<horizon {
            power *= phi
            damping += power
            let base = level + damping * trend
            out[k] = R.seasonal ? R.predict(base, season: seasonal[index]) : base
            if R.seasonal {
                index += 1
                if index == m { index = 0 }
            }
        }
    }
}
