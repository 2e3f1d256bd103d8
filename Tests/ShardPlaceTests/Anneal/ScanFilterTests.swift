import Testing

@testable import ShardPlace

/// The polish, which passes hosts over on a scan of hosts (`Chain.scanShifts(of:departure:)`), against the
/// same polish pricing every host. (The descent's shift lists are checked for local optimality in
/// `DescentTests`.)
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
