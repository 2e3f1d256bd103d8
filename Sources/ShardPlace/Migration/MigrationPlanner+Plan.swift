extension MigrationPlanner {
    /// One move waiting for a wave.
    private struct Pending {
        var shard: Int
        var to: Int
        var kind: MigrationMove.Kind
        var via: Int?
        var urgency: Double
    }

    /// Plans the way from `current` to `target`.
    ///
    /// Moves are ranked by urgency; the budget limits keep the most urgent (the rest are
    /// ``MigrationPlan/deferred``). Each wave then takes, most urgent first, every pending move the rules
    /// admit (see ``MigrationPlanner``). When a wave would be empty while moves remain, a cycle of full
    /// hosts (or of domains) holds them: the most urgent blocked move whose shard has not been staged yet
    /// goes to the staging host with the most room that the rules admit, and comes back to its target in
    /// a later wave. When no staging host exists, the remaining moves are ``MigrationPlan/blocked``, each
    /// with the reason the rules gave.
    ///
    /// - Parameters:
    ///   - problem: the compiled problem (its hosts, demand, groups and rules).
    ///   - current: where shards are (leaves; `-1`: nowhere, so the shard is created).
    ///   - target: where they should be.
    ///   - promotions: standbys promoted before the first wave (recorded in the plan with their shard map
    ///     versions); `current` must already reflect them.
    ///   - startVersion: the shard map's version before the plan.
    /// - Returns: the plan; ``MigrationPlan/isComplete`` tells whether it reaches `target`.
    /// - Complexity: O(waves × pending moves × rule cost) plus O(hosts) rule checks per staging.
    public func plan(
        _ problem: Problem, current: Placement, target: Placement, promotions: [MigrationPlan.Promotion] = [],
        startVersion: Int = 0
    ) -> MigrationPlan {
        let p = problem
        let hostOf = { (leaf: Int32) -> Int32 in leaf < 0 ? -1 : p.leafHost[Int(leaf)] }
        let start = current.leaves.map(hostOf)
        let goal = target.leaves.map(hostOf)
        let scores = urgency(p, hosts: start)

        var blocked: [BlockedMove] = []
        var rebinds: [Int] = []
        var candidates: [Int] = []
        for s in 0..<p.shardCount {
            if goal[s] < 0 {
                if start[s] >= 0 {
                    blocked.append(
                        BlockedMove(
                            shard: s, from: Int(start[s]), to: -1, reasons: ["the target does not place the shard"]))
                }
            } else if start[s] != goal[s] {
                candidates.append(s)
            } else if current.leaves[s] != target.leaves[s] {
                rebinds.append(s)
            }
        }
        candidates.sort { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }

        // Budget: keep the most urgent moves.
        var state = MigrationState(
            problem: p, home: start, limits: options.limits, maxBytesTotal: options.maxBytesTotal)
        var deferred: [BlockedMove] = []
        var pending: [Pending] = []
        for s in candidates {
            let from = Int(start[s])
            let to = Int(goal[s])
            if let limit = options.limits.maxBytesPerWave, p.size[s] > limit * (1 + CostModel.tolerance) {
                blocked.append(
                    BlockedMove(
                        shard: s, from: from, to: to,
                        reasons: ["its \(p.size[s]) bytes exceed maxBytesPerWave \(limit): no wave can copy it"]))
                continue
            }
            if let reason = state.budgetExceeded(from: from, to: to, bytes: p.size[s]) {
                deferred.append(BlockedMove(shard: s, from: from, to: to, reasons: [reason]))
                continue
            }
            state.charge(from: from, to: to, bytes: p.size[s])
            pending.append(Pending(shard: s, to: to, kind: from < 0 ? .create : .move, urgency: scores[s]))
        }

        // Waves.
        var waves: [MigrationWave] = []
        var staged = Set<Int>()
        while !pending.isEmpty {
            var waveMoves: [MigrationMove] = []
            var remaining: [Pending] = []
            remaining.reserveCapacity(pending.count)
            for move in pending {
                if state.admit(move.shard, to: move.to) == nil {
                    waveMoves.append(self.move(move, from: Int(state.home[move.shard]), problem: p, state: state))
                    state.add(move.shard, to: move.to)
                } else {
                    remaining.append(move)
                }
            }
            if waveMoves.isEmpty {
                guard let (index, host) = stagingHost(for: remaining, state: &state, staged: staged) else {
                    for move in remaining {
                        var reasons = [state.admit(move.shard, to: move.to) ?? "blocked"]
                        if !options.allowStaging {
                            reasons.append("staging is disabled")
                        } else if staged.contains(move.shard) {
                            reasons.append("the shard was already staged once")
                        } else if Int(state.home[move.shard]) >= 0 {
                            reasons.append("no staging host has room for it under the rules")
                        }
                        blocked.append(
                            BlockedMove(
                                shard: move.shard, from: Int(state.home[move.shard]), to: move.to, reasons: reasons))
                    }
                    break
                }
                let move = remaining[index]
                staged.insert(move.shard)
                let leg = Pending(shard: move.shard, to: host, kind: .stage, via: move.to, urgency: move.urgency)
                waveMoves.append(self.move(leg, from: Int(state.home[move.shard]), problem: p, state: state))
                state.add(move.shard, to: host)
                remaining[index] = Pending(
                    shard: move.shard, to: move.to, kind: .unstage, via: host, urgency: move.urgency)
            }
            waves.append(MigrationWave(moves: waveMoves))
            state.finishWave()
            pending = remaining
        }

        // Versions, and where everything ends.
        var version = startVersion
        var numbered = promotions
        for i in numbered.indices {
            version += 1
            numbered[i].version = version
        }
        for w in waves.indices {
            for m in waves[w].moves.indices {
                version += 1
                waves[w].moves[m].cutOverVersion = version
            }
        }
        let final = state.home
        var leaves = current.leaves
        for s in 0..<p.shardCount {
            if final[s] == goal[s] {
                leaves[s] = target.leaves[s]
            } else if final[s] != start[s] {
                leaves[s] = Int32(p.leaves(ofHost: Int(final[s])).lowerBound)
            }
        }
        blocked.sort { $0.shard < $1.shard }
        return MigrationPlan(
            waves: waves, promotions: numbered, blocked: blocked, deferred: deferred,
            rebinds: rebinds.filter { final[$0] == goal[$0] }, startHosts: start, finalHosts: final,
            finalPlacement: Placement(leaves: leaves), startVersion: startVersion, finalVersion: version)
    }

    /// A move with its phases.
    private func move(_ pending: Pending, from: Int, problem p: Problem, state: MigrationState) -> MigrationMove {
        let s = pending.shard
        var copyFrom: Int?
        if from < 0, p.shardGroup[s] >= 0 {
            let g = Int(p.shardGroup[s])
            for m in p.groupMembers[Int(p.groupMemberStart[g])..<Int(p.groupMemberStart[g + 1])]
            where Int(m) != s && state.home[Int(m)] >= 0 {
                copyFrom = Int(state.home[Int(m)])
                break
            }
        }
        return MigrationMove(
            shard: s, from: from, to: pending.to, kind: pending.kind, copyFrom: copyFrom, via: pending.via,
            bytes: p.size[s], urgency: pending.urgency, phases: phases(bytes: p.size[s]))
    }

    /// The most urgent blocked move that a staging host can take now, and the host with the most room
    /// (the smallest free share over resources, after the move, is largest) among those the rules and
    /// the budget admit. Charges the budget for the extra leg.
    private func stagingHost(
        for pending: [Pending], state: inout MigrationState, staged: Set<Int>
    ) -> (Int, Int)? {
        guard options.allowStaging else { return nil }
        let p = state.p
        for (index, move) in pending.enumerated() where !staged.contains(move.shard) {
            let s = move.shard
            let from = Int(state.home[s])
            guard from >= 0 else { continue }
            var best = -1
            var bestRoom = -Double.infinity
            for x in 0..<p.hostCount where x != from && x != move.to {
                guard state.admit(s, to: x) == nil else { continue }
                var room = Double.infinity
                for r in 0..<p.resourceCount {
                    let c = p.capacity[x * p.stride + r]
                    guard c > 0 else { continue }
                    room = min(room, (state.free(x, r) - p.demand[s * p.stride + r]) / c)
                }
                if room > bestRoom {
                    bestRoom = room
                    best = x
                }
            }
            guard best >= 0 else { continue }
            // Budget: the two legs replace the direct move.
            state.charge(from: from, to: move.to, bytes: p.size[s], sign: -1)
            if state.budgetExceeded(from: from, to: best, bytes: p.size[s]) == nil {
                state.charge(from: from, to: best, bytes: p.size[s])
                if state.budgetExceeded(from: best, to: move.to, bytes: p.size[s]) == nil {
                    state.charge(from: best, to: move.to, bytes: p.size[s])
                    return (index, best)
                }
                state.charge(from: from, to: best, bytes: p.size[s], sign: -1)
            }
            state.charge(from: from, to: move.to, bytes: p.size[s])
        }
        return nil
    }
}
