import Testing

@testable import ShardPlace

/// An independent reading of the catalog rules, from the scenario as written (declared hosts with their
/// labels, offers by id, the provider list): each host's provider, region, trust and whether it is spot,
/// and the broken trust, residency and spot rules of a placement given as shard id → host id.
struct CatalogChecker {
    struct HostFacts {
        var provider: String?
        var region: String?
        var trust: Double
        var spot: Bool
    }

    let scenario: Scenario
    var facts: [String: HostFacts] = [:]

    init(_ scenario: Scenario) {
        self.scenario = scenario
        func catalogTrust(_ provider: String?) -> Double? {
            scenario.providers.first { $0.id == provider }?.trust
        }
        for h in scenario.hosts {
            let provider = h.labels["provider"]
            facts[h.id] = HostFacts(
                provider: provider, region: h.labels["region"], trust: h.trust ?? catalogTrust(provider) ?? 1,
                spot: h.labels["offerType"] == "spot")
        }
        for o in scenario.offers {
            for k in 1...o.count {
                facts["\(o.id)-\(k)"] = HostFacts(
                    provider: o.provider, region: o.region, trust: catalogTrust(o.provider) ?? 1, spot: o.type == .spot)
            }
        }
    }

    /// Every broken rule, one sentence each.
    func violations(_ placement: [String: String]) -> [String] {
        var out: [String] = []
        var spotCount: [String: Int] = [:]
        for shard in scenario.shards {
            guard let hostID = placement[shard.id] else {
                out.append("\(shard.id) is not placed")
                continue
            }
            guard let host = facts[hostID] else {
                out.append("\(shard.id) is on an unknown host \(hostID)")
                continue
            }
            let group = scenario.groups.first { $0.id == shard.group }
            let needed = max(shard.minTrust ?? 0, group?.minTrust ?? 0)
            if host.trust < needed { out.append("\(shard.id) needs trust \(needed), \(hostID) has \(host.trust)") }
            if let allowed = group?.residency?.providers, !allowed.contains(host.provider ?? "") {
                out.append("\(shard.id) must stay with \(allowed), \(hostID) is \(host.provider ?? "nobody")'s")
            }
            if let allowed = group?.residency?.regions, !allowed.contains(host.region ?? "") {
                out.append("\(shard.id) must stay in \(allowed), \(hostID) is in \(host.region ?? "no region")")
            }
            if let group, host.spot { spotCount["\(group.id)|\(host.provider ?? "")", default: 0] += 1 }
        }
        for (key, n) in spotCount {
            let id = String(key.split(separator: "|", omittingEmptySubsequences: false)[0])
            let group = scenario.groups.first { $0.id == id }!
            let limit = group.maxSpotReplicas ?? scenario.policy.spotReplicas
            if n > limit { out.append("group \(key): \(n) shards on one provider's spot capacity, at most \(limit)") }
        }
        return out
    }
}

@Suite struct ProviderPlacementTests {
    private func hostIDs(_ placement: Placement, _ problem: Problem) -> [String: String] {
        var map: [String: String] = [:]
        for (s, leaf) in placement.leaves.enumerated() where leaf >= 0 {
            map[problem.shardIDs[s]] = problem.hostIDs[problem.host(ofLeaf: Int(leaf))]
        }
        return map
    }

    @Test("the annealer and the greedy never break minTrust, residency or the spot limit", arguments: 0..<6)
    func rulesHold(seed: UInt64) throws {
        var scenario = ProviderScenario.make(seed: seed, shards: 28)
        if seed % 2 == 1 { scenario.placement = nil }
        let problem = try Problem(scenario, offerPlan: scenario.offerPlan())
        let model = CostModel(problem)
        let checker = CatalogChecker(scenario)
        var options = Annealer.Options()
        options.iterations = 25_000
        options.threads = 2
        options.seed = seed
        let annealed = Annealer(options: options).solve(model)
        #expect(annealed.evaluation.isFeasible, "seed \(seed): \(annealed.evaluation.violations.prefix(3))")
        let broken = checker.violations(hostIDs(annealed.placement, problem))
        #expect(broken.isEmpty, "seed \(seed), annealer: \(broken.prefix(5))")
        let greedy = Greedy(seed: seed).solve(model)
        if model.evaluate(greedy).isFeasible {
            let broken = checker.violations(hostIDs(greedy, problem))
            #expect(broken.isEmpty, "seed \(seed), greedy: \(broken.prefix(5))")
        }
    }

    @Test("the checker finds the rules broken: a placement that ignores them fails it")
    func checkerCanFail() throws {
        let scenario = ProviderScenario.make(seed: 3, shards: 28)
        let checker = CatalogChecker(scenario)
        // Everything on b's spot host h1 (trust 0.7, region eu, spot).
        let all = Dictionary(uniqueKeysWithValues: scenario.shards.map { ($0.id, "h1") })
        let broken = checker.violations(all)
        #expect(broken.contains { $0.contains("needs trust") })
        #expect(broken.contains { $0.contains("spot capacity") })
        // And the evaluator agrees that it is infeasible.
        let problem = try Problem(scenario)
        let h1 = try #require(problem.hostIDs.firstIndex(of: "h1"))
        let evaluation = CostModel(problem).evaluate(
            Placement(
                leaves: [Int32](repeating: Int32(problem.leaves(ofHost: h1).lowerBound), count: problem.shardCount)))
        #expect(evaluation.terms.placementRules > 0 && evaluation.terms.antiAffinity > 0)
    }

    @Test("on a generated two-provider scenario the solve keeps every rule")
    func generatedScenario() throws {
        let seed: UInt64 = 5
        let scenario = ScenarioGenerator.generate(.init(shards: 120, hosts: 6, seed: seed, providers: 2))
        #expect(scenario.validate().isEmpty, "\(scenario.validate().prefix(3))")
        let (forecast, summary) = try scenario.forecastingDemand(relativeTo: nil)
        let problem = try Problem(forecast, offerPlan: forecast.offerPlan(outlook: summary?.outlook))
        var options = Annealer.Options()
        options.iterations = 40_000
        options.threads = 2
        options.seed = seed
        let result = Annealer(options: options).solve(CostModel(problem))
        #expect(result.evaluation.isFeasible, "\(result.evaluation.violations.prefix(3))")
        let broken = CatalogChecker(scenario).violations(hostIDs(result.placement, problem))
        #expect(broken.isEmpty, "\(broken.prefix(5))")
    }
}
