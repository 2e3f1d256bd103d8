/// The demand of every shard for every resource on one regular time grid (structure of arrays):
/// shard `i`, resource `r`, step `t` at `values[(r × steps + t) × shards + i]`.
///
/// Resource 0 is the CPU (it pays the migration overhead and orders the initial placement).
public struct SimulationTrace: Sendable, Hashable {
    /// Shard names (the series ids of the first resource, in file order).
    public let shardNames: [String]
    /// Resource names, CPU first.
    public let resourceNames: [String]
    /// Grid steps.
    public let steps: Int
    /// Seconds per step.
    public let stepSeconds: Int64
    /// The demand, laid out as described above.
    public let values: [Double]
    /// Per shard, the bytes a migration moves, when the trace fixes them (``planetLab(cpuPercent:)``);
    /// otherwise the simulator takes them from a memory resource or its configuration.
    public let shardBytes: [Double]?

    /// The number of shards.
    public var shards: Int { shardNames.count }
    /// The number of resources.
    public var resources: Int { resourceNames.count }

    /// A trace from values already on the grid.
    ///
    /// - Parameters:
    ///   - demand: per resource, per shard, `steps` samples.
    public init(
        shardNames: [String], resourceNames: [String], stepSeconds: Int64, demand: [[[Double]]],
        shardBytes: [Double]? = nil
    ) {
        precondition(!shardNames.isEmpty && !resourceNames.isEmpty && demand.count == resourceNames.count)
        precondition(demand.allSatisfy { $0.count == shardNames.count }, "one series per shard and resource")
        let steps = demand[0][0].count
        precondition(demand.allSatisfy { $0.allSatisfy { $0.count == steps } }, "every series has `steps` samples")
        precondition(shardBytes == nil || shardBytes!.count == shardNames.count)
        self.shardNames = shardNames
        self.resourceNames = resourceNames
        self.steps = steps
        self.stepSeconds = stepSeconds
        self.shardBytes = shardBytes
        var values = [Double](repeating: 0, count: resourceNames.count * steps * shardNames.count)
        let n = shardNames.count
        for r in demand.indices {
            for i in 0..<n {
                for t in 0..<steps { values[(r * steps + t) * n + i] = demand[r][i][t] }
            }
        }
        self.values = values
    }

    /// Demand of shard `i` for resource `r` at step `t`.
    @inline(__always)
    public func demand(_ i: Int, _ r: Int, _ t: Int) -> Double { values[(r * steps + t) * shardNames.count + i] }

    /// Series of shard `i`, resource `r`, steps `range`.
    public func series(_ i: Int, _ r: Int, _ range: Range<Int>) -> [Double] { range.map { demand(i, r, $0) } }
}
