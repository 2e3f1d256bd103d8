import ShardPlace

/// What an `sp_topology` handle names: a loaded, immutable topology.
final class TopologyHandle: Sendable {
    let topology: Topology

    init(_ topology: Topology) { self.topology = topology }
}
