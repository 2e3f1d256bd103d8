import ShardPlace

/// The placement file `place` writes: the placement, its cost, and below host depth the pinning of each
/// shard (cpuset, nodeset, `hwloc-bind` and `numactl` command lines).
struct PlacementDocument: Encodable {
    struct Pinning: Encodable {
        var cpuset: String
        var nodeset: String
        var hwlocBind: String
        var numactl: String
    }

    struct Stats: Encodable {
        var moves: Int
        var movesPerSecond: Double
        var chains: Int
        var numaNodes: Int
        var seconds: Double
    }

    struct Start: Encodable {
        var total: Double
        var feasible: Bool
    }

    var scenario: String
    var solver: String
    var depth: String
    var feasible: Bool
    var placement: [String: String]
    var pinning: [String: Pinning]?
    var cost: CostReport.Document
    var start: Start?
    var stats: Stats
    /// Present when shards' demand was forecast from their history (`policy.forecast`).
    var forecast: DemandForecastSummary?
    /// The projected monthly bill of the current placement and of the result.
    var bill: Bills?
    /// The offer plan the solve priced offer hosts with, when the scenario has offers.
    var offerPlan: OfferPlan?
    /// The risk guard's check (`place --no-riskier-than`).
    var risk: Risk?

    /// Overload risk (``OverloadRisk``) of the reference, the search's result and the placement returned.
    struct Risk: Encodable {
        /// `greedy` or `current`.
        var reference: String
        /// The reference's expected overloaded hosts per hour: the bound.
        var limit: Double
        var searched: OverloadRisk.Value
        var placed: OverloadRisk.Value
        var repairMoves: Int
        /// Whether the repair failed and the reference (or the start) was returned.
        var fellBack: Bool
        var met: Bool
    }

    /// Monthly bills before and after.
    struct Bills: Encodable {
        /// The scenario's current placement as given (shards without one cost nothing).
        var current: Bill
        /// The placement found.
        var placed: Bill
    }

    let evaluationValue: Evaluation
    let placementValue: Placement
    let startEvaluation: Evaluation?

    enum CodingKeys: String, CodingKey {
        case scenario, solver, depth, feasible, placement, pinning, cost, start, stats, forecast, bill, offerPlan,
            risk
    }

    init(
        scenario: String, solver: String, problem: Problem, placement: Placement, evaluation: Evaluation,
        start: Evaluation?,
        stats: Stats
    ) {
        self.scenario = scenario
        self.solver = solver
        self.depth = problem.depth.rawValue
        self.feasible = evaluation.isFeasible
        self.placement = placement.locations(in: problem)
        if problem.depth != .host {
            var pins: [String: Pinning] = [:]
            for (s, leaf) in placement.leaves.enumerated() where leaf >= 0 {
                let cpus = problem.leafCPUSets[Int(leaf)]
                guard !cpus.isEmpty else { continue }
                let nodes = problem.leafNodeSets[Int(leaf)]
                let membind = nodes.isEmpty ? "" : " --membind node:\(nodes)"
                pins[problem.shardIDs[s]] = Pinning(
                    cpuset: cpus, nodeset: nodes, hwlocBind: "hwloc-bind --physical pu:\(cpus)\(membind) -- COMMAND",
                    numactl: "numactl --physcpubind=\(cpus)" + (nodes.isEmpty ? "" : " --membind=\(nodes)")
                        + " -- COMMAND")
            }
            self.pinning = pins
        }
        self.cost = CostReport.document(evaluation, problem: problem, placement: placement, scenario: scenario)
        self.start = start.map { Start(total: $0.total, feasible: $0.isFeasible) }
        self.stats = stats
        self.evaluationValue = evaluation
        self.placementValue = placement
        self.startEvaluation = start
    }
}
