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
    }

    /// Bills of the greedy, the annealer and all on-demand on a generated multi-provider scenario.
    func benchProviders(threads: Int) throws {
        StandardError.write("generating \(shards) shards with \(providers) providers …\n")
        let scenario = ScenarioGenerator.generate(
            .init(shards: shards, hosts: hosts, resources: resources, seed: seed, providers: providers))
        func prepare(_ scenario: Scenario) throws -> (Problem, OfferPlan?) {
            let (forecast, summary) = try scenario.forecastingDemand(relativeTo: nil)
            let plan = forecast.offerPlan(outlook: summary?.outlook)
            return (try Problem(forecast, offerPlan: plan), plan)
        }
        let began = Date()
        let (problem, plan) = try prepare(scenario)
        let prepared = Date().timeIntervalSince(began)
        let model = CostModel(problem)
        var options = Annealer.Options()
        options.threads = threads
        options.timeLimit = seconds
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
                feasible: model.evaluate(placement).isFeasible, seconds: elapsed)
        }
        StandardError.write("greedy …\n")
        var t0 = Date()
        let greedy = Greedy(seed: seed).solve(model)
        let greedyReport = solve(model, greedy, Date().timeIntervalSince(t0))
        StandardError.write("annealing \(seconds)s on \(threads) thread(s) …\n")
        t0 = Date()
        let annealed = Annealer(options: options).solve(model)
        let annealedReport = solve(model, annealed.placement, Date().timeIntervalSince(t0))
        StandardError.write("all on-demand: annealing \(seconds)s …\n")
        let (onDemandProblem, _) = try prepare(scenario.convertingOffers(to: .onDemand))
        let onDemandModel = CostModel(onDemandProblem)
        t0 = Date()
        let onDemand = Annealer(options: options).solve(onDemandModel)
        let onDemandReport = solve(onDemandModel, onDemand.placement, Date().timeIntervalSince(t0))
        let sameHosts = Bill(problem: onDemandProblem, placement: annealed.placement).total
        let delta = Self.deltaRate(model, threads: 1, seconds: min(seconds, 3), placement: annealed.placement)
        let report = ProvidersReport(
            shards: problem.shardCount, providers: providers, offerHosts: problem.hostCount, threads: threads,
            seconds: seconds, prepareSeconds: prepared, greedy: greedyReport, annealed: annealedReport,
            allOnDemand: onDemandReport, annealedHostsOnDemand: sameHosts,
            savingVersusGreedyPercent: 100 * (1 - annealedReport.monthlyBill / greedyReport.monthlyBill),
            savingVersusAllOnDemandPercent: 100 * (1 - annealedReport.monthlyBill / onDemandReport.monthlyBill),
            offerPlan: plan, deltaMovesPerSecond: delta)
        switch format {
        case .json: print(try CostReport.json(report), terminator: "")
        case .text:
            let m = BillReport.money
            func hosts(_ s: ProvidersReport.Solve) -> String {
                ["reserved", "onDemand", "spot"].map { "\(s.hostsByType[$0] ?? 0)" }.joined(separator: "/")
            }
            var rows = [["placement", "monthly bill", "compute", "egress", "hosts res/od/spot", "feasible"]]
            for (name, s) in [
                ("greedy", greedyReport), ("annealed", annealedReport), ("all on-demand (annealed)", onDemandReport),
            ] {
                rows.append([name, m(s.monthlyBill), m(s.compute), m(s.egress), hosts(s), s.feasible ? "yes" : "NO"])
            }
            print(
                "\(problem.shardCount) shards, \(providers) providers, \(problem.hostCount) offer hosts; "
                    + String(
                        format: "forecast + plan + compile %.1fs; %.0fs per anneal on %d thread(s)", prepared, seconds,
                        threads))
            print(CostReport.table(rows), terminator: "")
            print("annealed hosts bought on-demand (same placement, same risk): \(m(sameHosts))")
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
