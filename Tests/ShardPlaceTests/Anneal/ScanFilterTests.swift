import Testing

@testable import ShardPlace

/// The solvers that pass hosts over on a scan of hosts (`Chain.scanShifts(of:departure:lambda:)`) against
/// the same solvers pricing every host.
@Suite struct ScanFilterTests {
    private func problem(seed: UInt64, shards: Int = 120, hosts: Int = 13) throws -> Problem {
        try Problem(
            ScenarioGenerator.generate(
                .init(shards: shards, hosts: hosts, resources: 4, seed: seed, targetUtilization: 0.7)))
    }

    /// A chain that prices every host (its scan switched off).
    private func unscanned(_ model: CostModel, _ problem: Problem, _ start: Placement, seed: UInt64) -> Chain {
        var chain = Chain(model: model, replica: ProblemReplica(problem), start: start, seed: seed)
        chain.descent.scanPrepared = true
        chain.descent.scan = nil
        return chain
    }

    @Test("the best leaf of an ejection is the same with and without the scan", arguments: [UInt64(2), 6])
    func bestLeafSame(seed: UInt64) throws {
        let problem = try problem(seed: seed)
        let model = CostModel(problem)
        let start = Placement(initialOf: problem)
        var scanned = Chain(model: model, replica: ProblemReplica(problem), start: start, seed: seed)
        scanned.prepareScan()
        #expect(scanned.descent.scan != nil)
        var plain = unscanned(model, problem, start, seed: seed)
        var g = RandomScenario.Generator(state: seed &* 31 &+ 1)
        var found = 0
        for round in 0..<300 {
            let q = Int.random(in: 0..<problem.shardCount, using: &g)
            let avoid = Int.random(in: 0..<problem.hostCount, using: &g)
            let limit: Double = round % 3 == 0 ? 0 : .infinity
            let soft = round % 4 == 1
            var e1 = 0
            var e2 = 0
            let a = scanned.bestLeaf(q, avoiding: avoid, below: limit, evaluations: &e1, soft: soft)
            let b = plain.bestLeaf(q, avoiding: avoid, below: limit, evaluations: &e2, soft: soft)
            #expect(a.0 == b.0 && a.1 == b.1, "shard \(q): scanned \(a.0) \(a.1), every host \(b.0) \(b.1)")
            if a.0 >= 0 { found += 1 }
            // The scan passes most hosts over.
            #expect(e1 <= e2)
            // Move both the same way, so that states differ from the start.
            if round % 5 == 0, a.0 >= 0 {
                scanned.state.shift(q, to: a.0)
                plain.state.shift(q, to: a.0)
            }
        }
        #expect(found >= 100, "\(found) best leaves found")
    }

    @Test("a polish gives the same placement with and without the scan", arguments: [UInt64(3), 7])
    func polishSame(seed: UInt64) throws {
        let problem = try problem(seed: seed, shards: 50, hosts: 7)
        let model = CostModel(problem)
        let start = Placement(initialOf: problem)
        var scanned = Chain(model: model, replica: ProblemReplica(problem), start: start, seed: seed)
        var plain = unscanned(model, problem, start, seed: seed)
        let r1 = scanned.polish(deadline: nil, budget: .max)
        let r2 = plain.polish(deadline: nil, budget: .max)
        #expect(scanned.descent.scan != nil)
        #expect(r1.complete && r2.complete)
        #expect(r1.shifts == r2.shifts && r1.swaps == r2.swaps && r1.shifts > 0)
        #expect(scanned.state.placement == plain.state.placement)
    }
}
