import ArgumentParser
import Foundation
import ShardPlace

/// `shardplace generate`: write a synthetic scenario with a feasible current placement.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate a synthetic scenario: hosts, replica groups, shards, traffic and a feasible placement.",
        discussion: HelpText.reflow(
            """
            The scenario looks like a running cluster: hosts of a few shapes in zones and racks, replica
            groups with anti-affinity, spread and dependencies, skewed shard demands adding up to about
            --utilization of the capacity, clustered traffic, and a current placement that breaks no hard
            constraint. The same options always give the same bytes.

            Resources are cpu, memory, disk, net, gpu, then res5, res6, ... (as many as --resources).
            With --topology synthetic each host gets an hwloc synthetic description of its shape, which
            placing below host depth (--depth numa, l3 or core) needs.

            The scenario goes to stdout, or with -o to a file written atomically; a summary goes to stderr.

            Examples:
              shardplace generate --shards 1000 --hosts 20 > small.json
              shardplace generate --shards 1000000 --hosts 10000 --seed 7 -o big.json
              shardplace generate --shards 200 --hosts 8 --topology synthetic \\
                --depth numa --format yaml
              shardplace generate --shards 2000 --hosts 60 --providers 2 -o multi.json
            """)
    )

    /// Host topologies to generate.
    enum TopologyKind: String, ExpressibleByArgument, CaseIterable {
        case none, synthetic
    }

    /// Placement depth of the scenario.
    enum Depth: String, ExpressibleByArgument, CaseIterable {
        case host, numa, l3, core
    }

    /// Syntax of the output.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, yaml
    }

    @Option(name: .long, help: "Number of shards (at least 1).")
    var shards: Int

    @Option(name: .long, help: "Number of hosts (at least 1).")
    var hosts: Int

    @Option(name: .long, help: "Number of resources: cpu, memory, disk, net, gpu, res5, ... (at least 1).")
    var resources: Int = 4

    @Option(name: .long, help: "Random seed: the same seed gives the same scenario.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Host topologies: none, or synthetic (an hwloc description per host shape).")
    var topology: TopologyKind = .none

    @Option(name: .long, help: "Placement depth: host, numa, l3 or core (below host needs --topology synthetic).")
    var depth: Depth = .host

    @Option(name: .long, help: "Total demand over total capacity per resource, in (0, 0.85].")
    var utilization: Double = 0.6

    @Option(name: .customLong("traffic-per-shard"), help: "Mean number of traffic edges each shard starts (≥ 0).")
    var trafficPerShard: Double = 2

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Buy capacity from N providers (2 to 6) instead of hosts: a provider catalog, reserved, on-demand and spot offers, residency and trust rules, hourly demand histories and a forecast policy; --hosts then only sizes the demand.",
            valueName: "n"))
    var providers: Int = 0

    @Option(name: .long, help: "Output format: json or yaml.")
    var format: Format = .json

    @Option(
        name: [.short, .customLong("output")],
        help: ArgumentHelp("Write the scenario to this file (atomically) instead of stdout.", valueName: "file"))
    var output: String?

    func validate() throws {
        if shards < 1 { throw ValidationError("--shards must be at least 1, found \(shards)") }
        if hosts < 1 { throw ValidationError("--hosts must be at least 1, found \(hosts)") }
        if shards > Int(UInt32.max) { throw ValidationError("--shards must be at most \(UInt32.max)") }
        if resources < 1 { throw ValidationError("--resources must be at least 1, found \(resources)") }
        if depth != .host && topology != .synthetic {
            throw ValidationError(
                "--depth \(depth.rawValue) places shards inside hosts: it needs --topology synthetic")
        }
        if !(utilization > 0 && utilization <= 0.85) {
            throw ValidationError("--utilization must be in (0, 0.85], found \(utilization)")
        }
        if !(trafficPerShard >= 0 && trafficPerShard.isFinite) {
            throw ValidationError("--traffic-per-shard must be a number ≥ 0, found \(trafficPerShard)")
        }
        if output?.isEmpty == true { throw ValidationError("--output needs a file name") }
        if providers != 0 && !(2...ScenarioGenerator.maxProviders).contains(providers) {
            throw ValidationError(
                "--providers must be between 2 and \(ScenarioGenerator.maxProviders), found \(providers)")
        }
        if providers != 0 && depth != .host {
            throw ValidationError("--providers places at host depth: offer hosts have no topology")
        }
    }

    func run() throws {
        try reportingFailures {
            let options = ScenarioGenerator.Options(
                shards: shards, hosts: hosts, resources: resources, seed: seed,
                topology: topology == .synthetic ? .synthetic : .none,
                depth: PlacementDepth(rawValue: depth.rawValue) ?? .host, targetUtilization: utilization,
                trafficPerShard: trafficPerShard, providers: providers)
            let clock = ContinuousClock()
            let start = clock.now
            let scenario = ScenarioGenerator.generate(options)
            let generated = clock.now
            let offered = scenario.offers.reduce(0) { $0 + $1.count }
            let catalog =
                scenario.offers.isEmpty
                ? "" : "\(scenario.providers.count) providers, \(scenario.offers.count) offers of \(offered) hosts, "
            StandardError.write(
                "shardplace generate: \(scenario.shards.count) shards, \(scenario.hosts.count) hosts, " + catalog
                    + "\(scenario.groups.count) groups, \(scenario.traffic.count) traffic edges, seed \(seed) "
                    + "(\(Self.seconds(generated - start)) s)\n")
            let text = format == .json ? ScenarioLoader.encode(scenario) : ScenarioLoader.encodeYAML(scenario)
            if let output {
                try FileOutput.writeAtomically(text, to: output)
            } else {
                try FileOutput.writeStandardOutput(text)
            }
            StandardError.write(
                "shardplace generate: wrote \(text.utf8.count) bytes of \(format.rawValue) to "
                    + "\(output ?? "stdout") (\(Self.seconds(clock.now - generated)) s)\n")
        }
    }

    private static func seconds(_ duration: Duration) -> String {
        let (whole, attoseconds) = duration.components
        return String(format: "%.2f", Double(whole) + Double(attoseconds) * 1e-18)
    }
}
