import Testing

@testable import ShardPlace

/// Bills against sums computed here from the scenario as written.
@Suite struct BillTests {
    /// The hourly compute and egress of a placement (shard id → host id), from the catalog, the offers and
    /// the plan directly: declared hosts by price × demand (their own price, else their provider's list for
    /// their offerType label), used offer hosts by their effective price — the first `hosts` of an offer
    /// in use at the plan's duty — and egress by half of each crossing edge at each sender's price.
    static func independent(_ scenario: Scenario, plan: OfferPlan?, _ placement: [String: String]) -> (Double, Double) {
        let shards = Dictionary(uniqueKeysWithValues: scenario.shards.map { ($0.id, $0) })
        func providerOf(_ host: String) -> String? {
            if let h = scenario.hosts.first(where: { $0.id == host }) { return h.labels["provider"] }
            return scenario.offers.first { host.hasPrefix($0.id + "-") }?.provider
        }
        func egressPrice(_ host: String) -> Double {
            scenario.providers.first { $0.id == providerOf(host) }?.egressPerGB ?? 0
        }
        var compute = 0.0
        for host in scenario.hosts {
            let catalog = scenario.providers.first { $0.id == host.labels["provider"] }
            let type = OfferType(rawValue: host.labels["offerType"] ?? "onDemand")!
            guard let price = host.price ?? catalog?.prices.list(type) else { continue }
            for (shard, h) in placement where h == host.id {
                for r in price.indices { compute += price[r] * shards[shard]!.demand[r] }
            }
        }
        let used = Set(placement.values)
        for offer in scenario.offers {
            let provider = scenario.providers.first { $0.id == offer.provider }!
            func list(_ prices: [Double]) -> Double { zip(prices, offer.shape.capacity).reduce(0) { $0 + $1.0 * $1.1 } }
            var price = offer.price ?? list(provider.prices.list(offer.type)!)
            if offer.type == .spot, let spot = provider.prices.spot {
                let fallback = provider.prices.onDemand.map(list) ?? price
                price = (1 - spot.reclaimProbability) * price + spot.reclaimProbability * fallback
            }
            let entry = plan?.entries.first { $0.offer == offer.id }
            var n = 0
            for k in 1...offer.count where used.contains("\(offer.id)-\(k)") {
                n += 1
                compute += price * (entry.map { n <= $0.hosts ? $0.duty : 1 } ?? 1)
            }
        }
        var egress = 0.0
        for edge in scenario.traffic {
            guard let a = placement[edge.from], let b = placement[edge.to], providerOf(a) != providerOf(b) else {
                continue
            }
            let gb = edge.volume * scenario.policy.egressGBPerVolume
            egress += gb / 2 * egressPrice(a) + gb / 2 * egressPrice(b)
        }
        return (compute, egress)
    }

    @Test("a bill equals the sums computed from the scenario, and every breakdown adds up", arguments: 0..<8)
    func billSums(seed: UInt64) throws {
        let scenario = ProviderScenario.make(seed: seed, shards: 30)
        let plan = scenario.offerPlan(outlook: .constant(of: scenario))
        let problem = try Problem(scenario, offerPlan: plan)
        let model = CostModel(problem)
        var g = RandomScenario.Generator(state: seed &+ 1234)
        for round in 0..<20 {
            let leaves = (0..<problem.shardCount).map { _ in
                Int.random(in: 0..<12, using: &g) == 0
                    ? Int32(-1) : Int32(Int.random(in: 0..<problem.leafCount, using: &g))
            }
            let placement = Placement(leaves: leaves)
            let hours: Double = [1, 730, 168][round % 3]
            let bill = Bill(problem: problem, placement: placement, hours: hours)
            let (compute, egress) = Self.independent(scenario, plan: plan, placement.locations(in: problem))
            #expect(close(bill.compute, compute * hours, 1e-9), "compute \(bill.compute) vs \(compute * hours)")
            #expect(close(bill.egress, egress * hours, 1e-9), "egress \(bill.egress) vs \(egress * hours)")
            #expect(close(bill.total, bill.compute + bill.egress, 1e-12))
            #expect(close(bill.providers.values.reduce(0) { $0 + $1.total }, bill.total, 1e-9))
            #expect(close(bill.groups.values.reduce(0) { $0 + $1.total }, bill.total, 1e-9))
            #expect(close(bill.offerTypes.values.reduce(0, +) + bill.egress, bill.total, 1e-9))
            for line in bill.providers.values { #expect(close(line.compute + line.egress, line.total, 1e-12)) }
            let terms = model.evaluate(placement).terms
            #expect(close(bill.total / hours, terms.price + terms.egress, 1e-9))
            // Used hosts: what the placement touches.
            let usedHosts = Set(placement.locations(in: problem).values)
            #expect(bill.declaredHosts + bill.offerHosts.values.reduce(0, +) == usedHosts.count)
        }
    }

    @Test("the reserved commitment is the hourly price × term of the reserved offer hosts in use")
    func reservedCommitment() throws {
        let provider = Provider(
            id: "p", prices: .init(onDemand: [1], reserved: .init(price: [0.5], termHours: 1000)))
        var scenario = Scenario(
            resources: [Resource(name: "cpu")], hosts: [],
            shards: [Shard(id: "a", demand: [3]), Shard(id: "b", demand: [3])],
            providers: [provider],
            offers: [Offer(id: "r", provider: "p", type: .reserved, shape: .init(capacity: [4]), count: 3)])
        scenario.policy.weights.price = 1
        let problem = try Problem(scenario)
        let bill = Bill(problem: problem, placement: Placement(leaves: [0, 2]), hours: 10)
        #expect(bill.offerHosts == ["r": 2])
        #expect(close(bill.compute, 2 * 2 * 10))
        #expect(close(bill.reservedCommitment, 2 * 2 * 1000))
        #expect(bill.offerTypes == ["reserved": 40])
    }
}
