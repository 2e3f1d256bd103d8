import ArgumentParser
import Foundation
import ShardPlace

/// Where to read a host topology from: an hwloc XML export, an hwloc synthetic description, or (the
/// default) this machine.
struct TopologySourceOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("Read the topology from an hwloc XML export (lstopo --of xml).", valueName: "file"))
    var input: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Build the topology from an hwloc synthetic description, e.g. \"pack:2 numa:2 l3:1 core:8 pu:2\".",
            valueName: "description"))
    var synthetic: String?

    func validate() throws {
        if input != nil && synthetic != nil {
            throw ValidationError("--input and --synthetic are exclusive: give one topology source")
        }
    }

    var source: Topology.Source {
        if let input { return .xmlFile(input) }
        if let synthetic { return .synthetic(synthetic) }
        return .live
    }
}

/// Reports a failure the way every subcommand does: one line on stderr, then the exit status.
struct CLIFailure: Error, CustomStringConvertible {
    var message: String
    var exitCode: Int32
    var description: String { message }

    static func invalidInput(_ message: String) -> CLIFailure { CLIFailure(message: message, exitCode: 2) }
}

extension ParsableCommand {
    /// Runs `body`, turning a `CLIFailure` or a library error into one stderr line and an exit status.
    func reportingFailures(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let failure as CLIFailure {
            for line in failure.message.split(separator: "\n") { StandardError.write("shardplace: error: \(line)\n") }
            throw ExitCode(failure.exitCode)
        } catch let error as TopologyError {
            StandardError.write("shardplace: error: \(error.message)\n")
            throw ExitCode(2)
        } catch let error as ScenarioError {
            for line in error.description.split(separator: "\n") { StandardError.write("shardplace: error: \(line)\n") }
            throw ExitCode(2)
        }
    }
}

/// The scenario a command works on: a JSON or YAML file, or (without `--scenario`) the bundled sample.
struct ScenarioOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "A scenario file (.json, .yaml or .yml). Without it, the bundled sample scenario is used.",
            valueName: "file"))
    var scenario: String?

    @OptionGroup var trust: TrustLedgerOptions

    /// Loads and validates the scenario, with host trust from the trust ledger when one is given;
    /// every problem of the file becomes one stderr line (exit 2).
    func load() throws -> (scenario: Scenario, name: String) {
        guard let path = scenario else {
            let name = "sample-scenario.json (bundled)"
            return (try trust.apply(to: SampleScenario.scenario, name: name), name)
        }
        do {
            return (try trust.apply(to: try ScenarioLoader.load(contentsOf: path), name: path), path)
        } catch let error as ScenarioError {
            throw CLIFailure.invalidInput(error.description)
        }
    }

    /// A scenario ready to solve.
    struct Compiled {
        /// The scenario with forecast demand (when `policy.forecast` is set).
        var scenario: Scenario
        var problem: Problem
        /// The file name, or the bundled sample's.
        var name: String
        /// What forecasting did, when it ran.
        var forecast: DemandForecastSummary?
        /// The offer plan the problem charges offer hosts with, when the scenario has offers.
        var offerPlan: OfferPlan?
        /// Every shard's forecast paths, when asked for and forecasting ran (for ``OverloadRisk``).
        var paths: DemandPaths?
    }

    /// Loads the scenario (with its placement depth overridden when `depth` is given) and compiles it;
    /// host topologies are loaded through hwloc here.
    ///
    /// With `policy.forecast`, shards that have a demand history are given their forecast peak as demand
    /// first (``Scenario/forecastingDemand(relativeTo:keepingPaths:)``); `forecast` says what was done. With offers,
    /// the offer plan (``OfferPlanner``) is made against the forecast's outlook of total demand (or the
    /// demand as given) and compiled in. `keepingPaths` keeps the forecast paths (``Compiled/paths``).
    func compile(depth: PlacementDepth? = nil, keepingPaths: Bool = false) throws -> Compiled {
        var (scenario, name) = try load()
        if let depth { scenario.depth = depth }
        let directory =
            self.scenario == nil
            ? nil : URL(fileURLWithPath: name).deletingLastPathComponent().path
        let summary: DemandForecastSummary?
        do {
            (scenario, summary) = try scenario.forecastingDemand(relativeTo: directory, keepingPaths: keepingPaths)
        } catch {
            throw CLIFailure.invalidInput(ScenarioError(file: name, issues: error.issues).description)
        }
        let plan = scenario.offerPlan(outlook: summary?.outlook)
        do {
            return Compiled(
                scenario: scenario, problem: try Problem(scenario, offerPlan: plan), name: name, forecast: summary,
                offerPlan: plan, paths: summary?.paths)
        } catch {
            throw CLIFailure.invalidInput(ScenarioError(file: name, issues: error.issues).description)
        }
    }
}

/// Output formats shared by the report commands.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// `--depth` values (the library's ``PlacementDepth``).
enum DepthOption: String, ExpressibleByArgument, CaseIterable {
    case host, numa, l3, core

    var depth: PlacementDepth { PlacementDepth(rawValue: rawValue)! }
}

/// The annealer's budget and reproducibility options, shared by the commands that solve (`place`, `plan`).
struct SolveOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Wall-clock budget of the solve in seconds.", valueName: "seconds"))
    var timeLimit: Double?

    @Option(
        name: .long,
        help: ArgumentHelp("Total move budget over all chains (deterministic with --seed).", valueName: "n"))
    var iterations: Int?

    @Option(name: .long, help: "Chains (threads); default: every PU this process may use.")
    var threads: Int?

    @Option(name: .long, help: "Seed of the random generators.")
    var seed: UInt64 = 1

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Probability per move that an annealing chain repacks: takes the shards off a few hosts and puts them back by a bounded search (0 turns it off; default \(Annealer.Options().repackProbability)).",
            valueName: "p"))
    var repack: Double?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Share of the chains (rounded up, never all) that only repack, descending while the others anneal (default 0).",
            valueName: "share"))
    var repackChains: Double?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Shift evaluations of the final polish, an exhaustive shift-and-swap descent of the best placement (and, where moves cost something, returns of moved shards with compensating shifts) run when one pass over every (shard, leaf) fits (0 turns it off; default \(Annealer.Options().polishBudget)).",
            valueName: "n"))
    var polish: Int?

    func validate() throws {
        if let polish, polish < 0 { throw ValidationError("--polish must be 0 (off) or a positive evaluation budget") }
        if let timeLimit, !(timeLimit > 0) {
            throw ValidationError("--time-limit must be a positive number of seconds")
        }
        if let iterations, iterations <= 0 { throw ValidationError("--iterations must be positive") }
        if let threads, threads <= 0 { throw ValidationError("--threads must be positive") }
        if let repack, !(0...1).contains(repack) { throw ValidationError("--repack must be a probability in [0, 1]") }
        if let repackChains, !(0...1).contains(repackChains) {
            throw ValidationError("--repack-chains must be a share in [0, 1]")
        }
    }

    /// Annealer options with these budgets and seed (no progress callback).
    var annealerOptions: Annealer.Options {
        var options = Annealer.Options()
        options.threads = threads
        options.seed = seed
        options.timeLimit = timeLimit
        options.iterations = iterations
        if let repack { options.repackProbability = repack }
        if let repackChains { options.repackChainShare = repackChains }
        if let polish { options.polishBudget = polish }
        return options
    }
}
