import Foundation

extension ScenarioGenerator {
    /// Provider names of generated catalogs, in order.
    static let providerNames = ["aster", "boreal", "cirrus", "dune", "ember", "fjord"]
    /// The most providers ``generateWithProviders(_:)`` makes.
    public static var maxProviders: Int { providerNames.count }

    /// Generates a scenario whose capacity is bought from `options.providers` (2 to 6) providers: the
    /// shards, groups and traffic of ``generate(_:)`` (its hosts only size the demand), and instead of
    /// hosts, capacity offers of all three types.
    ///
    /// - Catalog: providers `aster`, `boreal`, … with regions `eu` and `us`, two zones per region
    ///   (`aster-eu-a`), trust 0.97, 0.85, 0.93, …, on-demand prices per resource unit-hour around the
    ///   generator's base prices (each provider a little dearer or cheaper), reserved at 45 % and spot at
    ///   45–50 % of on-demand with a reclaim probability of 6–10 % (so spot costs 50–53 % of on-demand in
    ///   effect), egress 0.05–0.09 per GB, 20–30 ms between providers and 70–90 ms between regions.
    /// - Offers: per provider, region, zone and type one offer of 64-core hosts (`aster-eu-a-reserved`,
    ///   …), sized so that each provider alone could hold the peak demand (reserved and on-demand 60 %
    ///   of it each, spot 40 %).
    /// - Groups keep their anti-affinity (`rack` becomes `host`), spread and dependencies; about one in
    ///   six groups without dependencies or zone anti-affinity must reside with one provider or in `eu`,
    ///   one in ten needs trust 0.9; one in twenty ungrouped shards needs trust 0.9.
    /// - Every shard has a history of 72 hourly samples per resource: its demand × a daily cycle (an
    ///   amplitude of 10–60 % for cpu, less for memory, little for disk, peaks at about the same hour for
    ///   every shard) × normal noise of 12 %; `policy.forecast` (quantile 0.95, 24 steps, season 24) places it by its
    ///   forecast peak.
    /// - No current placement (a new deployment); weights: price 1, egress 1, traffic 10⁻⁵, no balance
    ///   objectives; usage above safety capacity costs 4 × the base on-demand price per unit-hour (each
    ///   resource's `loadWeight`), so the objective is money plus a price on risk; one unit of traffic volume
    ///   is 0.1 GB per hour.
    ///
    /// - Parameter options: as for ``generate(_:)``, with ``Options/providers`` in 2…6 (1 is treated as 2).
    /// - Returns: a scenario whose ``Scenario/validate()`` finds nothing.
    public static func generateWithProviders(_ options: Options) -> Scenario {
        var plain = options
        plain.providers = 0
        var scenario = generate(plain)
        let providerCount = min(providerNames.count, max(2, options.providers))
        var rng = SplitMix64(seed: options.seed ^ 0x5052_4F56_4944_4552)
        let d = scenario.resources.count

        // Histories: a shared daily cycle with per-shard amplitude and a little phase jitter.
        let days = 3
        let hours = days * 24
        let amplitudeScale = (0..<d).map { r in r == 0 ? 1.0 : r == 1 ? 0.4 : r == 2 ? 0.05 : 0.7 }
        var total = [Double](repeating: 0, count: d)
        var peakTotal = [Double](repeating: 0, count: d)
        for i in scenario.shards.indices {
            let demand = scenario.shards[i].demand
            let amplitude = 0.1 + 0.5 * rng.nextDouble()
            let phase = 0.4 * ScenarioGenerator.gaussian(&rng)
            var samples: [[Double]] = []
            for r in 0..<d {
                let a = amplitude * amplitudeScale[r]
                samples.append(
                    (0..<hours).map { t in
                        let cycle = 1 + a * sin(2 * Double.pi * Double(t) / 24 + phase)
                        let noise = max(0.5, 1 + 0.12 * ScenarioGenerator.gaussian(&rng))
                        return max(0, (demand[r] * cycle * noise * 1000).rounded() / 1000)
                    })
                total[r] += demand[r]
                peakTotal[r] += demand[r] * (1 + a) * 1.25
            }
            scenario.shards[i].history = DemandHistory(samples: samples)
        }

        // One host shape, large enough for any generated shard.
        let shapeCapacity = (0..<d).map { r in [64.0, 256, 3840, 50, 4][min(r, 4)] * (r >= 5 ? 250 : 1) }
        let shapeSafety = shapeCapacity.map { ($0 * 0.85 * 1000).rounded() / 1000 }
        var needed = 1.0
        for r in 0..<d where shapeCapacity[r] > 0 { needed = max(needed, peakTotal[r] / shapeCapacity[r] / 0.8) }

        var providers: [Provider] = []
        var offers: [Offer] = []
        let regions = ["eu", "us"]
        for k in 0..<providerCount {
            let name = providerNames[k]
            let factor = [1.0, 0.92, 1.06, 0.97, 1.1, 0.95][k]
            let onDemand = (0..<d).map { r in (basePrices[min(r, basePrices.count - 1)] * factor * 1e5).rounded() / 1e5
            }
            let spotShare = k % 2 == 0 ? 0.5 : 0.45
            var latency: [Provider.Latency] = [
                Provider.Latency(from: "eu", to: "\(name)/us", milliseconds: 70 + 10 * Double(k % 3))
            ]
            for other in 0..<k {
                latency.append(
                    Provider.Latency(to: providerNames[other], milliseconds: 20 + 5 * Double((k + other) % 3)))
            }
            providers.append(
                Provider(
                    id: name, trust: [0.97, 0.85, 0.93, 0.88, 0.95, 0.8][k], regions: regions,
                    prices: Provider.Prices(
                        onDemand: onDemand,
                        reserved: Provider.Reserved(price: onDemand.map { ($0 * 0.45 * 1e6).rounded() / 1e6 }),
                        spot: Provider.Spot(
                            price: onDemand.map { ($0 * spotShare * 1e6).rounded() / 1e6 },
                            reclaimProbability: k % 2 == 0 ? 0.06 : 0.1)),
                    egressPerGB: [0.09, 0.05, 0.08, 0.07, 0.06, 0.09][k], latency: latency))
            for region in regions {
                for zone in ["a", "b"] {
                    let zoneName = "\(name)-\(region)-\(zone)"
                    for (type, share) in [(OfferType.reserved, 0.6), (.onDemand, 0.6), (.spot, 0.4)] {
                        offers.append(
                            Offer(
                                id: "\(zoneName)-\(type.rawValue)", provider: name, region: region, type: type,
                                shape: Offer.Shape(
                                    capacity: shapeCapacity, safetyCapacity: shapeSafety, labels: ["zone": zoneName]),
                                count: max(1, Int((needed * share / 4).rounded(.up)))))
                    }
                }
            }
        }

        // Groups: rack anti-affinity becomes host; residency and trust for some.
        var involved = Set<String>()
        for g in scenario.groups where !g.dependsOn.isEmpty {
            involved.insert(g.id)
            for dep in g.dependsOn { involved.insert(dep.group) }
        }
        var ruled = 0
        for i in scenario.groups.indices {
            if scenario.groups[i].antiAffinity == "rack" { scenario.groups[i].antiAffinity = "host" }
            let g = scenario.groups[i]
            guard !involved.contains(g.id), g.antiAffinity != "zone" else { continue }
            ruled += 1
            if ruled % 6 == 1 {
                scenario.groups[i].residency =
                    ruled % 12 == 1 ? Group.Residency(providers: [providerNames[0]]) : Group.Residency(regions: ["eu"])
            } else if ruled % 10 == 3 {
                scenario.groups[i].minTrust = 0.9
            }
        }
        var ungrouped = 0
        for i in scenario.shards.indices where scenario.shards[i].group == nil {
            ungrouped += 1
            if ungrouped % 20 == 7 { scenario.shards[i].minTrust = 0.9 }
        }

        scenario.name =
            "synthetic-providers\(providerCount)-\(options.shards)x\(options.hosts)-r\(d)-seed\(options.seed)"
        scenario.hosts = []
        scenario.placement = nil
        scenario.providers = providers
        scenario.offers = offers
        scenario.policy = Policy(
            forecast: Policy.Forecast(quantile: 0.95, horizon: 24, season: 24), egressGBPerVolume: 0.1)
        scenario.policy.weights.price = 1
        scenario.policy.weights.egress = 1
        scenario.policy.weights.traffic = 1e-5
        // Usage above safety capacity costs four times the on-demand price of the capacity it lacks, so
        // that the objective weighs risk and the bill in the same money.
        for r in scenario.resources.indices {
            scenario.resources[r].loadWeight = 4 * basePrices[min(r, basePrices.count - 1)]
        }
        return scenario
    }
}
