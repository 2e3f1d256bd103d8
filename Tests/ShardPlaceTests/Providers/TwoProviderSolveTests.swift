import Foundation
import Testing

@testable import ShardPlace

/// The solver on a generated two-provider scenario, against the greedy baseline and against buying the
/// same capacity all on-demand: a lower bill at no higher overload risk.
///
/// Overload risk, as defined here: every shard's demand per resource and hour of the forecast horizon is
/// a normal law whose mean is the forecast mean and whose `q`-quantile is the forecast quantile (the
/// policy's q); the shards of a host move together (their daily cycles peak together), so a host's
/// load in hour k is normal with the summed mean and the summed standard deviation. A host is overloaded in an hour when some resource's load exceeds its capacity
/// (P = 1 − Π_r (1 − P_r)). The risk of a placement is the expected number of overloaded hosts per hour
/// (averaged over the horizon), and its worst host's hourly overload probability.
@Suite struct TwoProviderSolveTests {
    struct Risk {
        var expectedOverloadedHosts: Double
        var worstHost: Double
    }

    /// Per shard and resource, the forecast mean and standard deviation per hour of the horizon.
    static func demandLaws(_ scenario: Scenario) -> (mean: [[[Double]]], sd: [[[Double]]]) {
        let forecast = scenario.policy.forecast!
        let d = scenario.resources.count
        let series = scenario.shards.flatMap { shard in (0..<d).map { shard.history!.samples![$0] } }
        let table = Forecaster(
            options: ForecastOptions(
                horizon: forecast.horizon, season: forecast.season ?? 1, quantile: forecast.quantile)
        ).forecast(series)
        let z = Quantile.normal(forecast.quantile)
        var mean: [[[Double]]] = []
        var sd: [[[Double]]] = []
        for s in scenario.shards.indices {
            mean.append((0..<d).map { r in Array(table.meanPath(s * d + r)) })
            sd.append(
                (0..<d).map { r in
                    zip(table.meanPath(s * d + r), table.quantilePath(s * d + r)).map { max(0, $1 - $0) / z }
                })
        }
        return (mean, sd)
    }

    static func risk(
        _ placement: [String: String], scenario: Scenario, laws: (mean: [[[Double]]], sd: [[[Double]]])
    )
        -> Risk
    {
        let capacity = Dictionary(
            uniqueKeysWithValues: scenario.expandingOffers().hosts.map { ($0.id, $0.capacity) })
        let index = Dictionary(uniqueKeysWithValues: scenario.shards.enumerated().map { ($1.id, $0) })
        let d = scenario.resources.count
        let steps = laws.mean[0][0].count
        var byHost: [String: [Int]] = [:]
        for (shard, host) in placement { byHost[host, default: []].append(index[shard]!) }
        var expected = 0.0
        var worst = 0.0
        for (host, shards) in byHost {
            var hostRisk = 0.0
            for k in 0..<steps {
                var fine = 1.0
                for r in 0..<d {
                    let m = shards.reduce(0) { $0 + laws.mean[$1][r][k] }
                    let sd = shards.reduce(0) { $0 + laws.sd[$1][r][k] }
                    let c = capacity[host]![r]
                    let p = sd > 0 ? 0.5 * erfc((c - m) / (sd * 2.0.squareRoot())) : (m > c ? 1 : 0)
                    fine *= 1 - p
                }
                hostRisk += (1 - fine) / Double(steps)
            }
            expected += hostRisk
            worst = max(worst, hostRisk)
        }
        return Risk(expectedOverloadedHosts: expected, worstHost: worst)
    }

    /// Forecasts, plans the offers and compiles.
    static func prepare(_ scenario: Scenario) throws -> (Scenario, Problem) {
        let (forecast, summary) = try scenario.forecastingDemand(relativeTo: nil)
        return (forecast, try Problem(forecast, offerPlan: forecast.offerPlan(outlook: summary?.outlook)))
    }

    @Test("the solver's bill beats the greedy's and all on-demand's, within the quantile's risk budget")
    func cheaperAtEqualRisk() throws {
        // At this size and budget, seeds 7…12 give: solver below greedy on 5 of 6 (by 21–45 %; 0.2 % above
        // on seed 11), below all on-demand on all 6 (31–49 %); overload risk at most the better of the two
        // comparisons' + 10⁻⁵ on all 6 (far below on 7, 9 and 12, where the others' reaches 10⁻³–10⁻²). The
        // test keeps one seed to stay fast.
        let scenario = ScenarioGenerator.generate(.init(shards: 100, hosts: 6, seed: 7, providers: 2))
        let quantile = scenario.policy.forecast!.quantile
        let laws = Self.demandLaws(scenario)
        var options = Annealer.Options()
        options.iterations = 60_000
        options.threads = 2
        options.seed = 3

        let (_, problem) = try Self.prepare(scenario)
        let model = CostModel(problem)
        let greedy = Greedy(seed: 3).solve(model)
        let solved = Annealer(options: options).solve(model)
        let (_, onDemandProblem) = try Self.prepare(scenario.convertingOffers(to: .onDemand))
        let onDemand = Annealer(options: options).solve(CostModel(onDemandProblem))
        #expect(model.evaluate(greedy).isFeasible && solved.evaluation.isFeasible && onDemand.evaluation.isFeasible)
        #expect(onDemandProblem.hostIDs == problem.hostIDs)

        let solverBill = Bill(problem: problem, placement: solved.placement).total
        let greedyBill = Bill(problem: problem, placement: greedy).total
        let onDemandBill = Bill(problem: onDemandProblem, placement: onDemand.placement).total
        // The same placement with every host bought on-demand: the same risk exactly.
        let sameHostsOnDemand = Bill(problem: onDemandProblem, placement: solved.placement).total
        #expect(solverBill < greedyBill, "solver \(solverBill) vs greedy \(greedyBill)")
        #expect(solverBill < onDemandBill, "solver \(solverBill) vs all on-demand \(onDemandBill)")
        #expect(solverBill < sameHostsOnDemand, "solver \(solverBill) vs its hosts on-demand \(sameHostsOnDemand)")

        // Every placement keeps every host within the risk budget the quantile sets (in no hour is a host
        // overloaded with probability above 1 − q), and the solver's risk is no higher than the greedy's or
        // all on-demand's (risks below 10⁻⁵ overloaded hosts per hour, one host-hour in 100,000, count as
        // equal).
        var risks: [String: Risk] = [:]
        for (name, placement) in [
            ("solver", solved.placement.locations(in: problem)), ("greedy", greedy.locations(in: problem)),
            ("all on-demand", onDemand.placement.locations(in: onDemandProblem)),
        ] {
            let risk = Self.risk(placement, scenario: scenario, laws: laws)
            #expect(risk.worstHost <= 1 - quantile, "\(name): worst host overloaded \(risk.worstHost) of the hours")
            risks[name] = risk
        }
        let solverRisk = risks["solver"]!.expectedOverloadedHosts
        #expect(solverRisk <= risks["greedy"]!.expectedOverloadedHosts + 1e-5, "\(risks)")
        #expect(solverRisk <= risks["all on-demand"]!.expectedOverloadedHosts + 1e-5, "\(risks)")
    }

    @Test("the risk measure sees an overloaded placement")
    func riskCanFail() throws {
        let scenario = ScenarioGenerator.generate(.init(shards: 100, hosts: 6, seed: 7, providers: 2))
        let laws = Self.demandLaws(scenario)
        // Everything on two hosts: far beyond their capacity at peak.
        let hosts = ["aster-eu-a-reserved-1", "aster-eu-a-reserved-2"]
        let placement = Dictionary(
            uniqueKeysWithValues: scenario.shards.enumerated().map { ($1.id, hosts[$0 % 2]) })
        let risk = Self.risk(placement, scenario: scenario, laws: laws)
        #expect(risk.worstHost > 0.5 && risk.expectedOverloadedHosts > 1)
    }
}
