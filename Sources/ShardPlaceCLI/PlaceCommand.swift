import ArgumentParser
import Foundation
import ShardPlace

/// `shardplace place`: solve a scenario and write the placement with its cost breakdown.
struct PlaceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "place",
        abstract: "Find the best placement the time allows (parallel simulated annealing from a greedy start).",
        discussion: HelpText.reflow(
            """
            Starts from the scenario's current placement (shards without one are placed greedily), then
            anneals on one chain per core, chains grouped by NUMA node. Progress goes to stderr about once
            a second (best cost, feasibility, moves/s, temperature); the cost breakdown before and after
            goes to stdout; -o writes the placement file atomically (temp file + rename).

            Below host depth the placement lists each shard's cpuset and nodeset with ready
            `hwloc-bind` and `numactl` command lines.

            With a provider catalog and offers, the offers are planned first (reserved capacity for the
            forecast's base load, on-demand and spot for the peaks; see `shardplace bill`), and the report
            gives the projected monthly bill of the current placement and of the result (JSON: `bill`,
            `offerPlan`).

            --no-riskier-than greedy|current bounds the result's overload risk (expected overloaded \
            hosts per hour over the forecast horizon, from the forecast quantiles; the DocC type \
            OverloadRisk) by that of the greedy baseline or of the current placement: after the search, \
            a riskier result is repaired by moving shards off the riskiest hosts at the least cost per \
            unit of risk, else the reference is returned (JSON: `risk`). `current` needs every shard \
            placed in the scenario.

            Without --time-limit or --iterations the budget is 2,000 moves per shard (at least 200,000).

            Exit status: 0 when the result is feasible, 1 when no feasible placement was found (the
            violations that could not be resolved are listed), 2 on invalid input.
            """)
    )

    enum Solver: String, ExpressibleByArgument, CaseIterable { case anneal, greedy }

    enum RiskReference: String, ExpressibleByArgument, CaseIterable { case greedy, current }

    @OptionGroup var scenarioOptions: ScenarioOptions

    @OptionGroup var solve: SolveOptions

    @Option(name: .long, help: "Override the scenario's placement depth: host, numa, l3 or core.")
    var depth: DepthOption?

    @Option(name: .long, help: "anneal (default) or greedy (the constructive baseline alone).")
    var solver: Solver = .anneal

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Never return a placement riskier (overload risk from the forecast) than the greedy baseline's or the current placement's.",
            valueName: "greedy|current"))
    var noRiskierThan: RiskReference?

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the placement (JSON) to this file.", valueName: "file"))
    var output: String?

    @Option(name: .long, help: "Report format on stdout: text or json (the placement document).")
    var format: ReportFormat = .text

    @Flag(name: .long, help: "No progress lines on stderr.")
    var quiet = false

    func run() throws {
        var feasible = true
        try reportingFailures {
            if noRiskierThan != nil && solver == .greedy {
                throw CLIFailure.invalidInput(
                    "--no-riskier-than bounds the annealer's result: not with --solver greedy")
            }
            let compiled = try scenarioOptions.compile(depth: depth?.depth, keepingPaths: noRiskierThan != nil)
            let (problem, name, forecast) = (compiled.problem, compiled.name, compiled.forecast)
            let model = CostModel(problem)
            let result: PlacementDocument
            var riskReport: PlacementDocument.Risk?
            switch solver {
            case .greedy:
                let began = Date()
                let placement = Greedy(seed: solve.seed).solve(model)
                let evaluation = model.evaluate(placement)
                result = PlacementDocument(
                    scenario: name, solver: "greedy", problem: problem, placement: placement, evaluation: evaluation,
                    start: nil,
                    stats: .init(
                        moves: 0, movesPerSecond: 0, chains: 1, numaNodes: 1, seconds: Date().timeIntervalSince(began)))
            case .anneal:
                var options = solve.annealerOptions
                if !quiet {
                    options.progress = { p in
                        let best = p.bestCost.map { CostReport.number($0) + " (feasible)" } ?? "none feasible yet"
                        StandardError.write(
                            String(
                                format: "[%6.1fs] round %d  best %@  current %@  violation %@  %.2fM moves/s  T=%.4g\n",
                                p.elapsed,
                                p.round, best, CostReport.number(p.currentCost), CostReport.number(p.currentViolation),
                                p.movesPerSecond / 1e6, p.temperature))
                    }
                }
                if let noRiskierThan {
                    let current = Placement(initialOf: problem)
                    let unplaced = current.leaves.filter { $0 < 0 }.count
                    if noRiskierThan == .current && unplaced > 0 {
                        throw CLIFailure.invalidInput(
                            "--no-riskier-than current: \(unplaced) shard(s) have no current placement (use greedy)")
                    }
                    let reference = noRiskierThan == .greedy ? Greedy(seed: solve.seed).solve(model) : current
                    options.riskGuard = RiskGuard(
                        risk: OverloadRisk(problem: problem, paths: compiled.paths), reference: reference)
                }
                let solved = Annealer(options: options).solve(model)
                if let check = solved.risk, let noRiskierThan {
                    riskReport = .init(
                        reference: noRiskierThan.rawValue, limit: check.limit, searched: check.searched,
                        placed: check.value, repairMoves: check.repairMoves, fellBack: check.fellBack, met: check.met)
                }
                result = PlacementDocument(
                    scenario: name, solver: "anneal", problem: problem, placement: solved.placement,
                    evaluation: solved.evaluation,
                    start: solved.start,
                    stats: .init(
                        moves: solved.moves, movesPerSecond: Double(solved.moves) / max(1e-9, solved.elapsed),
                        chains: solved.chains,
                        numaNodes: solved.numaNodes, seconds: solved.elapsed))
            }
            feasible = result.feasible
            var document = result
            document.forecast = forecast
            document.offerPlan = compiled.offerPlan
            document.risk = riskReport
            let bills = PlacementDocument.Bills(
                current: Bill(problem: problem, placement: Placement(initialOf: problem)),
                placed: Bill(problem: problem, placement: result.placementValue))
            document.bill = bills
            let json = try CostReport.json(document)
            if let output { try FileOutput.writeAtomically(json, to: output) }
            switch format {
            case .json: try FileOutput.writeStandardOutput(json)
            case .text:
                var text = ""
                if let forecast {
                    text += "demand: forecast peak (quantile \(forecast.quantile), horizon \(forecast.horizon) steps) "
                    text += "for \(forecast.shards) shard(s), \(forecast.series) series; models: "
                    text +=
                        forecast.models.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(
                            separator: ", ") + "\n"
                }
                if let start = result.startEvaluation {
                    text += "start (current placement, completed greedily): total \(CostReport.number(start.total)), "
                    text += start.isFeasible ? "feasible\n" : "infeasible\n"
                }
                text += CostReport.text(
                    result.evaluationValue, problem: problem, placement: result.placementValue, scenario: name)
                if bills.current.total > 0 || bills.placed.total > 0 || compiled.offerPlan != nil {
                    text += PlaceCommand.billLine(bills, plan: compiled.offerPlan)
                }
                if let risk = riskReport {
                    text += String(
                        format: "overload risk (overloaded hosts per hour): %@ %.3g, search %.3g, placed %.3g",
                        risk.reference, risk.limit, risk.searched.expectedOverloadedHosts,
                        risk.placed.expectedOverloadedHosts)
                    if !risk.met {
                        text +=
                            " (NOT within the bound: the repair failed, and the reference and the start are infeasible or riskier)\n"
                    } else if risk.fellBack {
                        text += " (the repair failed: the reference, or the start, returned)\n"
                    } else {
                        text += risk.repairMoves > 0 ? " (\(risk.repairMoves) repair moves)\n" : "\n"
                    }
                }
                text += String(
                    format: "%@: %d moves in %.2fs on %d chain(s) over %d NUMA node(s), %.2fM moves/s\n", result.solver,
                    result.stats.moves, result.stats.seconds, result.stats.chains, result.stats.numaNodes,
                    result.stats.movesPerSecond / 1e6)
                if let output { text += "placement written to \(output)\n" }
                try FileOutput.writeStandardOutput(text)
            }
        }
        if !feasible { throw ExitCode(1) }
    }

    /// The projected monthly bills, and what the offer plan bought.
    static func billLine(_ bills: PlacementDocument.Bills, plan: OfferPlan?) -> String {
        let m = BillReport.money
        var text =
            "monthly bill (\(CostReport.number(bills.placed.hours)) h): current placement \(m(bills.current.total))"
        text +=
            " → placed \(m(bills.placed.total)) (compute \(m(bills.placed.compute)), egress \(m(bills.placed.egress)))\n"
        if let plan {
            let bought = plan.entries.filter { $0.hosts > 0 }
            let byType = Dictionary(grouping: bought, by: \.type).mapValues { $0.reduce(0) { $0 + $1.hosts } }
            text +=
                "offer plan (\(plan.resource)): peak \(CostReport.number(plan.peak)), reserved \(byType[.reserved] ?? 0) host(s), "
            text += "on-demand \(byType[.onDemand] ?? 0), spot \(byType[.spot] ?? 0) for the peaks"
            if let ratio = plan.criticalRatio {
                text += String(format: "; critical ratio %.3f", ratio)
            }
            text += "\n"
        }
        return text
    }
}
