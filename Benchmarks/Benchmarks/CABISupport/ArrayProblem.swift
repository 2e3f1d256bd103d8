import ShardPlace

/// A problem as plain arrays: demand uniform in [0.5, 2), capacity 1.5 × the total demand spread over the
/// hosts, every third shard of the first half in a replica group of 3 (distinct hosts).
public struct ArrayProblem: Sendable {
    public let shards: Int
    public let hosts: Int
    public let resources = 4
    public let demand: [Float]
    public let capacity: [Float]
    public let groups: [Int32]

    public init(shards: Int, hosts: Int) {
        self.shards = shards
        self.hosts = hosts
        let d = 4
        var random = SplitMix64(seed: 42)
        let demand = (0..<shards * d).map { _ in 0.5 + 1.5 * random.nextFloat() }
        var total = [Float](repeating: 0, count: d)
        for (i, v) in demand.enumerated() { total[i % d] += v }
        self.demand = demand
        self.capacity = (0..<hosts * d).map { 1.5 * total[$0 % d] / Float(hosts) }
        self.groups = (0..<shards).map { $0 < shards / 2 ? Int32($0 / 3) : -1 }
    }

    /// Through the C ABI: create from the arrays, set the options, solve into a caller array, free.
    public func solveThroughCABI(_ c: CABI, threads: Int, iterations: Int) -> [Int32] {
        var handle: OpaquePointer?
        precondition(c.create(Int32(shards), Int32(hosts), Int32(resources), demand, capacity, groups, &handle) == 0)
        _ = c.setOption(handle, "threads", Double(threads))
        _ = c.setOption(handle, "seed", 1)
        _ = c.setOption(handle, "iterations", Double(iterations))
        var placement = [Int32](repeating: -1, count: shards)
        let status = c.solve(handle, &placement)
        precondition(status >= 0)
        c.free(handle)
        return placement
    }

    /// Through the Swift API, from the same arrays.
    public func solveThroughSwift(threads: Int, iterations: Int) throws -> [Int32] {
        let scenario = try Scenario(
            resourceCount: resources, demand: demand.map(Double.init), capacity: capacity.map(Double.init),
            groups: groups.map(Int.init))
        var options = Annealer.Options()
        options.threads = threads
        options.seed = 1
        options.iterations = iterations
        return Annealer(options: options).solve(CostModel(try Problem(scenario))).placement.leaves
    }
}
