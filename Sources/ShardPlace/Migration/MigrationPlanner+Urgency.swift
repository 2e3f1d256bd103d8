extension MigrationPlanner {
    /// The urgency of moving each shard off its host in `hosts` (see ``MigrationPlanner`` for the
    /// definition); shards without a host get `1 / C`.
    ///
    /// - Parameters:
    ///   - problem: the compiled problem.
    ///   - hosts: host per shard (`-1`: none), the state whose usage defines overload.
    /// - Returns: one score per shard.
    public func urgency(_ problem: Problem, hosts: [Int32]) -> [Double] {
        let p = problem
        let st = p.stride
        let d = p.resourceCount
        var usage = [Double](repeating: 0, count: p.hostCount * st)
        for s in 0..<p.shardCount where hosts[s] >= 0 {
            let h = Int(hosts[s])
            for r in 0..<d { usage[h * st + r] += p.demand[s * st + r] }
        }
        var probability = [Double](repeating: 0, count: p.hostCount)
        for h in 0..<p.hostCount {
            if let given = options.overloadProbability, h < given.count {
                probability[h] = min(1, max(0, given[h]))
                continue
            }
            var rho = 0.0
            var over = false
            for r in 0..<d {
                let safe = p.safety[h * st + r]
                let u = usage[h * st + r]
                if u > safe * (1 + CostModel.tolerance) { over = true }
                if safe > 0 { rho = max(rho, u / safe) } else if u > 0 { over = true }
            }
            probability[h] = over ? 1 : min(1, rho)
        }
        var result = [Double](repeating: 0, count: p.shardCount)
        for s in 0..<p.shardCount {
            let cost = 1 + p.size[s] / options.bandwidth
            guard hosts[s] >= 0 else {
                result[s] = 1 / cost
                continue
            }
            let h = Int(hosts[s])
            var share = 0.0
            var relief = 0.0
            for r in 0..<d {
                let safe = p.safety[h * st + r]
                guard safe > 0 else { continue }
                let demand = p.demand[s * st + r]
                share = max(share, demand / safe)
                let excess = max(0, usage[h * st + r] - safe)
                relief += p.loadWeight[r] * min(demand, excess) / safe
            }
            result[s] = probability[h] * (share + relief) / cost
        }
        return result
    }
}
