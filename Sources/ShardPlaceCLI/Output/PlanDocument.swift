import Foundation
import ShardPlace

/// The document `shardplace plan` writes: the target placement, the waves with every move's phases,
/// durations and urgency, what was blocked or deferred and why, the cost before and after, and with
/// `--dry-run` the replay of every wave.
struct PlanDocument: Encodable {
    struct Phase: Encodable {
        var step: String
        var seconds: Double
        var chunks: Int?
    }

    struct Move: Encodable {
        var shard: String
        var from: String?
        var to: String
        var kind: String
        var via: String?
        var copyFrom: String?
        var bytes: Double
        var urgency: Double
        var cutOverVersion: Int
        var seconds: Double
        var phases: [Phase]
    }

    struct Wave: Encodable {
        var index: Int
        var bytes: Double
        var seconds: Double
        var moves: [Move]
    }

    struct Left: Encodable {
        var shard: String
        var from: String?
        var to: String?
        var reasons: [String]
    }

    struct Promotion: Encodable {
        var primary: String
        var standby: String
        var host: String
        var version: Int
    }

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

    var scenario: String
    var feasible: Bool
    var complete: Bool
    var failedHost: String?
    var lost: [String]?
    var promotions: [Promotion]
    var target: [String: String]
    var waves: [Wave]
    var blocked: [Left]
    var deferred: [Left]
    var rebinds: [String]
    var moves: Int
    var stagedMoves: Int
    var bytes: Double
    var seconds: Double
    var shardMapVersion: Int
    var budget: Budget?
    var cost: Cost
    var simulation: [Step]?
    var stats: Stats

    init(
        scenario: String, problem p: Problem, plan: MigrationPlan, target: Placement, before: Evaluation,
        beforePlacement: Placement, after: Evaluation, budget: Budget?, simulation: [MigrationSimulation]?,
        stats: Stats, failedHost: Int? = nil, lost: [Int]? = nil
    ) {
        self.stats = stats
        func host(_ h: Int) -> String? { h < 0 ? nil : p.hostIDs[h] }
        self.scenario = scenario
        // The `transient` term prices moving every shard at once; the plan's waves replace it (each wave
        // holds both ends of its moves within capacity), so only the other hard terms decide.
        feasible = after.violations.allSatisfy { $0.term == "transient" }
        complete = plan.isComplete
        self.failedHost = failedHost.map { p.hostIDs[$0] }
        self.lost = lost?.map { p.shardIDs[$0] }
        promotions = plan.promotions.map {
            Promotion(
                primary: p.shardIDs[$0.primary], standby: p.shardIDs[$0.standby], host: p.hostIDs[$0.host],
                version: $0.version)
        }
        self.target = target.locations(in: p)
        waves = plan.waves.enumerated().map { i, wave in
            Wave(
                index: i, bytes: wave.bytes, seconds: wave.seconds,
                moves: wave.moves.map { m in
                    Move(
                        shard: p.shardIDs[m.shard], from: host(m.from), to: p.hostIDs[m.to], kind: m.kind.rawValue,
                        via: m.via.flatMap(host), copyFrom: m.copyFrom.flatMap(host), bytes: m.bytes,
                        urgency: m.urgency, cutOverVersion: m.cutOverVersion, seconds: m.seconds,
                        phases: m.phases.map {
                            Phase(
                                step: $0.step.rawValue, seconds: $0.seconds,
                                chunks: $0.step == .bulkCopy ? $0.chunks : nil)
                        })
                })
        }
        let left = { (b: BlockedMove) in
            Left(shard: p.shardIDs[b.shard], from: host(b.from), to: host(b.to), reasons: b.reasons)
        }
        blocked = plan.blocked.map(left)
        deferred = plan.deferred.map(left)
        rebinds = plan.rebinds.map { p.shardIDs[$0] }
        moves = plan.moveCount
        stagedMoves = plan.stagedCount
        bytes = plan.bytes
        seconds = plan.seconds
        shardMapVersion = plan.finalVersion
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
        var out = "scenario: \(scenario)\n"
        if let failedHost {
            out +=
                "failover of \(failedHost): \(lost?.count ?? 0) shard(s) lost, \(promotions.count) standby(s) promoted\n"
            for p in promotions {
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
            waves.count,
            moves, stagedMoves, CostReport.number(bytes), CostReport.number(seconds.rounded()), shardMapVersion)
        for wave in waves.prefix(maxListed) {
            let list = wave.moves.prefix(6).map { m in
                "\(m.shard) \(m.from ?? "∅")→\(m.to)\(m.kind == "move" ? "" : " [\(m.kind)]")"
            }.joined(separator: ", ")
            out +=
                "  wave \(wave.index): \(wave.moves.count) move(s), \(CostReport.number(wave.seconds.rounded())) s: \(list)"
            out += wave.moves.count > 6 ? ", …\n" : "\n"
        }
        if waves.count > maxListed { out += "  … \(waves.count - maxListed) more wave(s) (use --format json)\n" }
        for (title, list) in [("blocked", blocked), ("deferred", deferred)] where !list.isEmpty {
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
        out += complete && feasible ? "complete: yes\n" : "complete: NO\n"
        return out
    }
}
