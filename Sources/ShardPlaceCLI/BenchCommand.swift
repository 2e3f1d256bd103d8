import ArgumentParser
import Dispatch
import Foundation
import ShardPlace
import Synchronization

/// `shardplace bench`: placement throughput on a generated scenario.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure evaluated moves per second per core, accepted moves, and scaling from 1 thread to all.",
        discussion: HelpText.reflow(
            """
            Generates a scenario (`shardplace generate` with the same sizes and seed), then:
              1. prices random shifts with the incremental evaluator on 1 thread and on
                 all threads (evaluated moves per second per core, speedup = all
                 threads over one), and the shifts of random shards to every host by a
                 scan of hosts (what the greedy and the descents price: a shard's
                 shift to each host, four hosts per vector);
              2. anneals for --seconds on 1 chain and on all chains (moves/s, accepted
                 moves/s, the share of moves rejected on a cheap lower bound without
                 being priced) and records the best cost over time.

            Use a release build: swift run -c release shardplace bench.
            """)
    )

    @Option(name: .long, help: "Shards in the generated scenario.") var shards = 100_000
    @Option(name: .long, help: "Hosts in the generated scenario.") var hosts = 10_000
    @Option(name: .long, help: "Resources per shard and host.") var resources = 4
    @Option(name: .long, help: "Seconds per measurement.") var seconds = 3.0
    @Option(name: .long, help: "Threads for the parallel measurements (default: all allowed PUs).") var threads: Int?
    @Option(name: .long, help: "Seed of the generated scenario.") var seed: UInt64 = 1
    @Option(name: .long, help: "With --from-scratch: repack probability per annealing move (see `place --help`).")
    var repack: Double?
    @Option(name: .long, help: "Output format: text or json.") var format: ReportFormat = .text
    @Flag(
        name: .long,
        help:
            "Instead: drop the generated current placement and solve from scratch (greedy, then annealing for --seconds on all threads); report time to feasibility and peak memory."
    ) var fromScratch = false
    @Flag(
        name: .long,
        help:
            "Instead: fit and forecast --series synthetic demand series of --samples samples each (auto model choice, season 288, horizon 24, quantile 0.95) on --threads threads, and report the time."
    ) var forecast = false
    @Option(
        name: .long,
        help:
            "Instead: generate a scenario buying capacity from N providers (2 to 6; `generate --providers`), and compare monthly bills and overload risks (expected overloaded hosts per hour): the greedy, the annealer (--seconds on --threads), the same capacity all on-demand (annealed the same way), and the annealer's hosts bought on-demand."
    ) var providers = 0
    @Option(
        name: .long,
        help:
            "With --providers: a move budget per anneal instead of --seconds (bills then repeat run to run, on any machine and build)."
    ) var iterations: Int?
    @Flag(
        name: .long,
        help:
            "With --providers: money is the objective (every resource's loadWeight 0) and the annealed placement is never riskier than the less risky of the greedy and all on-demand (a risk guard): the setting of the issue's acceptance."
    ) var riskGuard = false
    @Option(name: .long, help: "With --forecast: series.") var series = 100_000
    @Option(name: .long, help: "With --forecast: samples per series (2,016 = a week at 5 minutes).") var samples = 2_016
    @Option(name: .long, help: "With --forecast: auto or one method (naive, ses, holt, hw-additive, …).")
    var model = "auto"

    func validate() throws {
        if shards <= 0 || hosts <= 0 || resources <= 0 {
            throw ValidationError("--shards, --hosts and --resources must be positive")
        }
        if !(seconds > 0) { throw ValidationError("--seconds must be positive") }
        if let iterations, iterations <= 0 { throw ValidationError("--iterations must be positive") }
        if (iterations != nil || riskGuard) && providers == 0 {
            throw ValidationError("--iterations and --risk-guard go with --providers")
        }
        if providers != 0 && !(2...ScenarioGenerator.maxProviders).contains(providers) {
            throw ValidationError(
                "--providers must be between 2 and \(ScenarioGenerator.maxProviders), found \(providers)")
        }
    }

    struct Report: Encodable {
        var shards: Int
        var hosts: Int
        var resources: Int
        var threads: Int
        var movesPerSecondPerCore: Double
        var movesPerCPUSecond: Double
        /// Shifts priced per second by scans of hosts (every host for a random shard), 1 thread and all;
        /// 0 where the scenario cannot be scanned.
        var scanShiftsPerSecondPerCore: Double
        var scanShiftsPerSecondAllThreads: Double
        var movesPerSecondAllThreads: Double
        var speedup: Double
        var annealMovesPerSecond1: Double
        var annealMovesPerSecondAll: Double
        var annealAcceptedPerSecondAll: Double
        var annealSpeedup: Double
        /// Shifts and swaps the annealer decided on their lower bound without pricing them (proposals
        /// rejected, targeted-move candidates passed over), per annealer move (all threads).
        var annealDecidedOnBoundPerMove: Double
        var costCurve: [[Double]]
    }

    func run() throws {
        try reportingFailures {
            let allThreads = threads ?? max(1, (try? Topology.load().allowedPUs.count) ?? 1)
            if forecast {
                try benchForecast(threads: allThreads)
                return
            }
            if providers > 0 {
                try benchProviders(threads: allThreads)
                return
            }
            StandardError.write("generating \(shards) shards × \(hosts) hosts × \(resources) resources …\n")
            let scenario = ScenarioGenerator.generate(
                .init(shards: shards, hosts: hosts, resources: resources, seed: seed))
            if fromScratch {
                try solveFromScratch(scenario, threads: allThreads)
                return
            }
            let model = CostModel(try Problem(scenario))
            let single = Self.deltaRates(model, threads: 1, seconds: seconds)
            let one = single.wall
            let all = allThreads == 1 ? one : Self.deltaRate(model, threads: allThreads, seconds: seconds)
            StandardError.write(
                String(
                    format: "delta: %.2fM/s on 1 thread (%.2fM per CPU-second), %.2fM/s on %d\n", one / 1e6,
                    single.perCPUSecond / 1e6, all / 1e6, allThreads))
            let scanOne = Self.scanRates(model, threads: 1, seconds: seconds)
            let scanAll = allThreads == 1 ? scanOne : Self.scanRates(model, threads: allThreads, seconds: seconds)
            StandardError.write(
                String(
                    format: "scan: %.2fM shifts/s on 1 thread (%.2fM per CPU-second), %.2fM/s on %d\n",
                    scanOne.wall / 1e6, scanOne.perCPUSecond / 1e6, scanAll.wall / 1e6, allThreads))
            var options = Annealer.Options()
            options.timeLimit = seconds
            options.threads = 1
            options.polishBudget = 0  // a throughput figure: moves over the whole time, no final descent
            let anneal1 = Annealer(options: options).solve(model)
            options.threads = allThreads
            let annealAll = Annealer(options: options).solve(model)
            let rate1 = Double(anneal1.moves) / anneal1.elapsed
            let rateAll = Double(annealAll.moves) / annealAll.elapsed
            let report = Report(
                shards: shards, hosts: hosts, resources: resources, threads: allThreads, movesPerSecondPerCore: one,
                movesPerCPUSecond: single.perCPUSecond, scanShiftsPerSecondPerCore: scanOne.wall,
                scanShiftsPerSecondAllThreads: scanAll.wall,
                movesPerSecondAllThreads: all, speedup: all / one, annealMovesPerSecond1: rate1,
                annealMovesPerSecondAll: rateAll,
                annealAcceptedPerSecondAll: Double(annealAll.acceptedMoves) / annealAll.elapsed,
                annealSpeedup: rateAll / rate1,
                annealDecidedOnBoundPerMove: Double(annealAll.decidedOnBound) / Double(max(1, annealAll.moves)),
                costCurve: annealAll.history.map { [$0.0, $0.1] })
            switch format {
            case .json: print(try CostReport.json(report), terminator: "")
            case .text:
                let rows = [
                    ["measure", "1 thread", "\(allThreads) threads", "speedup"],
                    ["evaluated moves/s (delta)", rate(one), rate(all), String(format: "%.2f×", all / one)],
                    [
                        "shifts/s by scans of hosts", rate(scanOne.wall), rate(scanAll.wall),
                        String(format: "%.2f×", scanAll.wall / Swift.max(scanOne.wall, 1)),
                    ],
                    ["annealer moves/s", rate(rate1), rate(rateAll), String(format: "%.2f×", rateAll / rate1)],
                    [
                        "annealer accepted/s", rate(Double(anneal1.acceptedMoves) / anneal1.elapsed),
                        rate(report.annealAcceptedPerSecondAll), "",
                    ],
                ]
                print("\(shards) shards × \(hosts) hosts × \(resources) resources, \(seconds)s per measurement")
                print(CostReport.table(rows), terminator: "")
                print("evaluated moves per second per core: \(rate(one)) (\(rate(single.perCPUSecond)) per CPU-second)")
                print(
                    "shifts priced per second per core by scans of hosts: \(rate(scanOne.wall)) (\(rate(scanOne.perCPUSecond)) per CPU-second)"
                )
                print(
                    String(
                        format:
                            "annealer: %.0f shifts and swaps per 100 moves decided on a lower bound without pricing (the same decisions as pricing them)",
                        100 * report.annealDecidedOnBoundPerMove))
                print(
                    "best cost over time (\(allThreads) chains): "
                        + report.costCurve.map { String(format: "%.1fs %@", $0[0], CostReport.number($0[1])) }.joined(
                            separator: ", "))
            }
        }
    }

    /// Greedy from nothing, then annealing: when the first feasible placement appears, and peak memory.
    private func solveFromScratch(_ generated: Scenario, threads: Int) throws {
        var scenario = generated
        scenario.placement = nil
        let began = Date()
        let problem = try Problem(scenario)
        let compiled = Date().timeIntervalSince(began)
        var options = Annealer.Options()
        options.threads = threads
        options.timeLimit = seconds
        if let repack { options.repackProbability = repack }
        options.progress = { p in
            StandardError.write(
                String(
                    format: "[%6.1fs] round %d  best %@  violation %@  %.2fM moves/s\n", p.elapsed, p.round,
                    p.bestCost.map { CostReport.number($0) } ?? "none feasible yet",
                    CostReport.number(p.currentViolation),
                    p.movesPerSecond / 1e6))
        }
        let result = Annealer(options: options).solve(CostModel(problem))
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let firstFeasible = result.start.isFeasible ? 0 : result.history.first?.0
        print("\(shards) shards × \(hosts) hosts × \(resources) resources from scratch on \(threads) thread(s)")
        print(
            String(
                format: "compile %.1fs; greedy start %@ (total %@)", compiled,
                result.start.isFeasible ? "feasible" : "infeasible", CostReport.number(result.start.total)))
        print(
            "first feasible placement after: "
                + (firstFeasible.map { String(format: "%.1fs of solving", $0) } ?? "not reached"))
        print(
            String(
                format: "final: %@, total %@, %.1fs, %d moves",
                result.evaluation.isFeasible ? "feasible" : "INFEASIBLE", CostReport.number(result.evaluation.total),
                result.elapsed, result.moves))
        print(String(format: "peak resident memory: %.0f MiB", Double(usage.ru_maxrss) / 1024))
        for v in result.evaluation.violations.prefix(5) { print("  remaining [\(v.term)] \(v.message)") }
    }

    /// Fits and forecasts a panel of synthetic series: 4,096 distinct shapes (daily season of 288 samples,
    /// trend, noise, occasional level shifts), repeated with a different scale per series. Building the
    /// panel is not timed.
    private func benchForecast(threads: Int) throws {
        guard series > 0, samples > 1 else { throw CLIFailure.invalidInput("--series and --samples must be positive") }
        let method: ForecastOptions.Model
        if model == "auto" {
            method = .auto
        } else if let m = ForecastMethod(rawValue: model) {
            method = .fixed(m)
        } else {
            throw CLIFailure.invalidInput("--model: expected auto or a method name, found \"\(model)\"")
        }
        StandardError.write("building \(series) series × \(samples) samples …\n")
        let shapes = min(4096, series)
        var rng = SplitMix64(seed: seed)
        var pool = [Float](repeating: 0, count: shapes * samples)
        for s in 0..<shapes {
            let level = 10 + 90 * rng.nextDouble()
            let amplitude = level * 0.6 * rng.nextDouble()
            let noise = level * 0.15 * rng.nextDouble()
            let trend = level * 0.2 * (rng.nextDouble() - 0.5) / Double(samples)
            var shift = 0.0
            for t in 0..<samples {
                if rng.nextDouble() < 0.001 { shift += level * 0.3 * (rng.nextDouble() - 0.5) }
                let u1 = max(1e-12, rng.nextDouble())
                let gauss = (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * rng.nextDouble())
                let phase = 2 * Double.pi * Double(t % 288) / 288
                let value = level + shift + trend * Double(t) + amplitude * sin(phase) + noise * gauss
                pool[s * samples + t] = Float(max(0.1, value))
            }
        }
        var panel = SeriesPanel()
        panel.reserveCapacity(samples: series * samples, series: series)
        for i in 0..<series {
            let base = (i % shapes) * samples
            let factor = Float(1 + Double(i / shapes) * 0.01)
            panel.append(pool[base..<(base + samples)].lazy.map { $0 * factor })
        }
        let options = ForecastOptions(horizon: 24, season: 288, quantile: 0.95, model: method, threads: threads)
        StandardError.write("fitting on \(threads) thread(s) …\n")
        let began = Date()
        let cpuBegan = Self.processCPUSeconds()
        let table = Forecaster(options: options).forecast(panel)
        let seconds = Date().timeIntervalSince(began)
        let cpu = Self.processCPUSeconds() - cpuBegan
        var counts = [Int](repeating: 0, count: ForecastMethod.allCases.count)
        for m in table.methods { counts[ForecastMethod.allCases.firstIndex(of: m)!] += 1 }
        let models = ForecastMethod.allCases.enumerated().filter { counts[$0.offset] > 0 }.map {
            "\($0.element.rawValue) \(counts[$0.offset])"
        }
        print(
            String(
                format:
                    "%d series × %d samples, model %@, %d thread(s): fit + forecast in %.2fs (%.0f series/s, %.1f M samples/s), %.2f CPU-s",
                series, samples, model, threads, seconds, Double(series) / seconds,
                Double(series * samples) / seconds / 1e6, cpu))
        let combined = (0..<table.count).filter { table.components($0).count > 1 }.count
        print("models chosen: " + models.joined(separator: ", ") + "; combined with a second method: \(combined)")
    }

    /// CPU time of the whole process so far (every thread), in seconds: on a shared machine the wall time
    /// depends on the other load, the CPU time much less.
    static func processCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    private func rate(_ x: Double) -> String { String(format: "%.2fM", x / 1e6) }

    /// Random shift deltas per second over `threads` threads, each with its own state.
    static func deltaRate(
        _ model: CostModel, threads: Int, seconds: Double, placement given: Placement? = nil
    )
        -> Double
    {
        deltaRates(model, threads: threads, seconds: seconds, placement: given).wall
    }

    /// Random shift deltas per second over `threads` threads, each with its own state: per second of
    /// wall clock (all threads together) and per CPU-second of the threads that did them (what one core
    /// does when it runs undisturbed; on a loaded machine the wall-clock rate understates it).
    static func deltaRates(
        _ model: CostModel, threads: Int, seconds: Double, placement given: Placement? = nil
    ) -> (wall: Double, perCPUSecond: Double) {
        let counts = Mutex([(Int, Double)](repeating: (0, 0), count: threads))
        let placement = given ?? Placement(initialOf: model.problem)
        let n = model.problem.shardCount
        let leaves = model.problem.leafCount
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            let state = CostState(model: model, placement: placement)
            var rng = SplitMix64(seed: UInt64(t + 1))
            var done = 0
            var sink = 0.0
            let begin = Date()
            let cpuBegin = threadCPUSeconds()
            // The moves are drawn three ahead and prefetched in three stages, as the annealer does.
            var ahead1 = (rng.next(below: n), rng.next(below: leaves))
            var ahead2 = (rng.next(below: n), rng.next(below: leaves))
            var ahead3 = (rng.next(below: n), rng.next(below: leaves))
            while Date().timeIntervalSince(begin) < seconds {
                for _ in 0..<65_536 {
                    let move = ahead1
                    ahead1 = ahead2
                    ahead2 = ahead3
                    ahead3 = (rng.next(below: n), rng.next(below: leaves))
                    state.prefetchShift(ahead3.0, to: ahead3.1)
                    state.prefetchShiftSource(ahead2.0, to: ahead2.1)
                    state.prefetchShiftPeers(ahead1.0)
                    sink += state.shiftDelta(move.0, to: move.1).load
                }
                done += 65_536
            }
            let cpu = threadCPUSeconds() - cpuBegin
            blackHole(sink)
            counts.withLock { $0[t] = (done, cpu) }
        }
        let (total, cpu) = counts.withLock { $0.reduce((0, 0.0)) { ($0.0 + $1.0, $0.1 + $1.1) } }
        return (Double(total) / seconds, cpu > 0 ? Double(total) / cpu : 0)
    }

    /// Shifts priced per second by scans of hosts over `threads` threads, each with its own state and
    /// scan: a random shard's shift to every host per scan (0 when the scenario cannot be scanned). Per
    /// second of wall clock and per CPU-second, as ``deltaRates(_:threads:seconds:placement:)``.
    static func scanRates(_ model: CostModel, threads: Int, seconds: Double) -> (wall: Double, perCPUSecond: Double) {
        let counts = Mutex([(Int, Double)](repeating: (0, 0), count: threads))
        let placement = Placement(initialOf: model.problem)
        let n = model.problem.shardCount
        let hosts = model.problem.hostCount
        let weights = model.problem.weights
        let lambda = SIMD8<Double>(repeating: 1e4)
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            let state = CostState(model: model, placement: placement)
            let scan = ShiftScan(model.problem)
            guard state.scans(with: scan) else { return }
            var rng = SplitMix64(seed: UInt64(t + 1))
            var done = 0
            var sink = 0.0
            let begin = Date()
            let cpuBegin = threadCPUSeconds()
            while Date().timeIntervalSince(begin) < seconds {
                for _ in 0..<256 {
                    let s = rng.next(below: n)
                    state.scanShifts(s, weights: weights, lambda: lambda, into: scan)
                    sink += scan.value(atHost: rng.next(below: hosts))
                }
                done += 256 * hosts
            }
            let cpu = threadCPUSeconds() - cpuBegin
            blackHole(sink)
            counts.withLock { $0[t] = (done, cpu) }
        }
        let (total, cpu) = counts.withLock { $0.reduce((0, 0.0)) { ($0.0 + $1.0, $0.1 + $1.1) } }
        return (Double(total) / seconds, cpu > 0 ? Double(total) / cpu : 0)
    }

    static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }
}

/// Keeps a computed value alive so that the measured loop is not optimised away.
@inline(never)
private func blackHole(_ value: Double) {
    withExtendedLifetime(value) {}
}
