extension MigrationPlanner {
    /// Plans the way from `current` to `target` without blocking the caller's executor: the synchronous
    /// ``plan(_:current:target:promotions:startVersion:)`` run on a Dispatch global queue while the
    /// calling task suspends, with the same plan.
    ///
    /// The planner has no early stop (a plan cut between two waves would strand shards on staging hosts):
    /// a cancelled task still receives the whole plan. Stop a long re-solve instead, with the `async`
    /// ``Rebalancer/plan(_:target:planner:)``.
    ///
    /// - Parameters: as ``plan(_:current:target:promotions:startVersion:)``.
    /// - Returns: the plan; ``MigrationPlan/isComplete`` tells whether it reaches `target`.
    public func plan(
        _ problem: Problem, current: Placement, target: Placement, promotions: [MigrationPlan.Promotion] = [],
        startVersion: Int = 0
    ) async -> MigrationPlan {
        let planner = self
        return await OffExecutor.run { _ in
            planner.plan(
                problem, current: current, target: target, promotions: promotions, startVersion: startVersion)
        }
    }
}
