/// Re-optimises from the current placement with migration cost in the objective, then enforces a
/// migration budget by a post-pass: while the result moves too much, it reverts moved shards to their
/// current host, least valuable first (the revert that raises the weighted cost least — per byte when
/// the byte budget binds), keeping every hard term at zero; when no single revert is feasible it tries
/// pairs (two shards that took each other's room). The annealer's hot loop is untouched.
///
/// Shards the current placement does not place are created, not moved: they count in no budget.
public struct Rebalancer: Sendable {
    /// What a re-solve may move. `nil` fields are unlimited.
    public struct Budget: Sendable, Hashable {
        /// Shards that change host.
        public var moves: Int?
        /// Σ size of the shards that change host.
        public var bytes: Double?
        /// Moved shards whose current or new host is one host.
        public var movesPerHost: Int?
        /// Moved shards touching one domain of each key of ``Policy/domainLevels``.
        public var movesPerDomain: Int?

        public init(moves: Int? = nil, bytes: Double? = nil, movesPerHost: Int? = nil, movesPerDomain: Int? = nil) {
            self.moves = moves
            self.bytes = bytes
            self.movesPerHost = movesPerHost
            self.movesPerDomain = movesPerDomain
        }
    }

    /// What a re-solve returns.
    public struct Result: Sendable {
        /// The target placement, within budget when ``withinBudget``.
        public var target: Placement
        /// Its evaluation.
        public var evaluation: Evaluation
        /// The current placement's evaluation (completed greedily when it leaves shards unplaced).
        public var before: Evaluation
        /// The annealer's result before the post-pass.
        public var solved: Evaluation
        /// Moves the post-pass reverted.
        public var reverted: Int
        /// Shards that change host, and their bytes.
        public var moves: Int
        public var bytes: Double
        /// Whether the target keeps the budget.
        public var withinBudget: Bool
    }

    public var annealer: Annealer.Options
    public var budget: Budget

    public init(annealer: Annealer.Options = .init(), budget: Budget = .init()) {
        self.annealer = annealer
        self.budget = budget
    }

    /// Solves from the problem's current placement and enforces the budget.
    public func solve(_ model: CostModel) -> Result {
        let solved = Annealer(options: annealer).solve(model)
        var enforced = enforce(model, placement: solved.placement)
        enforced.before = solved.start
        enforced.solved = solved.evaluation
        return enforced
    }

    /// The post-pass alone: reverts moves of `placement` (relative to the problem's current placement)
    /// until the budget holds or no feasible revert remains.
    ///
    /// - Complexity: O(passes × moved shards × delta cost), a pass per round of reverts.
    public func enforce(_ model: CostModel, placement: Placement) -> Result {
        let p = model.problem
        var state = CostState(model: model, placement: placement)
        var usage = BudgetUsage(problem: p, budget: budget)
        for s in 0..<p.shardCount where usage.isMove(s, leaf: state.leaf(of: s)) {
            usage.count(s, to: p.host(ofLeaf: state.leaf(of: s)), sign: 1)
        }
        // Reverts may not raise the hard total (0 for a feasible placement).
        let allowed = state.terms.hard.sum() + 1e-9
        var reverted = 0
        while usage.isOver {
            var candidates: [(key: Double, shard: Int)] = []
            let bytesBind = usage.bytesOver && !usage.countsOver
            for s in 0..<p.shardCount where usage.isMove(s, leaf: state.leaf(of: s)) {
                guard usage.touchesOver(s, host: p.host(ofLeaf: state.leaf(of: s))) else { continue }
                let delta = state.shiftDelta(s, to: Int(p.initialLeaf[s]))
                guard state.terms.hard.sum() + delta.hard.sum() <= allowed else { continue }
                let value = delta.weightedTotal(p.weights)
                candidates.append((bytesBind ? value / max(p.size[s], 1e-9) : value, s))
            }
            candidates.sort { $0.key < $1.key || ($0.key == $1.key && $0.shard < $1.shard) }
            var progress = false
            for (_, s) in candidates where usage.isOver && usage.isMove(s, leaf: state.leaf(of: s)) {
                let host = p.host(ofLeaf: state.leaf(of: s))
                guard usage.touchesOver(s, host: host) else { continue }
                let delta = state.shiftDelta(s, to: Int(p.initialLeaf[s]))
                guard state.terms.hard.sum() + delta.hard.sum() <= allowed else { continue }
                state.applyShift(s, to: Int(p.initialLeaf[s]), delta: delta)
                usage.count(s, to: host, sign: -1)
                reverted += 1
                progress = true
            }
            if !progress {
                guard Self.revertPair(&state, problem: p, usage: &usage, allowed: allowed) else { break }
                reverted += 2
            }
        }
        let target = state.placement
        let evaluation = model.evaluate(target)
        return Result(
            target: target, evaluation: evaluation, before: evaluation, solved: evaluation, reverted: reverted,
            moves: usage.moves, bytes: usage.bytes, withinBudget: !usage.isOver)
    }

    /// Reverts two moved shards together when each alone breaks a hard rule (typically two shards that
    /// took each other's room). Returns whether a pair was reverted.
    private static func revertPair(
        _ state: inout CostState, problem p: Problem, usage: inout BudgetUsage, allowed: Double
    ) -> Bool {
        let moved = (0..<p.shardCount).filter { usage.isMove($0, leaf: state.leaf(of: $0)) }
        for a in moved where usage.touchesOver(a, host: p.host(ofLeaf: state.leaf(of: a))) {
            let leafA = state.leaf(of: a)
            let hostA = p.host(ofLeaf: leafA)
            for b in moved where b != a && p.host(ofLeaf: state.leaf(of: b)) == Int(p.initialHost[a]) {
                let leafB = state.leaf(of: b)
                _ = state.shift(a, to: Int(p.initialLeaf[a]))
                _ = state.shift(b, to: Int(p.initialLeaf[b]))
                if state.terms.hard.sum() <= allowed {
                    usage.count(a, to: hostA, sign: -1)
                    usage.count(b, to: p.host(ofLeaf: leafB), sign: -1)
                    return true
                }
                _ = state.shift(b, to: leafB)
                _ = state.shift(a, to: leafA)
            }
        }
        return false
    }
}
