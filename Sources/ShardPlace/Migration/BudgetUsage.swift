/// What the moved shards of a placement spend of a ``Rebalancer/Budget``: moves in all, bytes, moves per
/// host and per domain of each ``Policy/domainLevels`` key.
struct BudgetUsage {
    let p: Problem
    let budget: Rebalancer.Budget
    private(set) var moves = 0
    private(set) var bytes = 0.0
    private var perHost: [Int32]
    private var perDomain: [Int32]

    init(problem: Problem, budget: Rebalancer.Budget) {
        p = problem
        self.budget = budget
        perHost = [Int32](repeating: 0, count: problem.hostCount)
        perDomain = [Int32](repeating: 0, count: problem.levelKeys.count * problem.hostCount)
    }

    /// Whether shard `s` at `leaf` has moved off its current host (shards without one are created, not
    /// moved).
    func isMove(_ s: Int, leaf: Int) -> Bool {
        let h0 = p.initialHost[s]
        return h0 >= 0 && leaf >= 0 && p.leafHost[leaf] != h0
    }

    /// Adds (`sign` 1) or removes (-1) the move of `s` from its current host to `host`.
    mutating func count(_ s: Int, to host: Int, sign: Int32) {
        let from = Int(p.initialHost[s])
        moves += Int(sign)
        bytes += Double(sign) * p.size[s]
        perHost[from] += sign
        perHost[host] += sign
        for k in p.levelKeys.indices {
            let a = Int(p.hostLevelDomain[k * p.hostCount + from])
            let b = Int(p.hostLevelDomain[k * p.hostCount + host])
            perDomain[k * p.hostCount + a] += sign
            if b != a { perDomain[k * p.hostCount + b] += sign }
        }
    }

    var bytesOver: Bool { budget.bytes.map { bytes > $0 * (1 + CostModel.tolerance) } ?? false }

    var countsOver: Bool {
        if let n = budget.moves, moves > n { return true }
        if let n = budget.movesPerHost, perHost.contains(where: { Int($0) > n }) { return true }
        if let n = budget.movesPerDomain, perDomain.contains(where: { Int($0) > n }) { return true }
        return false
    }

    var isOver: Bool { bytesOver || countsOver }

    /// Whether reverting the move of `s` (now on `host`) would relieve a limit that is exceeded.
    func touchesOver(_ s: Int, host: Int) -> Bool {
        if bytesOver { return true }
        if let n = budget.moves, moves > n { return true }
        let from = Int(p.initialHost[s])
        if let n = budget.movesPerHost, Int(perHost[from]) > n || Int(perHost[host]) > n { return true }
        if let n = budget.movesPerDomain {
            for k in p.levelKeys.indices {
                let a = Int(p.hostLevelDomain[k * p.hostCount + from])
                let b = Int(p.hostLevelDomain[k * p.hostCount + host])
                if Int(perDomain[k * p.hostCount + a]) > n || Int(perDomain[k * p.hostCount + b]) > n { return true }
            }
        }
        return false
    }
}
