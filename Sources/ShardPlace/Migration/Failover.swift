/// The failover plan for one failed host: standbys of the lost primaries are promoted in place, and
/// every lost shard (the lost standbys, the promoted standbys' slots, replicas without a standby) is
/// re-created elsewhere under every rule of the scenario.
///
/// The failed host keeps its place in the problem with zero capacity (so indexes match the original
/// scenario's and nothing can go there); lost shards are created by ``MigrationMove/Kind/create`` moves
/// that copy from a surviving replica of their group when there is one.
public struct Failover: Sendable {
    /// What a failover produces.
    public struct Result: Sendable {
        /// The problem with the failed host at zero capacity, and the promotions applied as its current
        /// placement.
        public var problem: Problem
        /// The failed host (an index of ``problem``).
        public var failedHost: Int
        /// Shards that were on the failed host.
        public var lost: [Int]
        /// The placement after promotions (lost shards unplaced): where the plan starts.
        public var start: Placement
        /// Where every shard ends: the promoted standbys stay, the lost shards are re-created.
        public var target: Placement
        /// The target's full evaluation (feasible unless the rules cannot be met without the host).
        public var evaluation: Evaluation
        /// The plan: promotions first, then the re-creating waves.
        public var plan: MigrationPlan
    }

    /// The planner's limits and durations.
    public var planner: MigrationPlanner.Options
    /// Used only when the greedy re-creation leaves a hard rule broken.
    public var annealer: Annealer.Options
    /// Seed of the greedy re-creation.
    public var seed: UInt64 = 1

    public init(planner: MigrationPlanner.Options = .init(), annealer: Annealer.Options = .init()) {
        self.planner = planner
        self.annealer = annealer
    }

    /// Plans the failover of `hostID` from the scenario's current placement.
    ///
    /// - Parameters:
    ///   - scenario: a validated scenario whose ``Scenario/placement`` is where shards are now.
    ///   - hostID: the failed host.
    /// - Throws: ``ScenarioError`` when no host has that id (path `failHost`) or the scenario does not
    ///   compile.
    public func plan(_ scenario: Scenario, failing hostID: String) throws(ScenarioError) -> Result {
        guard let failed = scenario.hosts.firstIndex(where: { $0.id == hostID }) else {
            throw ScenarioError(issues: [.init(path: "failHost", message: "no host has id \"\(hostID)\"")])
        }
        let before = try Problem(scenario)
        let current = Placement(initialOf: before)
        let hostOf = { (s: Int) -> Int in
            current.leaves[s] < 0 ? -1 : before.host(ofLeaf: Int(current.leaves[s]))
        }
        let lost = (0..<before.shardCount).filter { hostOf($0) == failed }
        let standbyIDs = Set(scenario.standbyShards.map(\.id))
        var locations = current.locations(in: before)
        for s in lost { locations[before.shardIDs[s]] = nil }

        // Promotions: each lost primary takes the place of a surviving standby of its group.
        var promotions: [MigrationPlan.Promotion] = []
        for g in 0..<before.groupCount {
            let members = before.groupMembers[Int(before.groupMemberStart[g])..<Int(before.groupMemberStart[g + 1])]
                .map(Int.init)
            var spare = members.filter {
                standbyIDs.contains(before.shardIDs[$0]) && hostOf($0) >= 0 && hostOf($0) != failed
            }
            for primary in members where hostOf(primary) == failed && !standbyIDs.contains(before.shardIDs[primary]) {
                guard !spare.isEmpty else { break }
                let standby = spare.removeFirst()
                locations[before.shardIDs[primary]] = locations[before.shardIDs[standby]]
                locations[before.shardIDs[standby]] = nil
                promotions.append(.init(primary: primary, standby: standby, host: hostOf(standby), version: 0))
            }
        }

        var degraded = scenario
        let zeros = [Double](repeating: 0, count: scenario.resources.count)
        degraded.hosts[failed].capacity = zeros
        degraded.hosts[failed].safetyCapacity = zeros
        degraded.placement = locations
        let problem = try Problem(degraded)
        let model = CostModel(problem)
        let start = Placement(initialOf: problem)
        var state = CostState(model: model, placement: start)
        Greedy(seed: seed).fill(&state, model: model)
        var target = state.placement
        var evaluation = model.evaluate(target)
        if !evaluation.isFeasible {
            let solved = Annealer(options: annealer).solve(model, start: target)
            target = solved.placement
            evaluation = solved.evaluation
        }
        let plan = MigrationPlanner(options: planner).plan(
            problem, current: start, target: target, promotions: promotions)
        return Result(
            problem: problem, failedHost: failed, lost: lost, start: start, target: target, evaluation: evaluation,
            plan: plan)
    }
}
