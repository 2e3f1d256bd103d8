import Foundation
import Testing

@testable import ShardPlace

/// The overload risk model against the independent computation of ``TwoProviderSolveTests``, the
/// forecast paths it reads against the forecaster, and the risk guard of a solve.
@Suite struct OverloadRiskTests {
    @Test("the risk of random placements equals the independent computation", arguments: [UInt64(1), 4])
    func matchesIndependent(seed: UInt64) throws {
        let scenario = TwoProviderSolveTests.scenario(seed: seed)
        let laws = TwoProviderSolveTests.demandLaws(scenario)
        let (forecast, summary) = try scenario.forecastingDemand(relativeTo: nil, keepingPaths: true)
        let problem = try Problem(forecast)
        let risk = OverloadRisk(problem: problem, paths: summary?.paths)
        var g = RandomScenario.Generator(state: seed)
        // Random placements on few hosts (so that some are overloaded) and on many.
        for hosts in [2, 4, 8, problem.hostCount] {
            let leaves = (0..<problem.shardCount).map { _ in
                Int32(problem.leaves(ofHost: Int.random(in: 0..<hosts, using: &g)).lowerBound)
            }
            let placement = Placement(leaves: leaves)
            let expected = TwoProviderSolveTests.risk(
                placement.locations(in: problem), scenario: scenario, laws: laws)
            let value = risk.evaluate(placement)
            // Rounding only: the same terms added in another order.
            #expect(
                abs(value.expectedOverloadedHosts - expected.expectedOverloadedHosts)
                    <= 1e-12 * max(1e-300, expected.expectedOverloadedHosts), "\(hosts) hosts: \(value) vs \(expected)")
            #expect(abs(value.worstHost - expected.worstHost) <= 1e-12 * max(1e-300, expected.worstHost))
            if hosts == 2 { #expect(value.expectedOverloadedHosts > 0.1) }
        }
    }

    @Test("the kept forecast paths are the forecaster's, and shards without history have none")
    func pathsAreTheForecasters() throws {
        var scenario = TwoProviderSolveTests.scenario(seed: 2)
        scenario.shards[3].history = nil
        let (_, summary) = try scenario.forecastingDemand(relativeTo: nil, keepingPaths: true)
        let paths = try #require(summary?.paths)
        let forecast = scenario.policy.forecast!
        let d = scenario.resources.count
        let table = Forecaster(
            options: ForecastOptions(
                horizon: forecast.horizon, season: forecast.season ?? 1, quantile: forecast.quantile)
        ).forecast(
            scenario.shards.filter { $0.history != nil }.flatMap { s in (0..<d).map { s.history!.samples![$0] } })
        #expect(paths.shardIDs == scenario.shards.map(\.id) && paths.horizon == forecast.horizon)
        var row = 0
        for (s, shard) in scenario.shards.enumerated() {
            for r in 0..<d {
                let base = (s * d + r) * paths.horizon
                let mean = Array(paths.mean[base..<base + paths.horizon])
                let upper = Array(paths.upper[base..<base + paths.horizon])
                if shard.history == nil {
                    #expect(!paths.hasForecast[s * d + r] && mean.allSatisfy { $0 == 0 })
                } else {
                    #expect(paths.hasForecast[s * d + r])
                    #expect(mean == Array(table.meanPath(row)) && upper == Array(table.quantilePath(row)))
                    row += 1
                }
            }
        }
        // Without asking, no paths are kept.
        #expect(try scenario.forecastingDemand(relativeTo: nil).summary?.paths == nil)
    }

    /// Two hosts of capacity 12 (the second twice the price per unit) and four shards whose demand is
    /// 2 on average and 3 at the 0.95-quantile in every hour: the cheapest placement packs all four on
    /// the first host (exactly full at the quantile, overloaded about 5 % of the hours); two per host is
    /// the only placement as safe as the spread reference.
    static func twoHosts() throws -> (Problem, OverloadRisk, Placement) {
        var scenario = Scenario(
            resources: [Resource(name: "cpu")],
            hosts: [
                Host(id: "cheap", capacity: [12], price: [1]), Host(id: "dear", capacity: [12], price: [2]),
            ],
            shards: (0..<4).map { Shard(id: "s\($0)", demand: [3]) })
        scenario.policy.weights.price = 1
        scenario.policy.weights.traffic = 0
        let problem = try Problem(scenario)
        var paths = DemandPaths(shardIDs: scenario.shards.map(\.id), resources: 1, horizon: 4, quantile: 0.95)
        for s in 0..<4 { paths.set(shard: s, resource: 0, mean: [2, 2, 2, 2], upper: [3, 3, 3, 3]) }
        let spread = Placement(leaves: [0, 1, 0, 1])
        return (problem, OverloadRisk(problem: problem, paths: paths), spread)
    }

    @Test("the guard repairs a result riskier than the reference, moving shards until it is not")
    func guardRepairs() throws {
        let (problem, risk, spread) = try Self.twoHosts()
        let model = CostModel(problem)
        var options = Annealer.Options()
        options.iterations = 2_000
        options.threads = 1
        let unguarded = Annealer(options: options).solve(model)
        #expect(unguarded.placement.leaves == [0, 0, 0, 0] && unguarded.risk == nil)
        let packed = risk.evaluate(unguarded.placement).expectedOverloadedHosts
        let limit = risk.evaluate(spread).expectedOverloadedHosts
        // z = 1.645: the packed host exceeds 12 with mean 8 and deviation 4/z about 5 % of the hours.
        #expect(abs(packed - 0.05) < 1e-3 && limit < 1e-6)

        options.riskGuard = RiskGuard(risk: risk, reference: spread)
        let guarded = Annealer(options: options).solve(model)
        let check = try #require(guarded.risk)
        #expect(check.met && !check.fellBack && check.repairMoves == 2)
        #expect(check.searched.expectedOverloadedHosts == packed && check.limit == limit)
        #expect(guarded.placement.leaves.filter { $0 == 0 }.count == 2 && guarded.evaluation.isFeasible)
        #expect(risk.evaluate(guarded.placement).expectedOverloadedHosts <= limit)
        #expect(guarded.evaluation.total == model.evaluate(guarded.placement).total)
    }

    @Test("when the repair cannot meet the bound, the solve returns the reference")
    func guardFallsBack() throws {
        let (problem, risk, spread) = try Self.twoHosts()
        var options = Annealer.Options()
        options.iterations = 2_000
        options.threads = 1
        options.riskGuard = RiskGuard(risk: risk, reference: spread, moveLimit: 1)
        let guarded = Annealer(options: options).solve(CostModel(problem))
        let check = try #require(guarded.risk)
        #expect(check.met && check.fellBack && check.repairMoves == 0)
        #expect(guarded.placement == spread)
    }

    @Test("on a generated scenario the guarded solve is never riskier than each reference")
    func guardBoundsGenerated() throws {
        let scenario = TwoProviderSolveTests.scenario(seed: 5)
        let (forecast, summary) = try scenario.forecastingDemand(relativeTo: nil, keepingPaths: true)
        let problem = try Problem(forecast, offerPlan: forecast.offerPlan(outlook: summary?.outlook))
        let model = CostModel(problem)
        let risk = OverloadRisk(problem: problem, paths: summary?.paths)
        var options = Annealer.Options()
        options.iterations = 10_000
        options.threads = 1
        for seed in [UInt64(1), 2] {
            let reference = Greedy(seed: seed).solve(model)
            try #require(model.evaluate(reference).isFeasible)
            options.riskGuard = RiskGuard(risk: risk, reference: reference)
            let solved = Annealer(options: options).solve(model)
            #expect(solved.evaluation.isFeasible && solved.risk?.met == true)
            #expect(
                risk.evaluate(solved.placement).expectedOverloadedHosts
                    <= risk.evaluate(reference).expectedOverloadedHosts)
        }
    }
}
