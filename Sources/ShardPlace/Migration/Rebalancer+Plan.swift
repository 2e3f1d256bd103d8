extension Rebalancer {
    /// A target placement within the budget and the migration plan that reaches it: what
    /// `shardplace plan` prints and the C ABI's `sp_plan_create` returns.
    public struct Planned: Sendable {
        /// The target, its evaluation and what the budget pass reverted.
        public var resolved: Result
        /// The plan from the problem's current placement to ``Result/target``.
        public var plan: MigrationPlan
        /// The limits the planner kept: the planner options' limits with `maxMovesTotal` set from the
        /// budget's moves plus the shards created (no budget counts a creation).
        public var limits: Policy.MigrationLimits
        /// The plan's byte limit: the budget's bytes plus the bytes of the shards created.
        public var maxBytesTotal: Double?
        /// Wall-clock seconds of the re-solve (or of the budget pass alone, given a target).
        public var resolveSeconds: Double
        /// Wall-clock seconds of the planner.
        public var planSeconds: Double
    }

    /// Re-solves from the problem's current placement under the budget — or, given `target`, only holds
    /// `target` to the budget (``enforce(_:placement:)``) — and plans the migration from the current
    /// placement to the result.
    ///
    /// The budget decides the plan's totals: the planner's `maxMovesTotal` becomes ``Budget/moves`` and its
    /// byte limit ``Budget/bytes``, each plus what the shards without a current host need (they are
    /// created, and the budget does not count them). The other limits (`maxConcurrentPerHost`,
    /// `maxBytesPerWave`, `maxMovesPerHost`, `maxMovesPerDomain`, `bandwidth`) come from `planner`.
    ///
    /// - Parameters:
    ///   - model: the compiled problem; its current placement (``Problem/initialLeaf``) is where the plan
    ///     starts and what the budget counts moves from.
    ///   - target: the placement to reach; `nil` re-solves with ``annealer``.
    ///   - planner: the planner's limits and phase durations.
    /// - Returns: the target, its evaluation and the plan.
    /// - Complexity: a solve (when `target` is `nil`), the budget pass, and a plan.
    public func plan(
        _ model: CostModel, target: Placement? = nil, planner: MigrationPlanner.Options = .init()
    ) -> Planned {
        let problem = model.problem
        let start = Placement(initialOf: problem)
        let began = MonotonicClock.seconds()
        let resolved = target.map { enforce(model, placement: $0) } ?? solve(model)
        var creates = 0
        var createdBytes = 0.0
        for s in 0..<problem.shardCount where start.leaves[s] < 0 && resolved.target.leaves[s] >= 0 {
            creates += 1
            createdBytes += problem.size(shard: s)
        }
        var options = planner
        options.limits.maxMovesTotal = budget.moves.map { $0 + creates }
        options.maxBytesTotal = budget.bytes.map { $0 + createdBytes }
        let planBegan = MonotonicClock.seconds()
        let plan = MigrationPlanner(options: options).plan(problem, current: start, target: resolved.target)
        let ended = MonotonicClock.seconds()
        return Planned(
            resolved: resolved, plan: plan, limits: options.limits, maxBytesTotal: options.maxBytesTotal,
            resolveSeconds: planBegan - began, planSeconds: ended - planBegan)
    }
}

extension Rebalancer.Budget {
    /// The budget that a policy's migration limits set, tightened by `moves` and `bytes`: at most the
    /// smaller of `moves` and ``Policy/MigrationLimits/maxMovesTotal`` moves, `bytes` bytes, and the
    /// limits' `maxMovesPerHost` and `maxMovesPerDomain`.
    public init(limits: Policy.MigrationLimits, moves: Int? = nil, bytes: Double? = nil) {
        self.init(
            moves: limits.maxMovesTotal.map { min(moves ?? $0, $0) } ?? moves, bytes: bytes,
            movesPerHost: limits.maxMovesPerHost, movesPerDomain: limits.maxMovesPerDomain)
    }
}
