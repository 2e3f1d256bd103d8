extension Scenario {
    /// Builds a scenario from plain arrays: what the C ABI's `sp_problem_create` receives, and the
    /// shortest way to a ``Problem`` from numbers already in memory.
    ///
    /// Shards are named `s0`, `s1`, …, hosts `h0`, …, resources `r0`, …; each distinct group id `k ≥ 0`
    /// becomes a group `gk` whose shards go on distinct hosts (anti-affinity on `host`). Everything else
    /// is the default: depth `host`, the default ``Policy``, no current placement.
    ///
    /// - Parameters:
    ///   - resourceCount: resources per shard and host (at least 1).
    ///   - demand: shards × resources, row-major; finite and ≥ 0. The shard count is
    ///     `demand.count / resourceCount`.
    ///   - capacity: hosts × resources, row-major; finite and ≥ 0.
    ///   - groups: one group id per shard, -1 for none; empty for no groups.
    ///   - traffic: undirected communication volumes between shards (by position); each pair once (a
    ///     pair given twice adds up). Volumes are finite and ≥ 0; a shard cannot talk to itself.
    /// - Throws: ``ScenarioError`` naming every bad entry by its array and position (`demand[13]
    ///   (shard 3, resource 1)`), then what ``validate()`` finds (such as a group with more shards than
    ///   hosts).
    /// - Complexity: O(shards × resources + hosts × resources + traffic), plus ``validate()``.
    public init(
        resourceCount: Int, demand: [Double], capacity: [Double], groups: [Int] = [],
        traffic: [(from: Int, to: Int, volume: Double)] = []
    ) throws(ScenarioError) {
        var issues: [ScenarioError.Issue] = []
        func report(_ path: String, _ message: String) { issues.append(.init(path: path, message: message)) }
        guard resourceCount > 0 else {
            throw ScenarioError(issues: [
                .init(path: "resources", message: "expected at least 1, found \(resourceCount)")
            ])
        }
        let d = resourceCount
        if demand.count % d != 0 {
            report("demand", "expected shards × \(d) numbers (one row per shard), found \(demand.count)")
        }
        if capacity.isEmpty || capacity.count % d != 0 {
            report(
                "capacity", "expected hosts × \(d) numbers (one row per host, at least one), found \(capacity.count)")
        }
        let shardCount = demand.count / d
        let hostCount = capacity.count / d
        for (name, values) in [("demand", demand), ("capacity", capacity)] {
            for (i, v) in values.enumerated() where !(v.isFinite && v >= 0) {
                let row = name == "demand" ? "shard" : "host"
                report(
                    "\(name)[\(i)]", "(\(row) \(i / d), resource \(i % d)): expected a finite number ≥ 0, found \(v)")
            }
        }
        if !groups.isEmpty && groups.count != shardCount {
            report("groups", "expected \(shardCount) ids (one per shard) or none, found \(groups.count)")
        }
        for (s, g) in groups.enumerated() where g < -1 {
            report("groups[\(s)]", "expected -1 (no group) or a group id ≥ 0, found \(g)")
        }
        for (i, e) in traffic.enumerated() {
            if !(0..<shardCount).contains(e.from) {
                report("traffic[\(i)].from", "expected a shard in 0..<\(shardCount), found \(e.from)")
            }
            if !(0..<shardCount).contains(e.to) {
                report("traffic[\(i)].to", "expected a shard in 0..<\(shardCount), found \(e.to)")
            }
            if e.from == e.to { report("traffic[\(i)]", "a shard cannot send traffic to itself (shard \(e.from))") }
            if !(e.volume.isFinite && e.volume >= 0) {
                report("traffic[\(i)].volume", "expected a finite number ≥ 0, found \(e.volume)")
            }
        }
        guard issues.isEmpty else { throw ScenarioError(issues: issues) }

        let groupIDs = Set(groups.filter { $0 >= 0 }).sorted()
        self.init(
            resources: (0..<d).map { Resource(name: "r\($0)") },
            hosts: (0..<hostCount).map { h in Host(id: "h\(h)", capacity: Array(capacity[h * d..<(h + 1) * d])) },
            groups: groupIDs.map { Group(id: "g\($0)", antiAffinity: "host") },
            shards: (0..<shardCount).map { s in
                let g = groups.isEmpty ? -1 : groups[s]
                return Shard(id: "s\(s)", group: g >= 0 ? "g\(g)" : nil, demand: Array(demand[s * d..<(s + 1) * d]))
            },
            traffic: traffic.map { TrafficEdge(from: "s\($0.from)", to: "s\($0.to)", volume: $0.volume) })
        let meaning = validate()
        guard meaning.isEmpty else { throw ScenarioError(issues: meaning) }
    }
}
