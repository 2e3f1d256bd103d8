import Foundation
import ShardPlace

extension BenchCommand {
    struct ProvidersReport: Encodable {
        struct Solve: Encodable {
            var monthlyBill: Double
            var compute: Double
            var egress: Double
            var hostsByType: [String: Int]
            var feasible: Bool
            var seconds: Double
            /// Expected overloaded hosts per hour over the forecast horizon (``OverloadRisk``).
            var overloadRisk: Double
        }

        var shards: Int
        var providers: Int
        var offerHosts: Int
        var threads: Int
        var seconds: Double
        var prepareSeconds: Double
        var greedy: Solve
        var annealed: Solve
        var allOnDemand: Solve
        /// The annealer's hosts, every one bought on-demand: the same placement, so the same overload risk.
        var annealedHostsOnDemand: Double
        var savingVersusGreedyPercent: Double
        var savingVersusAllOnDemandPercent: Double
        var offerPlan: OfferPlan?
        var deltaMovesPerSecond: Double
        /// With --risk-guard: the bound (the less risky baseline's risk), and what the guard did.
        var riskLimit: Double?
        var riskRepairMoves: Int?
        var riskFellBack: Bool?
    }

    /// Bills of the greedy, the annealer and all on-demand on a generated multi-provider scenario.
    func benchProviders(threads: Int) throws {
        StandardError.write("generating \(shards) shards with \(providers) providers …\n")
        var scenario = ScenarioGenerator.generate(
            .init(shards: shards, hosts: hosts, resources: resources, seed: seed, providers: providers))
        if riskGuard { for r in scenario.resources.indices { scenario.resources[r].loadWeight = 0 } }
        let began = Date()
        let (forecast, summary) = try scenario.forecastingDemand(relativeTo: nil, keepingPaths: true)
        let plan = forecast.offerPlan(outlook: summary?.outlook)
        let problem = try Problem(forecast, offerPlan: plan)
        let prepared = Date().timeIntervalSince(began)
        let model = CostModel(problem)
        let risk = OverloadRisk(problem: problem, paths: summary?.paths)
        var options = Annealer.Options()
        options.threads = threads
        if let iterations { options.iterations = iterations } else { options.timeLimit = seconds }
        options.seed = seed

        func solve(_ model: CostModel, _ placement: Placement, _ elapsed: Double) -> ProvidersReport.Solve {
            let bill = Bill(problem: model.problem, placement: placement)
            var byType: [String: Int] = [:]
            for (offer, n) in bill.offerHosts {
                let type = model.problem.offerTypes[model.problem.offerIDs.firstIndex(of: offer)!].rawValue
                byType[type, default: 0] += n
            }
            return .init(
                monthlyBill: bill.total, compute: bill.compute, egress: bill.egress, hostsByType: byType,
                feasible: model.evaluate(placement).isFeasible, seconds: elapsed,
                overloadRisk: risk.evaluate(placement).expectedOverloadedHosts)
        }
        let budget = iterations.map { "\($0) moves" } ?? "\(seconds)s"
        StandardError.write("greedy …\n")
        var t0 = Date()
        let greedy = Greedy(seed: seed).solve(model)
        let greedyReport = solve(model, greedy, Date().timeIntervalSince(t0))
        StandardError.write("all on-demand: annealing \(budget) …\n")
        let onDemandScenario = forecast.convertingOffers(to: .onDemand)
        let onDemandProblem = try Problem(
            onDemandScenario, offerPlan: onDemandScenario.offerPlan(outlook: summary?.outlook))
        let onDemandModel = CostModel(onDemandProblem)
        t0 = Date()
        let onDemand = Annealer(options: options).solve(onDemandModel)
        let onDemandReport = solve(onDemandModel, onDemand.placement, Date().timeIntervalSince(t0))
        if riskGuard {
            let reference = greedyReport.overloadRisk <= onDemandReport.overloadRisk ? greedy : onDemand.placement
            options.riskGuard = RiskGuard(risk: risk, reference: reference)
        }
        StandardError.write("annealing \(budget) on \(threads) thread(s) …\n")
        t0 = Date()
        let annealed = Annealer(options: options).solve(model)
        let annealedReport = solve(model, annealed.placement, Date().timeIntervalSince(t0))
        let sameHosts = Bill(problem: onDemandProblem, placement: annealed.placement).total
        let delta = Self.deltaRate(model, threads: 1, seconds: min(seconds, 3), placement: annealed.placement)
        let report = ProvidersReport(
            shards: problem.shardCount, providers: providers, offerHosts: problem.hostCount, threads: threads,
            seconds: seconds, prepareSeconds: prepared, greedy: greedyReport, annealed: annealedReport,
            allOnDemand: onDemandReport, annealedHostsOnDemand: sameHosts,
            savingVersusGreedyPercent: 100 * (1 - annealedReport.monthlyBill / greedyReport.monthlyBill),
            savingVersusAllOnDemandPercent: 100 * (1 - annealedReport.monthlyBill / onDemandReport.monthlyBill),
            offerPlan: plan, deltaMovesPerSecond: delta, riskLimit: annealed.risk?.limit,
            riskRepairMoves: annealed.risk?.repairMoves, riskFellBack: annealed.risk?.fellBack)
        switch format {
        case .json: print(try CostReport.json(report), terminator: "")
        case .text:
            let m = BillReport.money
            func hosts(_ s: ProvidersReport.Solve) -> String {
                ["reserved", "onDemand", "spot"].map { "\(s.hostsByType[$0] ?? 0)" }.joined(separator: "/")
            }
            var rows = [
                ["placement", "monthly bill", "compute", "egress", "hosts res/od/spot", "feasible", "overload risk"]
            ]
            for (name, s) in [
                ("greedy", greedyReport), ("annealed", annealedReport), ("all on-demand (annealed)", onDemandReport),
            ] {
                rows.append([
                    name, m(s.monthlyBill), m(s.compute), m(s.egress), hosts(s), s.feasible ? "yes" : "NO",
                    String(format: "%.3g", s.overloadRisk),
                ])
            }
            print(
                "\(problem.shardCount) shards, \(providers) providers, \(problem.hostCount) offer hosts; "
                    + String(
                        format: "forecast + plan + compile %.1fs; %@ per anneal on %d thread(s)", prepared, budget,
                        threads)
                    + (riskGuard ? "; money only, annealed no riskier than the less risky baseline" : ""))
            print(CostReport.table(rows), terminator: "")
            print("annealed hosts bought on-demand (same placement, same risk): \(m(sameHosts))")
            print("overload risk: expected overloaded hosts per hour over the forecast horizon")
            if let check = annealed.risk {
                print(
                    String(
                        format: "risk guard: bound %.3g, search %.3g, %d repair moves%@", check.limit,
                        check.searched.expectedOverloadedHosts, check.repairMoves,
                        check.fellBack ? ", repair failed: reference returned" : ""))
            }
            print(
                String(
                    format: "saving: %.1f%% vs greedy, %.1f%% vs all on-demand, %.1f%% vs the same hosts on-demand",
                    report.savingVersusGreedyPercent, report.savingVersusAllOnDemandPercent,
                    100 * (1 - annealedReport.monthlyBill / sameHosts)))
            if let plan {
                print(
                    String(
                        format: "offer plan (%@): peak %.0f, reserved capacity %.0f, critical ratio %@",
                        plan.resource, plan.peak, plan.reservedCapacity,
                        plan.criticalRatio.map { String(format: "%.3f", $0) } ?? "-"))
            }
            print(String(format: "evaluated moves/s with offers and egress tracked (1 thread): %.2fM", delta / 1e6))
        }
    }
}
