import ArgumentParser
import Foundation
import ShardPlace

/// `shardplace roadef`: the ROADEF/EURO 2012 challenge command line.
struct RoadefCommand: ParsableCommand {
    static let teamName = "shardplace"

    static let configuration = CommandConfiguration(
        commandName: "roadef",
        abstract: "Solve a Google ROADEF/EURO 2012 machine-reassignment instance (the challenge's command line).",
        discussion: HelpText.reflow(
            """
              shardplace roadef -t SECONDS -p MODEL -i ASSIGNMENT -o NEW_ASSIGNMENT
                  [-s SEED] [-name]

            The initial assignment is written to NEW_ASSIGNMENT first (it is always valid), then replaced
            (atomically) by the best feasible reassignment found before the time limit. -name prints the team
            name and exits. --check FILE instead prices an assignment against the initial one, term by term
            as the challenge defines the objective (the same split as roadef_check.py), exit 0 when
            feasible and 1 when not.
            """)
    )

    @Option(name: .customShort("t"), help: ArgumentHelp("Time limit in seconds.", valueName: "seconds")) var seconds:
        Double?
    @Option(name: .customShort("p"), help: ArgumentHelp("The model file.", valueName: "model")) var model: String?
    @Option(name: .customShort("i"), help: ArgumentHelp("The initial assignment.", valueName: "assignment"))
    var initial: String?
    @Option(name: .customShort("o"), help: ArgumentHelp("Where to write the new assignment.", valueName: "file"))
    var output: String?
    @Option(name: .customShort("s"), help: "Seed.") var seed: UInt64 = 1
    @Flag(name: .customLong("name", withSingleDash: true), help: "Print the team name and exit.") var name = false
    @Option(name: .long, help: ArgumentHelp("Price this assignment instead of solving.", valueName: "file")) var check:
        String?
    @Option(name: .long, help: "Threads (default: all allowed PUs).") var threads: Int?
    @Flag(name: .long, help: "With --check: print JSON.") var json = false
    @Flag(name: .long, help: "No progress lines on stderr.") var quiet = false
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Share of the repack descent chain's moves that are big-shard ejection moves (0 = off, the default; BENCHMARKS.md has what it did on set A).",
            valueName: "share"))
    var eject = 0.0
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Share of the chains (rounded down) that run the descent search instead of annealing (default 0.5 on instances with 4 resources or more and at most 1,000,000 process × machine pairs, else 0).",
            valueName: "share"))
    var descent: Double?
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The descent search's beam: wide (the winners' 15/8/4/2 placements kept, 300 ejection trials per prefix), narrow (one placement, 20 trials) or auto (wide from -t 45 on, the default)."
        ))
    var beam: Beam = .auto

    enum Beam: String, ExpressibleByArgument, CaseIterable { case auto, wide, narrow }

    /// The challenge's objective split.
    struct Objective: Encodable {
        var feasible: Bool
        var loadCost: Double
        var balanceCost: Double
        var processMoveCost: Double
        var serviceMoveCost: Double
        var machineMoveCost: Double
        var total: Double
        var violations: [String: Double]
        var movedProcesses: Int
    }

    static func objective(_ evaluation: Evaluation, weights w: Policy.Weights, moved: Int) -> Objective {
        let t = evaluation.terms
        var violations: [String: Double] = [:]
        for name in CostTerms.hardNames where t[name]! != 0 { violations[name] = t[name]! }
        let parts = [
            t.load * w.load, t.balance * w.balance, t.migration * w.migration, t.groupMoves * w.groupMoves,
            t.hostMoves * w.hostMoves,
        ]
        return Objective(
            feasible: evaluation.isFeasible, loadCost: parts[0], balanceCost: parts[1], processMoveCost: parts[2],
            serviceMoveCost: parts[3], machineMoveCost: parts[4], total: parts.reduce(0, +), violations: violations,
            movedProcesses: moved)
    }

    func run() throws {
        if name {
            print(Self.teamName)
            return
        }
        // The limit covers the whole run, reading the instance included (as the challenge timed it).
        let began = Date()
        var feasible = true
        try reportingFailures {
            guard let model, let initial else {
                throw CLIFailure.invalidInput("-p MODEL and -i ASSIGNMENT are required")
            }
            let scenario = try Roadef.scenario(model: model, assignment: initial)
            let problem = try Problem(scenario)
            let costModel = CostModel(problem)
            if let check {
                let locations = try Roadef.assignment(contentsOf: check, problem: problem)
                let evaluation = costModel.evaluate(locations)
                let moved = zip(locations.leaves, problem.initialLeaf).count { $0 != $1 }
                let objective = Self.objective(evaluation, weights: problem.weights, moved: moved)
                feasible = objective.feasible
                if json {
                    print(try CostReport.json(objective), terminator: "")
                } else {
                    print(String(format: "feasible: %@", objective.feasible ? "yes" : "NO"))
                    for (label, value) in [
                        ("load cost", objective.loadCost), ("balance cost", objective.balanceCost),
                        ("process move cost", objective.processMoveCost),
                        ("service move cost", objective.serviceMoveCost),
                        ("machine move cost", objective.machineMoveCost), ("total", objective.total),
                    ] {
                        print("\(label.padding(toLength: 18, withPad: " ", startingAt: 0)) \(CostReport.number(value))")
                    }
                    for (term, amount) in objective.violations.sorted(by: { $0.key < $1.key }) {
                        print("violated \(term): \(CostReport.number(amount))")
                    }
                }
                return
            }
            guard let output, let seconds else {
                throw CLIFailure.invalidInput("-t SECONDS and -o NEW_ASSIGNMENT are required")
            }
            guard seconds > 0 else { throw CLIFailure.invalidInput("-t must be a positive number of seconds") }
            guard (0...1).contains(eject) else { throw CLIFailure.invalidInput("--eject must be a share from 0 to 1") }
            if let descent, !(0...1).contains(descent) {
                throw CLIFailure.invalidInput("--descent must be a share from 0 to 1")
            }
            // The initial assignment is valid: write it first so that a solution exists whatever happens.
            let start = Placement(initialOf: problem)
            try FileOutput.writeAtomically(Roadef.solution(start, problem: problem), to: output)
            var options = Annealer.Options()
            options.seed = seed
            options.threads = threads
            // A portfolio: half the chains anneal (repacking now and then), half descend by repacking only,
            // exchanging their best between rounds. Annealing alone wanders far from the initial assignment,
            // spending the transient capacity that every moved process keeps on its old machine.
            options.repackChainShare = 0.5
            options.repackProbability = 0.001
            options.ejectShare = eject
            // Where many resources are packed tightly together, half the chains run the descent search
            // (largest processes first, ejections, load costs stressed one resource at a time) while the
            // others anneal; with few resources, annealing alone does better on set A (BENCHMARKS.md).
            // Only on set-A-sized instances: the search keeps a shards × hosts table and its swap descent
            // grows with the square of the prefix, far past what fits 50,000 × 5,000 in the time.
            let small = problem.shardCount * problem.hostCount <= 1_000_000
            options.descentChainShare = descent ?? (problem.resourceCount >= 4 && small ? 0.5 : 0)
            options.descentWideBeam = beam == .auto ? nil : beam == .wide
            // Keep a margin for writing the answer (and the process exiting) inside the limit.
            options.timeLimit = max(0.1, seconds - Date().timeIntervalSince(began) - max(0.5, 0.02 * seconds))
            if !quiet {
                options.progress = { p in
                    StandardError.write(
                        String(
                            format: "[%6.1fs] best %@  %.2fM moves/s  temperature %.3g\n",
                            Date().timeIntervalSince(began),
                            p.bestCost.map { CostReport.number($0) } ?? "-",
                            p.movesPerSecond / 1e6, p.temperature))
                }
            }
            let result = Annealer(options: options).solve(costModel, start: start)
            if result.evaluation.isFeasible {
                try FileOutput.writeAtomically(Roadef.solution(result.placement, problem: problem), to: output)
            }
            if !quiet {
                StandardError.write(
                    "initial \(CostReport.number(result.start.total)) → \(CostReport.number(result.evaluation.total)) in \(String(format: "%.1f", Date().timeIntervalSince(began)))s "
                        + String(
                            format: "(%.1fM moves priced on %d chain(s))\n", Double(result.moves) / 1e6, result.chains)
                )
            }
        }
        if !feasible { throw ExitCode(1) }
    }
}
