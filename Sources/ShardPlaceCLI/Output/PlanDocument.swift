import Foundation
import ShardPlace

/// The document `shardplace plan` writes: the target placement, the waves with every move's phases,
/// durations and urgency, what was blocked or deferred and why, the cost before and after, and with
/// `--dry-run` the replay of every wave.
struct PlanDocument: Encodable {
    struct Budget: Encodable {
        var moves: Int?
        var bytes: Double?
        var withinBudget: Bool
        var reverted: Int
    }

    /// Wall-clock seconds of the re-solve (anneal and budget post-pass, or the failover's re-creation)
    /// and of the planner alone (a failover times its re-creation and plan together in `resolveSeconds`).
    struct Stats: Encodable {
        var resolveSeconds: Double
        var planSeconds: Double
    }

    struct Cost: Encodable {
        var before: CostReport.Document
        var after: CostReport.Document
    }

    struct Peak: Encodable {
        var usage: [String: Double]
        var utilization: Double
    }

    struct Step: Encodable {
        var wave: Int
        var moves: Int
        var bytes: Double
        var peakUtilization: Double
        var hosts: [String: Peak]
        var violations: [String]
    }

    /// The plan's own fields (waves, moves, blocked and deferred moves, promotions, …), encoded at the top
    /// level beside the fields below: the same spelling as the library's
    /// ``MigrationPlan/jsonDocument(problem:target:)`` and the C ABI's `sp_plan_json`.
    var plan: MigrationPlanDocument
    var scenario: String
    var feasible: Bool
    var failedHost: String?
    var lost: [String]?
    var budget: Budget?
    var cost: Cost
    var simulation: [Step]?
    var stats: Stats

    private enum CodingKeys: String, CodingKey {
        case scenario, feasible, failedHost, lost, budget, cost, simulation, stats
    }

    func encode(to encoder: any Encoder) throws {
        try plan.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(scenario, forKey: .scenario)
        try container.encode(feasible, forKey: .feasible)
        try container.encodeIfPresent(failedHost, forKey: .failedHost)
        try container.encodeIfPresent(lost, forKey: .lost)
        try container.encodeIfPresent(budget, forKey: .budget)
        try container.encode(cost, forKey: .cost)
        try container.encodeIfPresent(simulation, forKey: .simulation)
        try container.encode(stats, forKey: .stats)
    }

    init(
        scenario: String, problem p: Problem, plan: MigrationPlan, target: Placement, before: Evaluation,
        beforePlacement: Placement, after: Evaluation, budget: Budget?, simulation: [MigrationSimulation]?,
        stats: Stats, failedHost: Int? = nil, lost: [Int]? = nil
    ) {
        self.stats = stats
        self.scenario = scenario
        // The `transient` term prices moving every shard at once; the plan's waves replace it (each wave
        // holds both ends of its moves within capacity), so only the other hard terms decide.
        feasible = after.violations.allSatisfy { $0.term == "transient" }
        self.failedHost = failedHost.map { p.hostIDs[$0] }
        self.lost = lost?.map { p.shardIDs[$0] }
        self.plan = MigrationPlanDocument(plan, problem: p, target: target)
        self.budget = budget
        cost = Cost(
            before: CostReport.document(before, problem: p, placement: beforePlacement, scenario: scenario),
            after: CostReport.document(after, problem: p, placement: target, scenario: scenario))
        self.simulation = simulation?.map { step in
            Step(
                wave: step.wave, moves: step.moves, bytes: step.bytes, peakUtilization: step.peakUtilization,
                hosts: Dictionary(
                    uniqueKeysWithValues: step.hosts.map { peak in
                        (
                            p.hostIDs[peak.host],
                            Peak(
                                usage: Dictionary(
                                    uniqueKeysWithValues: zip(p.resourceNames, peak.usage).map { ($0, $1) }),
                                utilization: peak.utilization)
                        )
                    }), violations: step.violations)
        }
    }

    /// A few lines for people: what the plan does and what it could not do.
    func text(maxListed: Int = 20) -> String {
        let plan = self.plan
        var out = "scenario: \(scenario)\n"
        if let failedHost {
            out +=
                "failover of \(failedHost): \(lost?.count ?? 0) shard(s) lost, \(plan.promotions.count) standby(s) promoted\n"
            for p in plan.promotions {
                out += "  promote \(p.standby) on \(p.host) as \(p.primary) (version \(p.version))\n"
            }
        }
        out += String(
            format: "cost: %@ → %@ (%@)\n", CostReport.number(cost.before.total), CostReport.number(cost.after.total),
            feasible ? "target feasible" : "target INFEASIBLE")
        if let budget {
            out +=
                "budget: moves \(budget.moves.map(String.init) ?? "∞"), bytes \(budget.bytes.map(CostReport.number) ?? "∞")"
            out += budget.withinBudget ? " — kept" : " — NOT met"
            out += " (\(budget.reverted) move(s) reverted)\n"
        }
        out += String(
            format: "plan: %d wave(s), %d move(s) (%d staged), %@ bytes, about %@ s; shard map version %d\n",
            plan.waves.count, plan.moves, plan.stagedMoves, CostReport.number(plan.bytes),
            CostReport.number(plan.seconds.rounded()), plan.shardMapVersion)
        for wave in plan.waves.prefix(maxListed) {
            let list = wave.moves.prefix(6).map { m in
                "\(m.shard) \(m.from ?? "∅")→\(m.to)\(m.kind == "move" ? "" : " [\(m.kind)]")"
            }.joined(separator: ", ")
            out +=
                "  wave \(wave.index): \(wave.moves.count) move(s), \(CostReport.number(wave.seconds.rounded())) s: \(list)"
            out += wave.moves.count > 6 ? ", …\n" : "\n"
        }
        if plan.waves.count > maxListed {
            out += "  … \(plan.waves.count - maxListed) more wave(s) (use --format json)\n"
        }
        for (title, list) in [("blocked", plan.blocked), ("deferred", plan.deferred)] where !list.isEmpty {
            out += "\(title): \(list.count) move(s)\n"
            for b in list.prefix(maxListed) {
                out += "  \(b.shard) \(b.from ?? "∅")→\(b.to ?? "∅"): \(b.reasons.joined(separator: "; "))\n"
            }
        }
        if let simulation {
            let worst = simulation.map(\.peakUtilization).max() ?? 0
            let broken = simulation.reduce(0) { $0 + $1.violations.count }
            out += String(
                format: "dry run: %d wave(s) replayed, peak utilisation %.1f%%, %d violation(s)\n", simulation.count,
                worst * 100, broken)
        }
        out += plan.complete && feasible ? "complete: yes\n" : "complete: NO\n"
        return out
    }
}
