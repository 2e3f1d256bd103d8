import ArgumentParser
import ShardPlace

/// `shardplace validate`: check a scenario file and report every problem in it.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a scenario file and report every error in it.",
        discussion: HelpText.reflow(
            """
            Each problem is one stderr line: `FILE: PATH: message`, with the JSON path of the field
            (`hosts[12].capacity[3]`) and what was expected. All problems are reported at once.
            Host topologies are loaded too, so a bad XML path or synthetic description is caught here.
            Exit status: 0 when valid, 2 otherwise.
            """)
    )

    @OptionGroup var scenarioOptions: ScenarioOptions

    func run() throws {
        try reportingFailures {
            let compiled = try scenarioOptions.compile()
            let (scenario, problem, name) = (compiled.scenario, compiled.problem, compiled.name)
            print(
                "\(name): valid — \(scenario.resources.count) resources, \(scenario.hosts.count) hosts\(scenario.offers.isEmpty ? "" : " + \(problem.hostCount - scenario.hosts.count) offer hosts (\(scenario.offers.count) offers, \(scenario.providers.count) providers)"), \(problem.leafCount) leaves at depth \(scenario.depth.rawValue), \(scenario.groups.count) groups, \(scenario.shards.count) shards, \(scenario.traffic.count) traffic edges"
            )
        }
    }
}
