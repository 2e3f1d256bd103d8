import ArgumentParser
import Foundation
import ShardPlace

/// `shardplace simulate`: replays demand traces on a cluster under a migration controller.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Replay demand traces on a cluster under a static, reactive, predictive or oracle controller.",
        discussion: HelpText.reflow(
            """
            The protocol of ../shared/traces/SIMULATION.md. Each shard is one series; every --resource file
            (series_id,timestamp,value, as in ../shared/traces) gives one resource, the first being the CPU
            (it orders the initial placement and pays the 10 % migration overhead). A resource named "mem"
            (values in MB) gives the bytes a migration moves; without one, --shard-bytes does.

            Capacity comes from the warm-up only: C_r = sum of the shards' warm-up mean demand / (hosts ×
            --target-load). Initial placement: first-fit decreasing by warm-up p95 CPU within --threshold × C
            (or random with --seed). A host is hot when its demand now (reactive), the forecast --quantile of
            its demand over the next --horizon steps (predictive), or its true future demand (oracle)
            exceeds --threshold × C; a hot host moves one shard per step to the least loaded host that stays
            within the threshold. The predictive quantile of a shard is its forecast mean plus an offset per
            step ahead: by default the empirical quantile of that forecaster's own realised errors in the
            replay so far (--quantile-offsets online), or the warm-up fit's (--quantile-offsets fit). A
            migration takes bytes / --bandwidth (at least one step), during which the shard counts on both
            hosts. Metrics are taken after the warm-up.

            --planetlab-mips: the PlanetLab mode of SIMULATION.md — the first resource is CPU % and becomes
            MIPS by VM type (2500/2000/1000/500 MIPS for the four quarters of the sorted ids), with the
            type's memory (870/1740/1740/613 MB) as the bytes moved.

            Output: a table, or with --format json an object with overloadMinutes, overloadMinutesByResource,
            severity, migrations, migrationsPerShardDay, bytesMoved, blocked, peakUtilization,
            p99Utilization and the configuration. The JSON is a pure function of the inputs (controller time
            is added only with --timing).

            Exit status: 0 on success, 2 on invalid input (the message names the file and line).
            """)
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    enum PolicyOption: String, ExpressibleByArgument, CaseIterable {
        case `static`, reactive, predictive, oracle
        var policy: SimulationPolicy { SimulationPolicy(rawValue: rawValue)! }
    }

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A resource and its series_id,timestamp,value file; repeat, CPU first.", valueName: "name=file"))
    var resource: [String] = []

    @Option(name: .long, help: "Identical hosts.")
    var hosts = 8

    @Option(name: .long, help: "Target mean load ρ that sizes the capacity, in (0, 1].")
    var targetLoad = 0.6

    @Option(name: .long, help: "Threshold θ: a host is hot above θ × capacity.")
    var threshold = 0.8

    @Option(name: .long, help: "static, reactive, predictive or oracle.")
    var policy: PolicyOption = .reactive

    @Option(
        name: .long, help: ArgumentHelp("Look-ahead steps of predictive and oracle (default: 1 h).", valueName: "steps")
    )
    var horizon: Int?

    @Option(name: .long, help: "The forecast quantile of the predictive trigger, in (0, 1).")
    var quantile = 0.9

    enum OffsetsOption: String, ExpressibleByArgument, CaseIterable { case online, fit }

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Where the predictive quantile offsets come from: online (re-estimated each step from the forecasters' realised errors) or fit (fixed at the warm-up fit).",
            valueName: "online|fit"))
    var quantileOffsets: OffsetsOption = .online

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Warm-up steps (default: 7 days when the trace spans at least 14 days, else 2 h).", valueName: "steps"))
    var warmup: Int?

    @Option(name: .long, help: "Random initial placement from this seed (default: first-fit decreasing).")
    var seed: UInt64?

    @Option(
        name: .long,
        help: ArgumentHelp("Migration bandwidth in bit/s; suffixes k, M, G (default 1G).", valueName: "rate"))
    var bandwidth = "1G"

    @Option(
        name: .long,
        help: ArgumentHelp("Bytes per migration without a mem resource (default 1 GiB).", valueName: "bytes"))
    var shardBytes = 1_073_741_824.0

    @Option(
        name: .long,
        help: ArgumentHelp("Forecast season in steps (default: one day of steps; 1 for none).", valueName: "steps"))
    var season: Int?

    @Option(
        name: .long,
        help: ArgumentHelp("Grid step in seconds (default: the series' median spacing).", valueName: "seconds"))
    var step: Int64?

    @Flag(name: .long, help: "PlanetLab mode: the first resource is CPU % and becomes MIPS by VM type.")
    var planetlabMips = false

    @Option(name: .long, help: "text or json.")
    var format: OutputFormat = .text

    @Flag(name: .long, help: "Add the controller's time per step to the JSON (not deterministic).")
    var timing = false

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the result to this file (atomically).", valueName: "file"))
    var output: String?

    @Flag(name: .long, help: "No progress lines on stderr.")
    var quiet = false

    func validate() throws {
        if resource.isEmpty { throw ValidationError("give at least one --resource name=file (CPU first)") }
        for r in resource where !r.contains("=") || r.hasPrefix("=") || r.hasSuffix("=") {
            throw ValidationError("--resource expects name=file, got \"\(r)\"")
        }
        if hosts < 1 { throw ValidationError("--hosts must be at least 1") }
        if !(targetLoad > 0 && targetLoad <= 1) { throw ValidationError("--target-load must be in (0, 1]") }
        if !(threshold > 0) { throw ValidationError("--threshold must be positive") }
        if let horizon, horizon < 1 { throw ValidationError("--horizon must be at least 1") }
        if !(quantile > 0 && quantile < 1) { throw ValidationError("--quantile must be in (0, 1)") }
        if let warmup, warmup < 2 { throw ValidationError("--warmup must be at least 2") }
        if Self.rate(bandwidth) == nil {
            throw ValidationError("--bandwidth expects a positive rate such as 1G or 100M")
        }
        if !(shardBytes > 0) { throw ValidationError("--shard-bytes must be positive") }
        if let season, season < 1 { throw ValidationError("--season must be at least 1") }
        if let step, step < 1 { throw ValidationError("--step must be positive") }
    }

    /// Bits per second from "1G", "100M", "1e9"...
    static func rate(_ text: String) -> Double? {
        let units: [Character: Double] = ["k": 1e3, "K": 1e3, "M": 1e6, "G": 1e9]
        var body = Substring(text)
        var scale = 1.0
        if let last = body.last, let unit = units[last] {
            scale = unit
            body = body.dropLast()
        }
        guard let value = Double(body), value > 0, value.isFinite else { return nil }
        return value * scale
    }

    func run() throws {
        try reportingFailures {
            var inputs: [(name: String, file: String, series: [TimeSeries])] = []
            for spec in resource {
                let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
                do {
                    inputs.append((parts[0], parts[1], try TimeSeriesCSV.read(contentsOf: parts[1])))
                } catch let error as ForecastInputError {
                    throw CLIFailure.invalidInput(error.description)
                }
            }
            var trace: SimulationTrace
            do {
                trace = try SimulationTrace(resources: inputs, step: step)
            } catch let error as ForecastInputError {
                throw CLIFailure.invalidInput(error.description)
            }
            if planetlabMips { trace = trace.planetLab() }
            let stepSeconds = Double(trace.stepSeconds)
            let steps = { (seconds: Double) in max(1, Int((seconds / stepSeconds).rounded(.up))) }
            let spanDays = Double(trace.steps) * stepSeconds / 86_400
            let warm = warmup ?? (spanDays >= 14 ? steps(7 * 86_400) : steps(7_200))
            guard warm < trace.steps else {
                throw CLIFailure.invalidInput(
                    "\(inputs[0].file): the trace has \(trace.steps) steps of \(trace.stepSeconds) s; "
                        + "expected more than the warm-up of \(warm) steps")
            }
            let memory = trace.resourceNames.firstIndex(of: "mem")
            let config = SimulationConfiguration(
                hosts: hosts, targetLoad: targetLoad, threshold: threshold, policy: policy.policy,
                horizon: horizon ?? steps(3_600), quantile: quantile,
                quantileOffsets: SimulationConfiguration.QuantileOffsets(rawValue: quantileOffsets.rawValue)!,
                warmup: warm, seed: seed,
                bandwidthBitsPerSecond: Self.rate(bandwidth)!, defaultShardBytes: shardBytes,
                memoryResource: memory, season: season ?? steps(86_400))
            if !quiet {
                StandardError.write(
                    "\(trace.shards) shards, \(trace.resources) resources, \(trace.steps) steps of \(trace.stepSeconds) s, "
                        + "warm-up \(warm), \(hosts) hosts, \(policy.rawValue)\n")
            }
            let quiet = self.quiet
            let began = Date()
            var reported = began
            // A progress line at most every 2 s, and only for runs that take that long.
            let result = Simulator(trace: trace, configuration: config).run { done, total in
                let now = Date()
                if !quiet && done < total && now.timeIntervalSince(reported) >= 2 {
                    StandardError.write(
                        String(format: "simulate: step %d / %d, %.0f s\n", done, total, now.timeIntervalSince(began)))
                    reported = now
                }
            }
            let text: String
            switch format {
            case .json: text = try CostReport.json(Self.document(result, trace: trace, config: config, timing: timing))
            case .text: text = Self.table(result, trace: trace, config: config)
            }
            if let output {
                try FileOutput.writeAtomically(text, to: output)
            } else {
                try FileOutput.writeStandardOutput(text)
            }
        }
    }

    struct Document: Encodable {
        var policy: String
        var hosts: Int
        var shards: Int
        var targetLoad: Double
        var threshold: Double
        var horizon: Int
        var quantile: Double
        var quantileOffsets: String
        var warmup: Int
        var seed: UInt64?
        var stepSeconds: Int64
        var steps: Int
        var capacity: [String: Double]
        var overloadMinutes: Double
        var overloadMinutesByResource: [String: Double]
        var severity: Double
        var migrations: Int
        var migrationsPerShardDay: Double
        var bytesMoved: Double
        var blocked: Int
        var peakUtilization: Double
        var p99Utilization: Double
        var controllerMicrosecondsPerStep: Double?
    }

    static func document(
        _ result: SimulationResult, trace: SimulationTrace, config: SimulationConfiguration, timing: Bool
    ) -> Document {
        let names = trace.resourceNames
        return Document(
            policy: result.policy.rawValue, hosts: config.hosts, shards: trace.shards, targetLoad: config.targetLoad,
            threshold: config.threshold, horizon: config.horizon, quantile: config.quantile,
            quantileOffsets: config.quantileOffsets.rawValue, warmup: config.warmup,
            seed: config.seed, stepSeconds: trace.stepSeconds, steps: result.steps,
            capacity: Dictionary(uniqueKeysWithValues: zip(names, result.capacity)),
            overloadMinutes: result.overloadMinutes,
            overloadMinutesByResource: Dictionary(uniqueKeysWithValues: zip(names, result.overloadMinutesByResource)),
            severity: result.severity, migrations: result.migrations,
            migrationsPerShardDay: result.migrationsPerShardDay, bytesMoved: result.bytesMoved, blocked: result.blocked,
            peakUtilization: result.peakUtilization, p99Utilization: result.p99Utilization,
            controllerMicrosecondsPerStep: timing ? result.controllerMicrosecondsPerStep : nil)
    }

    static func table(_ result: SimulationResult, trace: SimulationTrace, config: SimulationConfiguration) -> String {
        var rows = [["metric", "value"]]
        rows.append(["policy", result.policy.rawValue])
        rows.append(["steps after warm-up", String(result.steps)])
        rows.append(["overload minutes", CostReport.number(result.overloadMinutes)])
        for (name, value) in zip(trace.resourceNames, result.overloadMinutesByResource) {
            rows.append(["  \(name)", CostReport.number(value)])
        }
        rows.append(["severity", String(format: "%.2f", result.severity)])
        rows.append(["migrations", String(result.migrations)])
        rows.append(["migrations / shard-day", String(format: "%.3f", result.migrationsPerShardDay)])
        rows.append(["bytes moved", String(format: "%.4g", result.bytesMoved)])
        rows.append(["blocked", String(result.blocked)])
        rows.append(["peak utilization", String(format: "%.3f", result.peakUtilization)])
        rows.append(["p99 utilization", String(format: "%.3f", result.p99Utilization)])
        rows.append(["controller µs / step", String(format: "%.1f", result.controllerMicrosecondsPerStep)])
        return CostReport.table(rows)
    }
}
