/// A deterministic discrete-time replay of shard demand on a cluster of identical hosts with a migration
/// controller (the protocol of `../shared/traces/SIMULATION.md`).
///
/// Per step `t` from the end of the warm-up:
/// 1. Migrations whose double occupancy has ended are retired.
/// 2. Metrics: host demand is the sum of its shards' demand at `t`; a migrating shard also counts on its
///    source, which pays ``SimulationConfiguration/migrationOverhead`` of its CPU. A host is overloaded
///    when some resource exceeds its capacity.
/// 3. The controller (not for ``SimulationPolicy/static``): every shard-resource forecaster absorbs the
///    sample at `t` (O(1) each, through a guard that stops the program on any read after `t`), then every
///    host gets a *trigger path* over the look-ahead steps, from the shards assigned to it (a migrating
///    shard counts at its destination): reactive — the demand at `t` (one step); oracle — the true
///    demand at `t+1 … t+h`; predictive — the forecast q-quantile at `t+1 … t+h`. A host is hot when the
///    path's maximum exceeds θ·C on some resource.
/// 4. Hot hosts, hottest first, each start at most one outgoing move (a host also takes at most one
///    incoming move; a move in flight keeps its hosts busy). Selection: among the host's shards not moved
///    in the last ``SimulationConfiguration/cooldownSeconds``, the ones whose removal brings the trigger
///    under θ·C, fewest bytes first; then the others, lowest remaining trigger first (ties: lower index).
///    Destination: the other host with the lowest trigger (relative to C, worst resource) after adding the
///    shard, among those that stay within θ·C on every resource; a hot host with candidates but no
///    destination for any of them counts one `blocked` event.
/// 5. A move decided at `t` keeps the shard on both hosts during steps `t+1 … t+k`,
///    `k = max(1, ⌈bytes · 8 / bandwidth / step⌉)`.
///
/// The predictive quantile of a host's demand (a sum): per shard, the forecaster's mean path plus its
/// k-step quantile offset `o_ik` — with ``SimulationConfiguration/QuantileOffsets/online`` (the default)
/// the empirical quantile of the forecaster's own realised k-step errors so far in the replay (the latest
/// 128; until a step has 10, the longest step that has, grown with √k; until then the fit's), with
/// ``SimulationConfiguration/QuantileOffsets/fit`` the empirical quantile of its in-sample k-step errors
/// from the warm-up fit; for the host, `Σ_i mean_ik + sign(q − ½) · √(Σ_i o_ik²)` — the offsets add like the
/// standard deviations of independent errors, exact for normal errors and conservative against the
/// plain sum of quantiles (which assumes perfectly correlated errors). Parameters are fitted once, at
/// the end of the warm-up (``Forecaster``, model `auto`); afterwards each model is updated online.
public struct Simulator: Sendable {
    /// The demand.
    public var trace: SimulationTrace
    /// The cluster and controller.
    public var configuration: SimulationConfiguration

    /// - Precondition: hosts ≥ 1, 2 ≤ warmup < the replay's end, horizon ≥ 1, quantile in (0, 1).
    public init(trace: SimulationTrace, configuration: SimulationConfiguration) {
        let end = configuration.end ?? trace.steps
        precondition(configuration.hosts >= 1, "at least one host")
        precondition(configuration.warmup >= 2 && configuration.warmup < end && end <= trace.steps, "bad warm-up")
        precondition(configuration.horizon >= 1 && configuration.quantile > 0 && configuration.quantile < 1)
        precondition(configuration.targetLoad > 0 && configuration.threshold > 0)
        self.trace = trace
        self.configuration = configuration
    }

    /// Runs the replay.
    ///
    /// - Parameter progress: called now and then with (steps done, steps in all).
    public func run(progress: ((Int, Int) -> Void)? = nil) -> SimulationResult {
        let config = configuration
        let n = trace.shards
        let resources = trace.resources
        let hosts = config.hosts
        let warmup = config.warmup
        let end = config.end ?? trace.steps
        let stepSeconds = Double(trace.stepSeconds)
        let minutes = stepSeconds / 60
        let capacity = capacity()
        let limit = capacity.map { config.threshold * $0 }
        var host = initialPlacement(capacity: capacity)
        let cooldown = Int((Double(config.cooldownSeconds) / stepSeconds).rounded(.up))

        // Look-ahead length of the trigger path.
        let length: Int
        switch config.policy {
        case .static: length = 0
        case .reactive: length = 1
        case .predictive, .oracle: length = config.horizon
        }
        let sign = config.quantile >= 0.5 ? 1.0 : -1.0

        // Forecasters, fitted on the warm-up.
        var past = PastDemand(trace: trace, now: warmup - 1)
        var models: [ForecastModel] = []
        var spread = [Double](repeating: 0, count: n * resources * max(1, length))
        // Per series and step ahead: the fit's quantile offset, and its online re-estimate.
        var fitted = [Double](repeating: 0, count: config.policy == .predictive ? spread.count : 0)
        var offsets = fitted
        let online = config.policy == .predictive && config.quantileOffsets == .online
        var realized = RealizedErrorQuantiles(series: online ? n * resources : 0, horizon: max(1, length))
        if config.policy == .predictive {
            let histories = (0..<(n * resources)).map { j in past.series(j / resources, j % resources, 0..<warmup) }
            let table = Forecaster(
                options: ForecastOptions(
                    horizon: length, season: config.season, quantile: config.quantile, model: .auto)
            ).forecast(histories)
            models.reserveCapacity(histories.count)
            for (j, history) in histories.enumerated() {
                models.append(
                    ForecastModel(components: table.components(j), season: config.season, history: history))
                for k in 0..<length {
                    let o = table.upper[j * length + k] - table.mean[j * length + k]
                    fitted[j * length + k] = o
                    spread[j * length + k] = o * o
                }
                if online {
                    // The forecast from the end of the warm-up: its errors arrive from the first replay step.
                    models[j].forecast(into: &offsets, at: j * length, horizon: length)
                    for k in 0..<length { offsets[j * length + k] = max(0, offsets[j * length + k]) }
                    realized.record(j, step: warmup - 1, path: offsets, at: j * length)
                }
            }
        }

        // State.
        var inFlightEnd = [Int](repeating: -1, count: n)
        var inFlightFrom = [Int](repeating: 0, count: n)
        var moving: [Int] = []
        var outBusy = [Int](repeating: -1, count: hosts)
        var inBusy = [Int](repeating: -1, count: hosts)
        var lastMove = [Int](repeating: Int.min / 2, count: n)
        var path = [Double](repeating: 0, count: n * resources * max(1, length))
        var hostMean = [Double](repeating: 0, count: hosts * resources * max(1, length))
        var hostSpread = hostMean
        var actual = [Double](repeating: 0, count: hosts * resources)
        var candidates: [(shard: Int, under: Bool, remaining: Double, bytes: Double)] = []
        candidates.reserveCapacity(n)
        var hot: [(host: Int, ratio: Double)] = []
        hot.reserveCapacity(hosts)

        // Metrics.
        var overloadMinutes = 0.0
        var byResource = [Double](repeating: 0, count: resources)
        var severity = 0.0
        var moves: [SimulationMove] = []
        var bytesMoved = 0.0
        var blocked = 0
        var peak = 0.0
        var utilisation: [Double] = []
        utilisation.reserveCapacity((end - warmup) * hosts)
        var controllerSeconds = 0.0
        let clock = ContinuousClock()

        func bytes(_ i: Int, _ t: Int) -> Double {
            if let fixed = trace.shardBytes { return fixed[i] }
            if let m = config.memoryResource { return max(0, past(i, m, t)) * 1_048_576 }
            return config.defaultShardBytes
        }

        /// The worst resource's trigger over the path, relative to `scale`, of host `h` with shard `i` added
        /// (`delta` = 1), removed (−1) or as is (0).
        func trigger(_ h: Int, _ i: Int, _ delta: Double, _ steps: Int, _ scale: [Double]) -> Double {
            var worst = -Double.infinity
            for r in 0..<resources {
                let hb = (h * resources + r) * length
                let sb = (i * resources + r) * length
                var top = -Double.infinity
                for k in 0..<steps {
                    let mean = hostMean[hb + k] + delta * path[sb + k]
                    let variance = max(0, hostSpread[hb + k] + delta * spread[sb + k])
                    top = max(top, mean + sign * variance.squareRoot())
                }
                worst = max(worst, top / scale[r])
            }
            return worst
        }

        let reportEvery = max(1, (end - warmup) / 100)
        for t in warmup..<end {
            if let progress, (t - warmup) % reportEvery == 0 { progress(t - warmup, end - warmup) }
            // 1. Retire finished migrations.
            moving.removeAll { inFlightEnd[$0] < t }

            // 2. Metrics.
            for k in actual.indices { actual[k] = 0 }
            for i in 0..<n {
                let h = host[i]
                for r in 0..<resources { actual[h * resources + r] += trace.demand(i, r, t) }
            }
            for i in moving {
                let from = inFlightFrom[i]
                for r in 0..<resources { actual[from * resources + r] += trace.demand(i, r, t) }
                actual[from * resources] += config.migrationOverhead * trace.demand(i, 0, t)
            }
            for h in 0..<hosts {
                var over = false
                var worst = 0.0
                for r in 0..<resources {
                    let u = actual[h * resources + r] / capacity[r]
                    worst = max(worst, u)
                    if u > 1 {
                        over = true
                        byResource[r] += minutes
                        severity += minutes * (u - 1)
                    }
                }
                if over { overloadMinutes += minutes }
                peak = max(peak, worst)
                utilisation.append(worst)
            }

            // 3. The controller.
            guard config.policy != .static else { continue }
            let began = clock.now
            past.now = t
            let steps = config.policy == .oracle ? min(length, trace.steps - 1 - t) : length
            if steps == 0 { continue }
            switch config.policy {
            case .static: break
            case .reactive:
                for j in 0..<(n * resources) { path[j] = past(j / resources, j % resources, t) }
            case .oracle:
                for j in 0..<(n * resources) {
                    for k in 0..<steps { path[j * length + k] = trace.demand(j / resources, j % resources, t + 1 + k) }
                }
            case .predictive:
                for j in 0..<(n * resources) {
                    let y = past(j / resources, j % resources, t)
                    models[j].update(y)
                    precondition(models[j].observations == t + 1, "the forecaster has absorbed data after t")
                    models[j].forecast(into: &path, at: j * length, horizon: length)
                    for k in 0..<length { path[j * length + k] = max(0, path[j * length + k]) }
                    if online {
                        realized.observe(j, step: t, value: y)
                        realized.record(j, step: t, path: path, at: j * length)
                        realized.offsets(j, quantile: config.quantile, fallback: fitted, into: &offsets, at: j * length)
                        for k in 0..<length {
                            spread[j * length + k] = offsets[j * length + k] * offsets[j * length + k]
                        }
                    }
                }
            }
            for k in hostMean.indices {
                hostMean[k] = 0
                hostSpread[k] = 0
            }
            for i in 0..<n {
                let h = host[i]
                for r in 0..<resources {
                    let hb = (h * resources + r) * length
                    let sb = (i * resources + r) * length
                    for k in 0..<steps {
                        hostMean[hb + k] += path[sb + k]
                        hostSpread[hb + k] += spread[sb + k]
                    }
                }
            }
            hot.removeAll(keepingCapacity: true)
            for h in 0..<hosts {
                let ratio = trigger(h, 0, 0, steps, limit)
                if ratio > 1 { hot.append((h, ratio)) }
            }
            hot.sort { ($0.ratio, -$0.host) > ($1.ratio, -$1.host) }
            for (h, _) in hot {
                guard outBusy[h] <= t, trigger(h, 0, 0, steps, limit) > 1 else { continue }
                candidates.removeAll(keepingCapacity: true)
                for i in 0..<n where host[i] == h && inFlightEnd[i] <= t && t - lastMove[i] >= cooldown {
                    let remaining = trigger(h, i, -1, steps, limit)
                    candidates.append((i, remaining <= 1, remaining, bytes(i, t)))
                }
                guard !candidates.isEmpty else { continue }
                candidates.sort { a, b in
                    if a.under != b.under { return a.under }
                    if a.under { return (a.bytes, a.shard) < (b.bytes, b.shard) }
                    return (a.remaining, a.bytes, a.shard) < (b.remaining, b.bytes, b.shard)
                }
                var moved = false
                for candidate in candidates {
                    let i = candidate.shard
                    var best = -1
                    var bestLoad = Double.infinity
                    for d in 0..<hosts where d != h && inBusy[d] <= t {
                        let load = trigger(d, i, 1, steps, capacity)
                        if load <= config.threshold && load < bestLoad {
                            best = d
                            bestLoad = load
                        }
                    }
                    guard best >= 0 else { continue }
                    let seconds = candidate.bytes * 8 / config.bandwidthBitsPerSecond
                    let duration = max(1, Int((seconds / stepSeconds).rounded(.up)))
                    for r in 0..<resources {
                        let sb = (i * resources + r) * length
                        for k in 0..<steps {
                            hostMean[(h * resources + r) * length + k] -= path[sb + k]
                            hostSpread[(h * resources + r) * length + k] -= spread[sb + k]
                            hostMean[(best * resources + r) * length + k] += path[sb + k]
                            hostSpread[(best * resources + r) * length + k] += spread[sb + k]
                        }
                    }
                    host[i] = best
                    inFlightFrom[i] = h
                    inFlightEnd[i] = t + duration
                    moving.append(i)
                    outBusy[h] = t + duration
                    inBusy[best] = t + duration
                    lastMove[i] = t
                    bytesMoved += candidate.bytes
                    moves.append(
                        SimulationMove(step: t, shard: i, from: h, to: best, bytes: candidate.bytes, duration: duration)
                    )
                    moved = true
                    break
                }
                if !moved { blocked += 1 }
            }
            let elapsed = clock.now - began
            controllerSeconds += Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        }
        progress?(end - warmup, end - warmup)

        utilisation.sort()
        let rank = 0.99 * Double(max(0, utilisation.count - 1))
        let lower = Int(rank)
        let upper = min(utilisation.count - 1, lower + 1)
        let p99 =
            utilisation.isEmpty
            ? 0 : utilisation[lower] + (rank - Double(lower)) * (utilisation[upper] - utilisation[lower])
        let days = Double(end - warmup) * stepSeconds / 86_400
        return SimulationResult(
            policy: config.policy, steps: end - warmup, capacity: capacity, overloadMinutes: overloadMinutes,
            overloadMinutesByResource: byResource, severity: severity, migrations: moves.count,
            migrationsPerShardDay: days > 0 ? Double(moves.count) / (Double(n) * days) : 0, bytesMoved: bytesMoved,
            blocked: blocked, peakUtilization: peak, p99Utilization: p99, moves: moves,
            controllerSeconds: controllerSeconds)
    }
}
