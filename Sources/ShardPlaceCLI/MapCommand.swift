import ArgumentParser
import ShardPlace

/// `shardplace map`: map communicating workers onto the PUs of one machine.
struct MapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract:
            "Map communicating workers onto the PUs of one machine, minimising hop-bytes (the TreeMatch/Scotch problem).",
        discussion: HelpText.reflow(
            """
            The matrix file: first line N, then N rows of N non-negative volumes (row i, column j = what \
            worker i sends to j). The mapping written with -o (stdout without it) has one line per \
            worker: `<worker> <PU OS index>`, the format of ../shared/benchmarks/mapping and of \
            mapping_cost.py. Hop-bytes = Σ over pairs of traffic both ways × tree distance (height of the \
            lowest common ancestor from the leaves, levels that add no sharing merged). At most one worker \
            per PU; with --one-per-core at most one per core.

            The search starts from the packed order, a greedy best fit and a recursive bisection along the \
            topology tree (each node's workers split among its children so as to cut the least traffic), \
            on the whole machine and on the compact block of its first N slots, and anneals from each; \
            the result is never worse than the best start. The same seed gives the same mapping.
            """)
    )

    @Option(name: .long, help: ArgumentHelp("The machine as an hwloc XML export.", valueName: "file"))
    var topology: String?

    @Option(name: .long, help: ArgumentHelp("The machine as an hwloc synthetic description.", valueName: "description"))
    var synthetic: String?

    @Option(name: .long, help: ArgumentHelp("The communication matrix.", valueName: "file"))
    var matrix: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the mapping here (atomically).", valueName: "file"))
    var output: String?

    @Flag(name: .long, help: "At most one worker per core (SMT siblings stay free).")
    var onePerCore = false

    @Option(name: .long, help: "Seed of the search.") var seed: UInt64 = 1
    @Option(
        name: .long, help: "Swap moves per annealing run (default 8,000 per worker, at least 400,000; up to six runs).")
    var iterations: Int?
    @Option(name: .long, help: "Summary format on stderr/stdout: text or json.") var format: ReportFormat = .text

    func validate() throws {
        if topology != nil && synthetic != nil { throw ValidationError("--topology and --synthetic are exclusive") }
        if let iterations, iterations <= 0 { throw ValidationError("--iterations must be positive") }
    }

    struct Summary: Encodable {
        var workers: Int
        var hopBytes: Double
        var packedHopBytes: Double
        var bestStartHopBytes: Double
        var maxLoadCore: Int
        var moves: Int
    }

    func run() throws {
        try reportingFailures {
            let source: Topology.Source = topology.map { .xmlFile($0) } ?? synthetic.map { .synthetic($0) } ?? .live
            let machine = try Topology.load(from: source)
            let volumes = try CommunicationMatrix(contentsOf: matrix)
            var options = TopologyMapper.Options()
            options.seed = seed
            options.iterations = iterations
            options.onePerCore = onePerCore
            let result = try TopologyMapper(options: options).map(volumes, onto: machine)
            let lines = result.mapping.enumerated().map { "\($0) \($1)\n" }.joined()
            let summary = Summary(
                workers: volumes.count, hopBytes: result.hopBytes, packedHopBytes: result.packedHopBytes,
                bestStartHopBytes: result.bestStartHopBytes, maxLoadCore: result.maxLoadCore, moves: result.moves)
            if let output {
                try FileOutput.writeAtomically(lines, to: output)
                switch format {
                case .json: try FileOutput.writeStandardOutput(try CostReport.json(summary))
                case .text:
                    try FileOutput.writeStandardOutput(
                        "\(volumes.count) workers: hop-bytes \(CostReport.number(result.hopBytes)) (packed \(CostReport.number(result.packedHopBytes))), max workers per core \(result.maxLoadCore); mapping written to \(output)\n"
                    )
                }
            } else {
                try FileOutput.writeStandardOutput(lines)
                StandardError.write(
                    "hop-bytes \(CostReport.number(result.hopBytes)) (packed \(CostReport.number(result.packedHopBytes))), max workers per core \(result.maxLoadCore)\n"
                )
            }
        }
    }
}
