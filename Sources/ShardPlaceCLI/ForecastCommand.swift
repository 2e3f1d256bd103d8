import ArgumentParser
import Foundation
import ShardPlace

/// `shardplace forecast`: demand forecasts (mean, quantile, peak) for every series of a CSV file.
struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Forecast series_id,timestamp,value series: mean path, quantile path and peak per series.",
        discussion: HelpText.reflow(
            """
            Input: a CSV file with the header series_id,timestamp,value (timestamps in whole seconds, rows
            sorted by series then time, as in ../shared/traces). Each series is put on a regular grid of
            --step seconds (default: its median timestamp difference): samples go to the nearest grid point,
            empty grid points between samples are linearly interpolated, and the series starts at its first
            sample (leading gaps are dropped).

            Output (CSV, to -o or stdout): series_id,step,mean,quantile,model — one row per step 1…horizon,
            then one row per series whose step is "peak": its mean column is the largest mean forecast and
            its quantile column the peak, the largest --quantile forecast over the horizon.

            Models: naive (last value), seasonal-naive, ses (simple exponential smoothing), holt (damped
            trend), hw-additive and hw-multiplicative (Holt-Winters, damped trend), or auto (per series, the
            method with the smallest in-sample rolling-origin error over steps 1…horizon). A method a
            series cannot support falls back (seasonal ones need two seasons; multiplicative needs positive
            values); the model column says what was used.

            --evaluate runs a rolling-origin evaluation instead: the last --holdout samples of each series
            are forecast from origins every horizon steps (each fitted on the samples before it, at most
            --window of them) and MASE (seasonal scale), sMAPE and the coverage of the quantile are printed
            per horizon for every model, the auto choice and their ratio to seasonal naive.

            Exit status: 0 on success, 2 on invalid input (the message names the file and line).
            """)
    )

    enum ModelOption: String, ExpressibleByArgument, CaseIterable {
        case auto, naive, seasonalNaive = "seasonal-naive", ses, holt, hwAdditive = "hw-additive"
        case hwMultiplicative = "hw-multiplicative"

        var model: ForecastOptions.Model {
            self == .auto ? .auto : .fixed(ForecastMethod(rawValue: rawValue)!)
        }
    }

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case csv, json, text }

    @Option(name: .long, help: ArgumentHelp("The series_id,timestamp,value CSV file.", valueName: "file"))
    var input: String

    @Option(name: .long, help: ArgumentHelp("Steps to forecast.", valueName: "steps"))
    var horizon = 24

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Samples per season, or 'auto' (autocorrelation, the most common lag over the series). Default: one day of samples (1 when the step is a day or longer).",
            valueName: "steps|auto"))
    var season: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Grid step in seconds (default: per series, the median timestamp difference).", valueName: "seconds"))
    var step: Int64?

    @Option(name: .long, help: "The quantile of the quantile path and the peak, in (0, 1).")
    var quantile = 0.95

    @Option(name: .long, help: "auto, naive, seasonal-naive, ses, holt, hw-additive or hw-multiplicative.")
    var model: ModelOption = .auto

    @Option(
        name: .shortAndLong, help: ArgumentHelp("Write the forecasts to this file (atomically).", valueName: "file"))
    var output: String?

    @Option(name: .long, help: "csv (default for forecasts), json, or text (default for --evaluate).")
    var format: OutputFormat?

    @Flag(name: .long, help: "Run a rolling-origin evaluation over the last --holdout samples instead.")
    var evaluate = false

    @Option(
        name: .long,
        help: ArgumentHelp("With --evaluate: samples held out at the end of each series.", valueName: "steps"))
    var holdout: Int?

    @Option(
        name: .long,
        help: ArgumentHelp("With --evaluate: fit on at most this many samples before each origin.", valueName: "steps"))
    var window: Int?

    @Option(name: .long, help: "Threads (default: every active processor).")
    var threads: Int?

    @Flag(name: .long, help: "No progress lines on stderr.")
    var quiet = false

    func validate() throws {
        if horizon < 1 { throw ValidationError("--horizon must be at least 1") }
        if !(quantile > 0 && quantile < 1) { throw ValidationError("--quantile must be in (0, 1)") }
        if let season, season != "auto", (Int(season) ?? 0) < 1 {
            throw ValidationError("--season must be a positive number of samples or 'auto'")
        }
        if let step, step < 1 { throw ValidationError("--step must be a positive number of seconds") }
        if evaluate && holdout == nil { throw ValidationError("--evaluate needs --holdout STEPS") }
        if !evaluate && holdout != nil { throw ValidationError("--holdout needs --evaluate") }
        if let holdout, holdout < horizon { throw ValidationError("--holdout must be at least --horizon") }
        if let window, window < 2 { throw ValidationError("--window must be at least 2") }
        if let threads, threads < 1 { throw ValidationError("--threads must be positive") }
    }

    func run() throws {
        try reportingFailures {
            let series: [TimeSeries]
            do {
                series = try TimeSeriesCSV.read(contentsOf: input)
            } catch let error as ForecastInputError {
                throw CLIFailure.invalidInput(error.description)
            }
            let regular = series.map { s in s.regular(step: max(1, step ?? s.typicalStep)) }
            let gridStep = step ?? Self.median(series.map { $0.typicalStep }.filter { $0 > 0 }) ?? 86_400
            let m = resolvedSeason(regular, step: gridStep)
            if !quiet {
                StandardError.write(
                    "\(series.count) series, \(regular.reduce(0) { $0 + $1.count }) samples, season \(m), horizon \(horizon)\n"
                )
            }
            if evaluate {
                try runEvaluation(regular, season: m)
                return
            }
            let options = ForecastOptions(
                horizon: horizon, season: m, quantile: quantile, model: model.model, threads: threads)
            let began = Date()
            let table = Forecaster(options: options).forecast(regular)
            if !quiet {
                var counts: [String: Int] = [:]
                for i in 0..<table.count { counts[table.modelName(i), default: 0] += 1 }
                let summary = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) \($0.value)" }
                StandardError.write(
                    String(format: "fitted in %.2fs; models: ", Date().timeIntervalSince(began))
                        + summary.joined(separator: ", ") + "\n")
            }
            let text: String
            switch format ?? .csv {
            case .csv, .text: text = Self.csv(series.map(\.id), table)
            case .json: text = try Self.json(series.map(\.id), table, season: m)
            }
            if let output {
                try FileOutput.writeAtomically(text, to: output)
            } else {
                try FileOutput.writeStandardOutput(text)
            }
        }
    }

    /// One row of the evaluation: a model's scores over every series-origin.
    private struct Score: Encodable {
        var model: String
        var horizon: Int
        var forecasts: Int
        var maseMean: Double
        var maseMedian: Double
        var relativeToSeasonalNaive: Double
        var smape: Double
        var coverage: Double
    }

    /// Rolling-origin evaluation: origins at n − holdout + j·horizon (each with a full horizon after it),
    /// every model refitted at each origin on at most --window samples before it.
    private func runEvaluation(_ regular: [[Double]], season m: Int) throws {
        var cases: [(train: [Double], future: [Double])] = []
        for y in regular where y.count > holdout! + 1 {
            var o = y.count - holdout!
            while o + horizon <= y.count {
                let start = window.map { max(0, o - $0) } ?? 0
                cases.append((Array(y[start..<o]), Array(y[o..<(o + horizon)])))
                o += horizon
            }
        }
        guard !cases.isEmpty else {
            throw CLIFailure.invalidInput("\(input): no series is longer than --holdout + 1 samples")
        }
        let models: [(String, ForecastOptions.Model)] =
            ForecastMethod.allCases.map { ($0.rawValue, .fixed($0)) } + [("auto", .auto)]
        var scores: [Score] = []
        for (name, model) in models {
            let options = ForecastOptions(
                horizon: horizon, season: m, quantile: quantile, model: model, threads: threads)
            let table = Forecaster(options: options).forecast(cases.map(\.train))
            var mase: [Double] = []
            var smape = 0.0
            var covered = 0
            for (i, c) in cases.enumerated() {
                let lag = m > 1 && c.train.count > m ? m : 1
                let scale =
                    c.train.count > lag
                    ? (lag..<c.train.count).reduce(0.0) { $0 + abs(c.train[$1] - c.train[$1 - lag]) }
                        / Double(c.train.count - lag) : 0
                var mae = 0.0
                for k in 0..<horizon {
                    let y = c.future[k]
                    let f = table.mean[i * horizon + k]
                    mae += abs(y - f) / Double(horizon)
                    smape += (y == 0 && f == 0 ? 0 : 200 * abs(y - f) / (abs(y) + abs(f))) / Double(horizon)
                    if y <= table.upper[i * horizon + k] { covered += 1 }
                }
                if scale > 0 { mase.append(mae / scale) }
            }
            mase.sort()
            scores.append(
                Score(
                    model: name, horizon: horizon, forecasts: cases.count,
                    maseMean: mase.isEmpty ? .nan : mase.reduce(0, +) / Double(mase.count),
                    maseMedian: mase.isEmpty ? .nan : mase[mase.count / 2], relativeToSeasonalNaive: 1,
                    smape: smape / Double(cases.count), coverage: Double(covered) / Double(cases.count * horizon)))
        }
        let reference = scores.first { $0.model == ForecastMethod.seasonalNaive.rawValue }!.maseMean
        for i in scores.indices { scores[i].relativeToSeasonalNaive = scores[i].maseMean / reference }
        let text: String
        if format == .json {
            text = try CostReport.json(scores)
        } else {
            var rows = [["model", "MASE mean", "MASE median", "vs seasonal naive", "sMAPE", "coverage q\(quantile)"]]
            for s in scores {
                rows.append([
                    s.model, String(format: "%.3f", s.maseMean), String(format: "%.3f", s.maseMedian),
                    String(format: "%.3f", s.relativeToSeasonalNaive), String(format: "%.1f", s.smape),
                    String(format: "%.3f", s.coverage),
                ])
            }
            text =
                "horizon \(horizon) steps, \(cases.count) series-origins (holdout \(holdout!), season \(m))\n"
                + CostReport.table(rows)
        }
        if let output {
            try FileOutput.writeAtomically(text, to: output)
        } else {
            try FileOutput.writeStandardOutput(text)
        }
    }

    /// The season: given, detected, or one day of samples.
    private func resolvedSeason(_ regular: [[Double]], step: Int64) -> Int {
        if let season, let m = Int(season) { return m }
        let day = step > 0 && step < 86_400 ? Int((86_400 + step / 2) / step) : 1
        guard season == "auto" else { return day }
        var votes: [Int: Int] = [:]
        for y in regular { votes[SeasonDetector.detect(y, maxLag: max(2, 2 * day)), default: 0] += 1 }
        return votes.max { ($0.value, -$0.key) < ($1.value, -$1.key) }?.key ?? 1
    }

    static func median(_ values: [Int64]) -> Int64? {
        guard !values.isEmpty else { return nil }
        return values.sorted()[values.count / 2]
    }

    static func csv(_ ids: [String], _ table: ForecastTable) -> String {
        var text = "series_id,step,mean,quantile,model\n"
        for (i, id) in ids.enumerated() {
            let model = table.modelName(i)
            let mean = table.meanPath(i)
            let upper = table.quantilePath(i)
            for (k, (mu, q)) in zip(mean, upper).enumerated() {
                text += "\(id),\(k + 1),\(value(mu)),\(value(q)),\(model)\n"
            }
            text += "\(id),peak,\(value(mean.max() ?? 0)),\(value(table.peak(i))),\(model)\n"
        }
        return text
    }

    /// Seven significant digits: the forecaster computes in `Float`.
    static func value(_ x: Double) -> String { String(format: "%.7g", x) }

    private struct SeriesDocument: Encodable {
        var id: String
        var model: String
        var parameters: SmoothingParameters
        var components: [ForecastComponent]
        var mean: [Double]
        var quantile: [Double]
        var peak: Double
    }

    private struct Document: Encodable {
        var horizon: Int
        var season: Int
        var quantile: Double
        var series: [SeriesDocument]
    }

    static func json(_ ids: [String], _ table: ForecastTable, season: Int) throws -> String {
        let docs = ids.enumerated().map { i, id in
            SeriesDocument(
                id: id, model: table.modelName(i), parameters: table.parameters[i], components: table.components(i),
                mean: Array(table.meanPath(i)), quantile: Array(table.quantilePath(i)), peak: table.peak(i))
        }
        return try CostReport.json(
            Document(horizon: table.horizon, season: season, quantile: table.quantile, series: docs))
    }
}
