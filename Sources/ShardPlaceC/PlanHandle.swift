import ShardPlace
import Synchronization

/// What an `sp_plan` handle names: a migration plan, the problem it was made for and the placements it
/// goes between. Immutable, except for the JSON text, made on first request and kept.
final class PlanHandle: Sendable {
    /// The problem the plan was made for (its current placement is where the plan starts).
    let model: CostModel
    /// The re-solve (or the given target held to the limits) and the plan.
    let planned: Rebalancer.Planned
    /// Where the plan starts, and the objective there.
    let current: Placement
    let costBefore: Double
    /// Whether the target keeps every hard rule but the transient one (the waves replace it: each holds
    /// both ends of its moves within capacity), and the violations that break it.
    let isFeasible: Bool
    let violations: [Violation]
    private let json = Mutex<String?>(nil)

    /// The name of each ``MigrationMove/Kind``, by the index `sp_plan_moves` reports.
    static let kinds: [MigrationMove.Kind] = [.move, .stage, .unstage, .create]

    init(model: CostModel, planned: Rebalancer.Planned) {
        self.model = model
        self.planned = planned
        current = Placement(initialOf: model.problem)
        costBefore = model.evaluate(current).total
        violations = planned.resolved.evaluation.violations.filter { $0.term != "transient" }
        isFeasible = violations.isEmpty
    }

    var plan: MigrationPlan { planned.plan }

    /// The plan as JSON (``MigrationPlan/jsonDocument(problem:target:)``).
    var jsonDocument: String {
        if let text = json.withLock({ $0 }) { return text }
        let text = plan.jsonDocument(problem: model.problem, target: planned.resolved.target)
        json.withLock { $0 = text }
        return text
    }

    /// What keeps the plan from being complete, on one line (`nil` when it is complete and within its
    /// limits).
    var shortfall: String? {
        var parts: [String] = []
        let ids = model.problem.shardIDs
        for (list, what) in [(plan.blocked, "blocked"), (plan.deferred, "deferred")] where !list.isEmpty {
            let shown = list.prefix(3).map { "\(ids[$0.shard]): \($0.reasons.joined(separator: ", "))" }
            parts.append(
                "\(list.count) move\(list.count == 1 ? "" : "s") \(what) (\(shown.joined(separator: "; "))\(list.count > 3 ? "; …" : ""))"
            )
        }
        if !planned.resolved.withinBudget {
            parts.append(
                "the target moves more than maxMovesTotal/maxMovesPerHost/maxMovesPerDomain/maxBytesTotal allow")
        }
        return parts.isEmpty ? nil : "incomplete plan: " + parts.joined(separator: "; ")
    }
}
