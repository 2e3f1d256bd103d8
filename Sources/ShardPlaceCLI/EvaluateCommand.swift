import ArgumentParser
import ShardPlace

/// `shardplace evaluate`: price a placement term by term and list its violations.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Price a placement: every cost term, the weighted total, and the hard-constraint violations.",
        discussion: HelpText.reflow(
            """
            The placement is the scenario's current placement unless --placement names a file written by
            `shardplace place` (or a bare JSON object of shard id → location).
            Exit status: 0 when feasible, 1 when a hard constraint is violated, 2 on invalid input.
            JSON output has `feasible`, `total`, `terms` (term → value), `weightedTerms`, `violations`,
            `strandedCapacityPercent`.
            """)
    )

    @OptionGroup var scenarioOptions: ScenarioOptions

    @Option(
        name: .long,
        help: ArgumentHelp("A placement file to evaluate instead of the current placement.", valueName: "file"))
    var placement: String?

    @Option(name: .long, help: "Output format: text or json.")
    var format: ReportFormat = .text

    func run() throws {
        var feasible = true
        try reportingFailures {
            let compiled = try scenarioOptions.compile()
            let (problem, name) = (compiled.problem, compiled.name)
            let chosen =
                try placement.map { path throws(ScenarioError) in try Placement(contentsOf: path, problem: problem) }
                ?? Placement(initialOf: problem)
            let evaluation = CostModel(problem).evaluate(chosen)
            feasible = evaluation.isFeasible
            switch format {
            case .text:
                print(CostReport.text(evaluation, problem: problem, placement: chosen, scenario: name), terminator: "")
            case .json:
                print(
                    try CostReport.json(
                        CostReport.document(evaluation, problem: problem, placement: chosen, scenario: name)),
                    terminator: "")
            }
        }
        if !feasible { throw ExitCode(1) }
    }
}
