import ArgumentParser

/// The `shardplace` executable: a thin layer that parses arguments, calls the ShardPlace library and
/// formats what it returns. Data goes to stdout; progress, warnings and errors to stderr.
@main
struct ShardPlaceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shardplace",
        abstract: "Place shards onto cluster hosts and onto the sockets, NUMA nodes, caches and cores inside them.",
        discussion: HelpText.reflow(
            """
            Exit status: 0 on success, 1 when a result is infeasible, 2 when an input is invalid.
            Run `shardplace help <subcommand>` for the options of each subcommand.
            """),
        version: ShardPlaceVersion.string,
        subcommands: [
            PlaceCommand.self, PlanCommand.self, EvaluateCommand.self, BillCommand.self, ValidateCommand.self,
            GenerateCommand.self,
            TopologyCommand.self, MapCommand.self, RoadefCommand.self, ForecastCommand.self, SimulateCommand.self,
            BenchCommand.self, LedgerCommand.self,
        ]
    )
}

enum ShardPlaceVersion {
    static let string = "0.1.0"
}
