extension Rebalancer {
    /// Re-solves without blocking the caller's executor: the synchronous ``solve(_:)`` on a Dispatch
    /// global queue, with the same result for the same options.
    ///
    /// Cancelling the calling task stops the annealer early (see the `async`
    /// ``Annealer/solve(_:start:)``); the budget pass still runs on what it found, so the result keeps
    /// the budget whenever the synchronous one would.
    ///
    /// - Returns: the target within budget when ``Result/withinBudget``, with its evaluation.
    public func solve(_ model: CostModel) async -> Result {
        let rebalancer = self
        return await OffExecutor.run { signal in
            var stopping = rebalancer
            stopping.annealer = rebalancer.annealer.stopping(on: signal)
            return stopping.solve(model)
        }
    }

    /// Re-solves (or holds `target` to the budget) and plans the migration, without blocking the caller's
    /// executor: ``plan(_:target:planner:)`` on a Dispatch global queue, with the same result for the
    /// same options.
    ///
    /// Cancelling the calling task stops the re-solve's annealer early; the budget pass and the planner
    /// still run on what it found, so the plan is complete and consistent for that target.
    ///
    /// ```swift
    /// let rebalancer = Rebalancer(annealer: options, budget: .init(limits: scenario.policy.migration, moves: 50))
    /// let planned = await rebalancer.plan(model, planner: .init(limits: scenario.policy.migration))
    /// for (i, wave) in planned.plan.waves.enumerated() { print("wave \(i): \(wave.moves.count) moves") }
    /// ```
    ///
    /// - Parameters: as ``plan(_:target:planner:)``.
    /// - Returns: the target, its evaluation and the plan.
    public func plan(
        _ model: CostModel, target: Placement? = nil, planner: MigrationPlanner.Options = .init()
    ) async -> Planned {
        let rebalancer = self
        return await OffExecutor.run { signal in
            var stopping = rebalancer
            stopping.annealer = rebalancer.annealer.stopping(on: signal)
            return stopping.plan(model, target: target, planner: planner)
        }
    }
}
