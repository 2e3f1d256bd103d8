import ArgumentParser
import Foundation
import ShardPlace

/// `shardplace bill`: what a placement costs, by provider, offer type and group, and egress.
struct BillCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bill",
        abstract:
            "Bill a placement: cost per provider, per offer type (reserved, on-demand, spot), per group, and egress.",
        discussion: HelpText.reflow(
            """
            The placement is the scenario's current placement unless --placement names a file written by
            `shardplace place` (or a bare JSON object of shard id → location). The scenario is prepared as
            `place` prepares it: demand forecast by policy.forecast, offers planned (reserved for the base
            load, on-demand and spot for the peaks), so the bill is what `place` optimised.
            Declared hosts cost their price per resource unit-hour × the demand placed on them; a used offer
            host costs its hourly charge (planned hosts at their expected duty, the rest at the full
            effective price), shared among its shards by Σ demand/capacity; traffic between providers sends
            half its volume each way, each half at its sender's egress price per GB.
            Every breakdown adds up to the total. Unplaced shards cost nothing (a note on stderr).
            Exit status: 0 on success, 2 on invalid input.
            """)
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    @OptionGroup var scenarioOptions: ScenarioOptions

    @Option(
        name: .long, help: ArgumentHelp("A placement file to bill instead of the current placement.", valueName: "file")
    )
    var placement: String?

    @Option(name: .long, help: "Hours to bill (default 730, one month).")
    var hours: Double = Bill.hoursPerMonth

    @Option(name: .long, help: "Output format: table or json.")
    var format: Format = .table

    @Option(name: .long, help: "Groups listed in the table, most expensive first (all in JSON).")
    var groups: Int = 20

    func validate() throws {
        if !(hours > 0 && hours.isFinite) { throw ValidationError("--hours must be a positive number, found \(hours)") }
        if groups < 0 { throw ValidationError("--groups must be ≥ 0") }
    }

    func run() throws {
        try reportingFailures {
            let compiled = try scenarioOptions.compile()
            let problem = compiled.problem
            let chosen: Placement
            do {
                chosen =
                    try placement.map { try Placement(contentsOf: $0, problem: problem) }
                    ?? Placement(initialOf: problem)
            } catch let error as ScenarioError {
                throw CLIFailure.invalidInput(error.description)
            }
            let unplaced = chosen.leaves.count { $0 < 0 }
            if unplaced > 0 {
                StandardError.write("shardplace bill: \(unplaced) shard(s) are not placed and cost nothing\n")
            }
            let bill = Bill(problem: problem, placement: chosen, hours: hours)
            switch format {
            case .json:
                try FileOutput.writeStandardOutput(
                    try CostReport.json(
                        BillDocument(
                            scenario: compiled.name, placement: placement ?? "current", bill: bill,
                            offerPlan: compiled.offerPlan)))
            case .table:
                try FileOutput.writeStandardOutput(
                    BillReport.text(
                        bill, scenario: compiled.name, placement: placement ?? "current placement", groups: groups))
            }
        }
    }
}

/// The JSON document of `shardplace bill`.
struct BillDocument: Encodable {
    var scenario: String
    var placement: String
    var bill: Bill
    var offerPlan: OfferPlan?
}
