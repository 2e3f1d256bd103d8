import Foundation
import Testing

@testable import ShardPlace

/// The offer planner against brute force, and against the newsvendor formula it implements.
@Suite struct OfferPlannerTests {
    /// A one-resource scenario: `base` units of declared capacity, and unit-capacity offers.
    static func scenario(base: Double, offers: [(String, String, OfferType, Int)], providers: [Provider]) -> Scenario {
        Scenario(
            resources: [Resource(name: "cpu")],
            hosts: base > 0 ? [Host(id: "own", capacity: [base])] : [], shards: [],
            providers: providers,
            offers: offers.map { id, provider, type, count in
                Offer(id: id, provider: provider, type: type, shape: .init(capacity: [1]), count: count)
            })
    }

    /// The cheapest expected hourly cost of covering the positions base, base + 1, … below the peak with
    /// unit hosts, by trying every assignment of an offer to each position: a reserved host costs its
    /// price at any position; an elastic one its effective price × P(demand > the position's start).
    static func bruteForce(_ scenario: Scenario, outlook: DemandOutlook, base: Double) -> Double {
        let peak = outlook.upper[0].max()!
        let positions = max(0, Int((peak - base).rounded(.up)))
        let kinds = scenario.offers.map { o in (o.type, scenario.effectivePrice(of: o)!, o.count) }
        var best = Double.infinity
        var used = [Int](repeating: 0, count: kinds.count)
        func visit(_ i: Int, _ cost: Double) {
            if cost >= best { return }
            if i == positions {
                best = cost
                return
            }
            let level = base + Double(i)
            let tail = Double(outlook.mean[0].filter { $0 > level }.count) / Double(outlook.mean[0].count)
            for k in kinds.indices where used[k] < kinds[k].2 {
                used[k] += 1
                visit(i + 1, cost + kinds[k].1 * (kinds[k].0 == .reserved ? 1 : tail))
                used[k] -= 1
            }
        }
        visit(0, 0)
        return best
    }

    @Test("the plan's expected cost is the brute-force optimum on small cases", arguments: 0..<40)
    func matchesBruteForce(seed: UInt64) throws {
        var g = RandomScenario.Generator(state: seed &* 104_729 &+ 1)
        func pick(_ range: ClosedRange<Int>) -> Double { Double(Int.random(in: range, using: &g)) / 100 }
        let a = Provider(
            id: "a",
            prices: .init(
                onDemand: [pick(80...120)], reserved: .init(price: [pick(30...90)]),
                spot: .init(price: [pick(20...60)], reclaimProbability: pick(0...30))))
        let b = Provider(
            id: "b",
            prices: .init(
                onDemand: [pick(70...130)], spot: .init(price: [pick(25...70)], reclaimProbability: pick(0...20))))
        let base = Double(Int.random(in: 0...2, using: &g))
        // Demand: a few hours, each a point mass between 0 and base + 6.
        let hours = (0..<Int.random(in: 3...8, using: &g)).map { _ in
            Double(Int.random(in: 0...Int(base) + 6, using: &g)) + pick(0...99)
        }
        let outlook = DemandOutlook(mean: [hours], upper: [hours], quantile: 0.95)
        let scenario = Self.scenario(
            base: base,
            offers: [
                ("a-res", "a", .reserved, Int.random(in: 0...4, using: &g)),
                ("a-spot", "a", .spot, Int.random(in: 0...3, using: &g)),
                ("a-od", "a", .onDemand, 8), ("b-spot", "b", .spot, Int.random(in: 0...3, using: &g)),
            ].filter { $0.3 > 0 }, providers: [a, b])
        let plan = OfferPlanner().plan(scenario, outlook: outlook)
        let expected = Self.bruteForce(scenario, outlook: outlook, base: base)
        #expect(
            abs(plan.expectedHourlyCost - expected) <= 1e-9 * max(1, expected),
            "seed \(seed): plan \(plan.expectedHourlyCost), brute force \(expected); \(plan.entries)")
        // The plan covers the peak.
        let covered = plan.entries.reduce(0) { $0 + $1.hosts }
        #expect(base + Double(covered) >= hours.max()! - 1e-9)
    }

    @Test("with unlimited reserved and on-demand hosts the reserved capacity ends at the critical fractile")
    func criticalFractile() throws {
        let provider = Provider(
            id: "p", prices: .init(onDemand: [1.0], reserved: .init(price: [0.55])))
        let scenario = Self.scenario(
            base: 10, offers: [("res", "p", .reserved, 400), ("od", "p", .onDemand, 400)], providers: [provider])
        // A daily cycle around 120 with a 20 % quantile spread.
        let mean = (0..<24).map { 120 + 40 * sin(2 * Double.pi * Double($0) / 24) }
        let outlook = DemandOutlook(mean: [mean], upper: [mean.map { $0 * 1.2 }], quantile: 0.9)
        let plan = OfferPlanner().plan(scenario, outlook: outlook)
        let ratio = try #require(plan.criticalRatio)
        #expect(abs(ratio - 0.45) < 1e-12)
        let level = try #require(plan.newsvendorLevel)
        // F(level) = critical ratio, computed here from the mixture directly.
        let z = 1.2815515655446004  // standard normal 0.9-quantile
        let below = mean.map { m in 0.5 * erfc(-(level - m) / ((0.2 * m / z) * 2.0.squareRoot())) }
        #expect(abs(below.reduce(0, +) / 24 - ratio) < 1e-6)
        // Whole hosts: every host whose place starts below the fractile is reserved, none above.
        #expect(plan.reservedCapacity >= level - 10 - 1e-9 && plan.reservedCapacity <= level - 10 + 1)
        #expect(plan.baseCapacity == 10 && plan.peak == mean.map { $0 * 1.2 }.max()!)
    }

    @Test("constant demand: all reserved when reserving is cheaper, all on-demand at full duty when not")
    func constantDemand() throws {
        for (reservedPrice, reserved) in [(0.6, true), (1.2, false)] {
            let provider = Provider(id: "p", prices: .init(onDemand: [1.0], reserved: .init(price: [reservedPrice])))
            let scenario = Self.scenario(
                base: 0, offers: [("res", "p", .reserved, 10), ("od", "p", .onDemand, 10)], providers: [provider])
            let plan = OfferPlanner().plan(scenario, outlook: .constant([5.5]))
            let res = plan.entries.first { $0.offer == "res" }!
            let od = plan.entries.first { $0.offer == "od" }!
            #expect(res.hosts == (reserved ? 6 : 0))
            #expect(od.hosts == (reserved ? 0 : 6))
            if !reserved { #expect(od.duty == 1) }
            #expect(abs(plan.expectedHourlyCost - 6 * min(reservedPrice, 1)) < 1e-12)
        }
    }
}

@Suite struct DemandOutlookTests {
    @Test("the exceedance of one normal step at its mean and at its quantile")
    func normalStep() {
        let outlook = DemandOutlook(mean: [[100]], upper: [[130]], quantile: 0.95)
        #expect(abs(outlook.exceedance(resource: 0, above: 100) - 0.5) < 1e-12)
        #expect(abs(outlook.exceedance(resource: 0, above: 130) - 0.05) < 1e-8)
        #expect(abs(outlook.level(resource: 0, probability: 0.95) - 130) < 1e-5)
        #expect(outlook.peak(resource: 0) == 130)
    }

    @Test("point masses: the exceedance is the share of steps above the level")
    func pointMasses() {
        let outlook = DemandOutlook(mean: [[1, 3, 3, 7]], upper: [[1, 3, 3, 7]], quantile: 0.9)
        #expect(outlook.exceedance(resource: 0, above: 0.5) == 1)
        #expect(outlook.exceedance(resource: 0, above: 2) == 0.75)
        #expect(outlook.exceedance(resource: 0, above: 3) == 0.25)
        #expect(outlook.exceedance(resource: 0, above: 7) == 0)
    }

    @Test("forecasting sums the shards' paths and adds the demand of shards without history")
    func forecastOutlook() throws {
        var scenario = Scenario(
            resources: [Resource(name: "cpu")], hosts: [Host(id: "h", capacity: [100])],
            shards: [
                Shard(id: "a", demand: [], history: DemandHistory(samples: [[2, 2, 2, 2, 2, 2]])),
                Shard(id: "b", demand: [], history: DemandHistory(samples: [[3, 3, 3, 3, 3, 3]])),
                Shard(id: "c", demand: [1.5]),
            ])
        scenario.policy.forecast = Policy.Forecast(quantile: 0.9, horizon: 4)
        let (_, summary) = try scenario.forecastingDemand(relativeTo: nil)
        let outlook = try #require(summary?.outlook)
        #expect(outlook.mean[0].count == 4)
        for k in 0..<4 {
            #expect(abs(outlook.mean[0][k] - 6.5) < 1e-9)
            #expect(abs(outlook.upper[0][k] - 6.5) < 1e-9)
        }
    }
}
