import Testing

@testable import ShardPlace

@Suite struct ReachTests {
    /// The search's host lists (``Problem/reach``) leave out only hosts where a shard can never be without
    /// breaking a hard capacity: checked by evaluating the shard there under many random placements of
    /// the others (the evaluator prices capacity and transient holds from scratch).
    @Test("a host left out of a shard's reach is over capacity whatever the other shards do")
    func prunedHostsAreInfeasible() throws {
        var pruned = 0
        var g = RandomScenario.Generator(state: 77)
        for seed in UInt64(1)...24 {
            let scenario = RandomScenario.make(seed: seed, shards: 14, hosts: 6)
            let problem = try Problem(scenario)
            let model = CostModel(problem)
            for s in 0..<problem.shardCount {
                let list =
                    problem.reachRestricted[s]
                    ? Set(problem.reachHosts[Int(problem.reachStart[s])..<Int(problem.reachStart[s + 1])].map(Int.init))
                    : Set(0..<problem.hostCount)
                // The starting host is kept (when eligible); the reach is within the eligible hosts.
                let home = Int(problem.initialHost[s])
                if home >= 0 && problem.isEligible(shard: s, host: home) { #expect(list.contains(home)) }
                for h in list { #expect(problem.isEligible(shard: s, host: h)) }
                for h in 0..<problem.hostCount where !list.contains(h) && problem.isEligible(shard: s, host: h) {
                    pruned += 1
                    for _ in 0..<40 {
                        var leaves = (0..<problem.shardCount).map { _ in
                            Int32(Int.random(in: 0..<problem.leafCount, using: &g))
                        }
                        leaves[s] = Int32(problem.leaves(ofHost: h).lowerBound)
                        let t = model.evaluate(Placement(leaves: leaves)).terms
                        #expect(t.capacity + t.transient > 0, "seed \(seed): shard \(s) on host \(h) fits")
                    }
                }
            }
        }
        // Not vacuous: these tight random scenarios do prune.
        #expect(pruned > 20)
    }

    @Test("a shard keeps its list only when it removes a quarter of the hosts; the entry limit is kept")
    func listsAreWorthTheirMemory() {
        // Host 0 has no transient room left; hosts 1…3 have plenty. Shard 0 starts on host 0.
        let demand: [Double] = [5, 0, 0, 0, 1, 0, 0, 0]
        let capacity: [Double] = (0..<4).flatMap { _ in [10.0, 0, 0, 0] }
        let one = Problem.reach(
            shardCount: 2, hostCount: 4, resources: 1, stride: 4, demand: demand, hostCapacity: capacity,
            transient: [true], initialHost: [0, 0], eligibleStart: [0, 0, 0], eligibleHosts: [],
            restricted: [false, false])
        // Host 0's room is 10 − 6 = 4: shard 1 (demand 1) fits everywhere, shard 0 starts there.
        #expect(one.restricted == [false, false])
        let tight: [Double] = [10, 0, 0, 0, 10, 0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0]
        let two = Problem.reach(
            shardCount: 2, hostCount: 4, resources: 1, stride: 4, demand: demand, hostCapacity: tight,
            transient: [true], initialHost: [0, -1], eligibleStart: [0, 0, 0], eligibleHosts: [],
            restricted: [false, false])
        // Shard 0 (5) fits on host 0 (home) and host 1 (room 10); not on 2 and 3 (room 4): half removed.
        #expect(two.restricted == [true, false])
        #expect(Array(two.hosts) == [0, 1])
        #expect(two.start == [0, 2, 2])
        let limited = Problem.reach(
            shardCount: 2, hostCount: 4, resources: 1, stride: 4, demand: demand, hostCapacity: tight,
            transient: [true], initialHost: [0, -1], eligibleStart: [0, 0, 0], eligibleHosts: [],
            restricted: [false, false], entryLimit: 1)
        #expect(limited.restricted == [false, false])
    }
}
