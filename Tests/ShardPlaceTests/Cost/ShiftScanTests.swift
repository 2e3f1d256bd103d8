import Testing

@testable import ShardPlace

/// The scan of hosts (`CostState+Scan.swift`) against every shift priced one by one.
@Suite struct ShiftScanTests {
    @Test(
        "a scan of hosts equals every shift priced one by one, in feasible and infeasible states",
        arguments: MoveBoundTests.Kind.allCases.map { ($0, false) } + [(nil, false), (nil, true)])
    func scanEqualsShiftDeltas(kind: MoveBoundTests.Kind?, spot: Bool) throws {
        var compared = 0
        var withConstraint = 0
        var withTraffic = 0
        var unplaced = 0
        for seed in UInt64(1)...3 {
            // `nil`: a generated scenario with 53 hosts (not a multiple of 4), zone and rack domains; with
            // `spot`, a random one where every third host is spot (the others are in no domain of the
            // spot-replica rule's key).
            var spotScenario = RandomScenario.make(seed: seed, shards: 40, hosts: 9)
            for h in spotScenario.hosts.indices {
                spotScenario.hosts[h].labels[Scenario.CatalogLabel.provider] = "p\(h % 2)"
                if h % 3 == 0 {
                    spotScenario.hosts[h].labels[Scenario.CatalogLabel.offerType] = OfferType.spot.rawValue
                }
            }
            let problem =
                try kind?.problem(seed: seed)
                ?? (spot
                    ? Problem(spotScenario)
                    : Problem(ScenarioGenerator.generate(.init(shards: 400, hosts: 53, resources: 3, seed: seed))))
            if spot { #expect(problem.hostDomain.contains(-1) && problem.hostDomain.contains(1)) }
            let model = CostModel(problem)
            var state = CostState(model: model, placement: Placement(initialOf: problem))
            let scan = ShiftScan(problem)
            guard state.scans(with: scan) else {
                // Capacity nodes inside hosts and offer charges are priced shift by shift.
                #expect(kind == .numa || kind == .core || kind == .providers, "\(String(describing: kind)) not scanned")
                return
            }
            var g = RandomScenario.Generator(state: seed &* 7919 &+ 11)
            let w = problem.weights
            let reach = Double(problem.distanceCosts.max() ?? 0)
            for round in 0..<300 {
                // Wander, into infeasible states too; unplace a shard now and then.
                let mover = Int.random(in: 0..<problem.shardCount, using: &g)
                if round % 17 == 5 {
                    state.unplace(mover)
                } else {
                    state.shift(mover, to: Int.random(in: 0..<problem.leafCount, using: &g))
                }
                let s = Int.random(in: 0..<problem.shardCount, using: &g)
                var lambda = SIMD8<Double>(repeating: 0)
                for k in 0..<7 { lambda[k] = Double(Int.random(in: 1...50, using: &g)) * 10 }
                state.scanShifts(s, weights: w, lambda: lambda, into: scan)
                if state.leaf(of: s) < 0 { unplaced += 1 }
                var volume = 0.0
                for e in Int(problem.trafficStart[s])..<Int(problem.trafficStart[s + 1]) {
                    volume += Double(problem.trafficVolume[e])
                }
                for h in 0..<problem.hostCount {
                    let target = Int(problem.hostLeafStart[h])
                    let d = state.shiftDelta(s, to: target)
                    let expected = d.weightedTotal(w) + (lambda * d.hard).sum()
                    let got = scan.value(atHost: h)
                    // The traffic is summed in `Float` shift by shift, in `Double` by the scan.
                    let tolerance = 1e-9 * (1 + abs(expected)) + 1e-6 * w.traffic * volume * reach
                    #expect(
                        abs(got - expected) <= tolerance,
                        "\(String(describing: kind)) seed \(seed) round \(round): shard \(s) to host \(h): scan \(got), shift \(expected) (\(d))"
                    )
                    compared += 1
                    if d.antiAffinity != 0 || d.spread != 0 || d.dependency != 0 { withConstraint += 1 }
                    if d.traffic != 0 { withTraffic += 1 }
                }
            }
        }
        // Not vacuous: many shifts compared, many changing a group constraint or the traffic.
        #expect(compared >= 1_000, "\(compared) compared")
        #expect(withConstraint >= 100, "\(withConstraint) with a group constraint change")
        #expect(withTraffic >= 100, "\(withTraffic) with a traffic change")
        #expect(unplaced >= 5, "\(unplaced) scans of an unplaced shard")
    }

    @Test("scans place every shard of a scenario from nothing as shifts priced one by one do")
    func scansFromNothing() throws {
        var scenario = ScenarioGenerator.generate(.init(shards: 300, hosts: 23, resources: 4, seed: 5))
        scenario.placement = nil
        let problem = try Problem(scenario)
        let model = CostModel(problem)
        var state = CostState(
            model: model, placement: Placement(leaves: [Int32](repeating: -1, count: problem.shardCount)))
        let scan = ShiftScan(problem)
        let lambda = SIMD8<Double>(repeating: 1e8)
        let w = problem.weights
        var mismatches = 0
        for s in 0..<problem.shardCount {
            state.scanShifts(s, weights: w, lambda: lambda, into: scan)
            var best = 0
            for h in 0..<problem.hostCount {
                let d = state.shiftDelta(s, to: h)
                let expected = d.weightedTotal(w) + (lambda * d.hard).sum()
                if abs(scan.value(atHost: h) - expected) > 1e-6 * (1 + abs(expected)) {
                    mismatches += 1
                    if mismatches < 5 {
                        Issue.record("shard \(s) host \(h): scan \(scan.value(atHost: h)), shift \(expected) \(d)")
                    }
                }
                if scan.value(atHost: h) < scan.value(atHost: best) { best = h }
            }
            state.shift(s, to: best)
        }
        #expect(mismatches == 0)
    }

    @Test("problems with leaves below hosts are not scanned, and say why")
    func unsupportedSaysWhy() throws {
        let problem = try MoveBoundTests.Kind.numa.problem(seed: 1)
        let scan = ShiftScan(problem)
        #expect(scan.unsupportedReason == "capacity nodes inside hosts")
        let state = CostState(model: CostModel(problem), placement: Placement(initialOf: problem))
        let scanned = state.scans(with: scan)
        #expect(!scanned)
    }
}
