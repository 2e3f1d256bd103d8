import ArgumentParser
import Foundation
import ShardPlace

/// `shardplace plan`: re-solve from the current placement under a migration budget (or take a given
/// target, or fail a host) and turn the result into an ordered, safe migration plan.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Re-optimise from the current placement under a migration budget and plan the moves in safe waves.",
        discussion: HelpText.reflow(
            """
            The current placement is the scenario's (or --current FILE). The re-solve anneals with the \
            policy's migration weights, then reverts the least valuable moves until --budget-moves and \
            --budget-bytes (and the policy's maxMovesTotal / maxMovesPerHost / maxMovesPerDomain) hold, \
            keeping every hard rule. --target FILE skips the re-solve and plans the way to that placement. \
            --fail-host H plans the failover of host H instead: standbys of lost primaries are promoted, \
            lost shards re-created elsewhere under every rule.

            The planner orders the moves into waves: a moving shard occupies its source and destination \
            for every resource during its wave; at most maxConcurrentPerHost moves into and out of a host \
            and maxBytesPerWave bytes per wave; replica groups keep minAvailable members steady and never \
            have two members present in one anti-affinity domain; cycles of full hosts go through a \
            staging host. Moves carry their phases (prepare, bulk copy, shadow writes, verify, cut over, \
            clean up) with durations from size and --bandwidth (default: the policy's bandwidth, else \
            125000000 bytes/s = 1 Gbit/s), and an urgency (overload probability × impact ÷ transfer cost).

            JSON (sorted keys): target, waves (moves with phases, urgency, cutOverVersion), blocked and \
            deferred (with reasons), promotions, budget, cost.before / cost.after, and with --dry-run \
            `simulation`: per wave the peak usage of every host it touches, the cluster's peak \
            utilisation and any violation (there should be none).

            Exit status: 0 when the target is feasible, within budget and fully planned; 1 when it is \
            infeasible, over budget, or moves are blocked or deferred; 2 on invalid input.
            """)
    )

    @OptionGroup var scenarioOptions: ScenarioOptions

    @Option(
        name: .long,
        help: ArgumentHelp("A placement file with the current placement (default: the scenario's).", valueName: "file"))
    var current: String?

    @Option(
        name: .long,
        help: ArgumentHelp("Plan the way to this placement file instead of re-solving.", valueName: "file"))
    var target: String?

    @Option(name: .long, help: ArgumentHelp("Plan the failover of this host.", valueName: "host"))
    var failHost: String?

    @Option(name: .long, help: ArgumentHelp("At most this many shards change host.", valueName: "n"))
    var budgetMoves: Int?

    @Option(name: .long, help: ArgumentHelp("At most this many bytes are copied.", valueName: "bytes"))
    var budgetBytes: Double?

    @Option(name: .long, help: ArgumentHelp("Copy bandwidth per move, bytes per second.", valueName: "bytes/s"))
    var bandwidth: Double?

    @OptionGroup var solve: SolveOptions

    @Flag(name: .long, help: "Replay every wave and add the intermediate states (`simulation`) to the output.")
    var dryRun = false

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the plan (JSON) to this file.", valueName: "file"))
    var output: String?

    @Option(name: .long, help: "Report format on stdout: text or json (the plan document).")
    var format: ReportFormat = .text

    @Flag(name: .long, help: "No progress lines on stderr.")
    var quiet = false

    func validate() throws {
        if let budgetMoves, budgetMoves < 0 { throw ValidationError("--budget-moves must be ≥ 0") }
        if let budgetBytes, !(budgetBytes >= 0) || !budgetBytes.isFinite {
            throw ValidationError("--budget-bytes must be a number ≥ 0")
        }
        if let bandwidth, !(bandwidth > 0) || !bandwidth.isFinite {
            throw ValidationError("--bandwidth must be a positive number of bytes per second")
        }
        if failHost != nil && target != nil { throw ValidationError("--fail-host and --target are exclusive") }
    }

    func run() throws {
        var success = true
        try reportingFailures {
            var (scenario, name) = try scenarioOptions.load()
            if let current {
                let problem = try compile(scenario, name)
                let placement = try readPlacement(current, problem)
                scenario.placement = placement.locations(in: problem)
            }
            var plannerOptions = MigrationPlanner.Options(limits: scenario.policy.migration)
            if let bandwidth { plannerOptions.bandwidth = bandwidth }
            let document: PlanDocument
            if let failHost {
                var failover = Failover(planner: plannerOptions, annealer: annealerOptions())
                failover.seed = solve.seed
                let result: Failover.Result
                let began = Date()
                do {
                    result = try failover.plan(scenario, failing: failHost)
                } catch let error as ScenarioError {
                    throw CLIFailure.invalidInput(ScenarioError(file: name, issues: error.issues).description)
                }
                let model = CostModel(result.problem)
                let simulation = dryRun ? result.plan.simulate(result.problem, limits: plannerOptions.limits) : nil
                document = PlanDocument(
                    scenario: name, problem: result.problem, plan: result.plan, target: result.target,
                    before: model.evaluate(result.start), beforePlacement: result.start,
                    after: model.evaluate(result.plan.finalPlacement), budget: nil, simulation: simulation,
                    stats: .init(resolveSeconds: Date().timeIntervalSince(began), planSeconds: 0),
                    failedHost: result.failedHost, lost: result.lost)
            } else {
                let problem = try compile(scenario, name)
                let model = CostModel(problem)
                let start = Placement(initialOf: problem)
                let given = try target.map { try readPlacement($0, problem) }
                let budget = Rebalancer.Budget(
                    limits: scenario.policy.migration, moves: budgetMoves, bytes: budgetBytes)
                // Re-solve (or hold the given target to the budget), then plan under the budget's totals.
                let planned = Rebalancer(annealer: annealerOptions(), budget: budget).plan(
                    model, target: given, planner: plannerOptions)
                let simulation = dryRun ? planned.plan.simulate(problem, limits: planned.limits) : nil
                document = PlanDocument(
                    scenario: name, problem: problem, plan: planned.plan, target: planned.resolved.target,
                    before: model.evaluate(start), beforePlacement: start, after: planned.resolved.evaluation,
                    budget: .init(
                        moves: budgetMoves, bytes: budgetBytes, withinBudget: planned.resolved.withinBudget,
                        reverted: planned.resolved.reverted),
                    simulation: simulation,
                    stats: .init(resolveSeconds: planned.resolveSeconds, planSeconds: planned.planSeconds))
                success = planned.resolved.withinBudget
            }
            success =
                success && document.feasible && document.plan.complete
                && (document.simulation?.allSatisfy { $0.violations.isEmpty } ?? true)
            let json = try CostReport.json(document)
            if let output { try FileOutput.writeAtomically(json, to: output) }
            switch format {
            case .json: try FileOutput.writeStandardOutput(json)
            case .text:
                var text = document.text()
                if let output { text += "plan written to \(output)\n" }
                try FileOutput.writeStandardOutput(text)
            }
        }
        if !success { throw ExitCode(1) }
    }

    private func compile(_ scenario: Scenario, _ name: String) throws -> Problem {
        do {
            return try Problem(scenario)
        } catch {
            throw CLIFailure.invalidInput(ScenarioError(file: name, issues: error.issues).description)
        }
    }

    private func readPlacement(_ path: String, _ problem: Problem) throws -> Placement {
        do {
            return try Placement(contentsOf: path, problem: problem)
        } catch {
            throw CLIFailure.invalidInput(error.description)
        }
    }

    private func annealerOptions() -> Annealer.Options {
        var options = solve.annealerOptions
        if !quiet {
            options.progress = { p in
                let best = p.bestCost.map { CostReport.number($0) + " (feasible)" } ?? "none feasible yet"
                StandardError.write(
                    String(
                        format: "[%6.1fs] re-solve round %d  best %@  %.2fM moves/s\n", p.elapsed, p.round, best,
                        p.movesPerSecond / 1e6))
            }
        }
        return options
    }
}
