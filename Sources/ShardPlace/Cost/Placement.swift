/// Where every shard is: one leaf of the problem's location tree per shard (-1 = not placed).
public struct Placement: Sendable, Hashable {
    /// Leaf per shard, in ``Problem`` shard order.
    public var leaves: [Int32]

    public init(leaves: [Int32]) { self.leaves = leaves }

    /// The scenario's current placement (shards without one are unplaced).
    public init(initialOf problem: Problem) { self.leaves = problem.initialLeaf }

    /// Reads a placement written as shard id → location (`host` or `host/numa:1`).
    ///
    /// - Throws: ``ScenarioError`` naming every unknown shard or location (paths `placement["id"]`).
    public init(locations: [String: String], problem: Problem) throws(ScenarioError) {
        var shardIndex: [String: Int] = [:]
        for (s, id) in problem.shardIDs.enumerated() { shardIndex[id] = s }
        var leafIndex: [String: Int32] = [:]
        for (l, name) in problem.leafNames.enumerated() { leafIndex[name] = Int32(l) }
        var leaves = [Int32](repeating: -1, count: problem.shardCount)
        var issues: [ScenarioError.Issue] = []
        for (shard, location) in locations.sorted(by: { $0.key < $1.key }) {
            guard let s = shardIndex[shard] else {
                issues.append(.init(path: "placement[\"\(shard)\"]", message: "no shard has id \"\(shard)\""))
                continue
            }
            if let leaf = leafIndex[location] {
                leaves[s] = leaf
            } else if problem.depth != .host, let h = problem.hostIDs.firstIndex(of: location) {
                leaves[s] = Int32(problem.leaves(ofHost: h).lowerBound)
            } else {
                issues.append(.init(path: "placement[\"\(shard)\"]", message: "no location named \"\(location)\""))
            }
        }
        guard issues.isEmpty else { throw ScenarioError(issues: issues) }
        self.leaves = leaves
    }

    /// Shard id → location name, for the shards that are placed.
    public func locations(in problem: Problem) -> [String: String] {
        var result: [String: String] = [:]
        for (s, leaf) in leaves.enumerated() where leaf >= 0 {
            result[problem.shardIDs[s]] = problem.leafNames[Int(leaf)]
        }
        return result
    }
}
