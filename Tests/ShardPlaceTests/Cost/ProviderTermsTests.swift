import Testing

@testable import ShardPlace

/// The provider terms — offer charges in `price`, `egress`, the spot-replica rule in `antiAffinity`,
/// trust and residency in `placementRules`, catalog latency in `traffic` — against the independent
/// reference, and their incremental deltas against full recomputation.
@Suite struct ProviderTermsTests {
    /// A compiled provider scenario, priced with its offer plan (so that planned and unplanned offer
    /// hosts both occur).
    private func compile(seed: UInt64) throws -> (Scenario, OfferPlan, Problem) {
        let scenario = ProviderScenario.make(seed: seed)
        #expect(scenario.validate().isEmpty, "\(scenario.validate())")
        let plan = try #require(scenario.offerPlan(outlook: .constant(of: scenario)))
        return (scenario, plan, try Problem(scenario, offerPlan: plan))
    }

    @Test("every term of a full evaluation equals the independent reference", arguments: 0..<4)
    func evaluationMatchesReference(seed: UInt64) throws {
        let (scenario, plan, problem) = try compile(seed: seed)
        let model = CostModel(problem)
        let reference = ReferenceCost(scenario, plan: plan)
        #expect(reference.hostCount == problem.hostCount)
        var g = RandomScenario.Generator(state: seed &+ 77)
        var sawCharge = false
        var sawEgress = false
        var sawSpot = false
        for _ in 0..<60 {
            let hosts = (0..<problem.shardCount).map { _ in
                Int.random(in: 0..<10, using: &g) == 0 ? -1 : Int.random(in: 0..<problem.hostCount, using: &g)
            }
            let placement = Placement(leaves: hosts.map { Int32($0) })
            let terms = model.evaluate(placement).terms
            let expected = reference.terms(hosts)
            for name in CostTerms.hardNames + CostTerms.softNames {
                #expect(
                    close(terms[name]!, expected[name]!, 1e-6),
                    "\(name): \(terms[name]!) vs reference \(expected[name]!)")
            }
            sawCharge = sawCharge || terms.price > 0
            sawEgress = sawEgress || terms.egress > 0
            sawSpot = sawSpot || terms.antiAffinity > 0
        }
        #expect(sawCharge && sawEgress && sawSpot, "the random placements exercise charges, egress and spot limits")
    }

    @Test("shift and swap deltas equal the difference of two full evaluations", arguments: 0..<4)
    func deltasMatchFullRecomputation(seed: UInt64) throws {
        let (_, _, problem) = try compile(seed: seed)
        let model = CostModel(problem)
        var state = CostState(model: model, placement: Placement(initialOf: problem))
        #expect(state.track.offerCharges && state.track.egress)
        var g = RandomScenario.Generator(state: seed &* 31 &+ 5)
        var before = model.evaluate(state.placement).terms
        expectClose(state.terms, before, weights: problem.weights, "initial")
        var changedCharge = 0
        var changedEgress = 0
        for move in 1...800 {
            let s = Int.random(in: 0..<problem.shardCount, using: &g)
            let delta: CostTerms
            if move % 3 == 0 {
                let t = Int.random(in: 0..<problem.shardCount, using: &g)
                let predicted = state.swapDelta(s, t)
                delta = state.swap(s, t)
                expectClose(predicted, delta, weights: problem.weights, "swap prediction \(move)")
            } else {
                let leaf = Int.random(in: 0..<problem.leafCount, using: &g)
                let predicted = state.shiftDelta(s, to: leaf)
                delta = state.shift(s, to: leaf)
                expectClose(predicted, delta, weights: problem.weights, "shift prediction \(move)")
            }
            let after = model.evaluate(state.placement).terms
            expectClose(delta, after - before, weights: problem.weights, "move \(move)")
            if delta.price != 0 { changedCharge += 1 }
            if delta.egress != 0 { changedEgress += 1 }
            before = after
        }
        expectClose(state.terms, before, weights: problem.weights, "after 800 moves")
        #expect(changedCharge > 30 && changedEgress > 30)
    }

    @Test("moving between two hosts of one offer at the edge of the plan changes no charge")
    func chargeAtThePlanEdge() throws {
        let c = [8.0]
        let scenario = Scenario(
            resources: [Resource(name: "cpu")], hosts: [],
            shards: (0..<3).map { Shard(id: "s\($0)", demand: [6]) },
            policy: {
                var p = Policy()
                p.weights.price = 1
                return p
            }(),
            providers: [Provider(id: "p", prices: .init(onDemand: [0.5]))],
            offers: [Offer(id: "o", provider: "p", type: .onDemand, shape: .init(capacity: c), count: 4)])
        #expect(scenario.validate().isEmpty, "\(scenario.validate())")
        let plan = OfferPlan(
            entries: [.init(offer: "o", type: .onDemand, hosts: 2, duty: 0.25, effectivePrice: 4)], resource: "cpu",
            baseCapacity: 0, reservedCapacity: 0, peak: 18, criticalRatio: nil, newsvendorLevel: nil,
            expectedHourlyCost: 2)
        let problem = try Problem(scenario, offerPlan: plan)
        let model = CostModel(problem)
        // Three hosts in use: two at the planned rate (4 × 0.25), one at the full rate (4).
        var state = CostState(model: model, placement: Placement(leaves: [0, 1, 2]))
        #expect(close(state.terms.price, 1 + 1 + 4))
        #expect(close(model.evaluate(state.placement).terms.price, 6))
        // s2 moves from host 3 to host 4: still three hosts in use, no change.
        #expect(state.shiftDelta(2, to: 3).price == 0)
        // s1 joins s0: two hosts in use, both planned.
        #expect(close(state.shift(1, to: 0).price, -4))
        #expect(close(state.terms.price, 2))
        #expect(close(model.evaluate(state.placement).terms.price, 2))
    }
}
