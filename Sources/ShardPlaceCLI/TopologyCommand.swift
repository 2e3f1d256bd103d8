import ArgumentParser
import ShardPlace

/// `shardplace topology`: show a host's topology the way hwloc users read it.
struct TopologyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topology",
        abstract: "Show a host topology (this machine, an hwloc XML export, or a synthetic description).",
        discussion: HelpText.reflow(
            """
            Formats:
              text     an lstopo-like tree (L# logical, P# OS indexes, sizes in hwloc's
                       units) and the NUMA distance matrix when hwloc has one
              json     counts (packages, numaNodes, l3Caches, cores, pus, ...),
                       numaDistances (matrix or null), hwlocVersion, source and the
                       object tree with list-form cpusets
              numactl  the layout of `numactl --hardware` (free memory only for this
                       machine)
              xml      hwloc's own XML export (loads back with --input or lstopo
                       --input)

            Examples:
              shardplace topology
              shardplace topology --synthetic "pack:2 numa:2 l3:1 core:8 pu:2" \\
                --format json
              shardplace topology --input machine.xml --format numactl
            """)
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, numactl, xml
    }

    @OptionGroup var topologySource: TopologySourceOptions

    @Option(name: .long, help: "Output format: text, json, numactl or xml.")
    var format: Format = .text

    func run() throws {
        try reportingFailures {
            let source = topologySource.source
            if format == .xml {
                print(try Topology.exportXML(from: source), terminator: "")
                return
            }
            let topology = try Topology.load(from: source)
            switch format {
            case .text: print(TopologyText.render(topology), terminator: "")
            case .json: print(topology.jsonDocument)
            case .numactl:
                let live = topology.isThisSystem ? SystemNUMA.read() : nil
                print(NumactlText.render(topology, live: live), terminator: "")
            case .xml: break
            }
        }
    }
}
