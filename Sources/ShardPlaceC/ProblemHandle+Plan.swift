import ShardPlace
import Synchronization

extension ProblemHandle {
    /// Plans a migration from `current` (default: the scenario's current placement) to `target` (default:
    /// a re-solve), under the migration limits set on the problem (see `sp_problem_plan` in shardplace.h).
    /// The policy is the library's: ``Rebalancer/plan(_:target:planner:)``, as `shardplace plan` uses it.
    ///
    /// - Parameters:
    ///   - current: checked locations, one per shard, or `nil`.
    ///   - target: checked locations, one per shard, or `nil`.
    func plan(current: Placement?, target: Placement?) throws(CABIError) -> PlanHandle {
        let (scenario, compiled, options, maxBytesTotal) = state.withLock {
            ($0.scenario, $0.compiled, $0.options, $0.maxBytesTotal)
        }
        var model = compiled.model
        if let current {
            // The budget counts moves from the problem's current placement, and the migration terms price
            // them: compile the scenario with the caller's.
            var moved = scenario
            moved.placement = current.locations(in: model.problem)
            model = try Self.compile(moved)
        }
        let limits = scenario.policy.migration
        let rebalancer = Rebalancer(annealer: options, budget: .init(limits: limits, bytes: maxBytesTotal))
        let planned = rebalancer.plan(model, target: target, planner: MigrationPlanner.Options(limits: limits))
        return PlanHandle(model: model, planned: planned)
    }
}
