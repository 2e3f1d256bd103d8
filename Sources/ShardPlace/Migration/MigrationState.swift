/// The planner's bookkeeping: where each shard has settled, the moves of the wave being built, and what
/// the plan has spent of its budget. ``admit(_:to:)`` is the rule book of ``MigrationPlanner``.
struct MigrationState {
    let p: Problem
    let limits: Policy.MigrationLimits
    let maxBytesTotal: Double?

    /// Settled host per shard (`-1`: none).
    private(set) var home: [Int32]
    /// Settled usage, `hostCount × stride`.
    private var usage: [Double]
    /// Demand arriving with the wave's moves, `hostCount × stride`.
    private var incoming: [Double]
    /// Destination per shard in the wave being built (`-1`: not moving).
    private var waveTo: [Int32]
    private var waveIn: [Int32]
    private var waveOut: [Int32]
    private(set) var waveBytes = 0.0
    private(set) var waveShards: [Int] = []

    // Budget spent by the moves charged so far.
    private var movesTotal = 0
    private var bytesTotal = 0.0
    private var movesPerHost: [Int32]
    private var movesPerDomain: [Int32]

    init(problem: Problem, home: [Int32], limits: Policy.MigrationLimits, maxBytesTotal: Double?) {
        p = problem
        self.limits = limits
        self.maxBytesTotal = maxBytesTotal
        self.home = home
        let st = problem.stride
        usage = [Double](repeating: 0, count: problem.hostCount * st)
        for s in 0..<problem.shardCount where home[s] >= 0 {
            let h = Int(home[s])
            for r in 0..<problem.resourceCount { usage[h * st + r] += problem.demand[s * st + r] }
        }
        incoming = [Double](repeating: 0, count: problem.hostCount * st)
        waveTo = [Int32](repeating: -1, count: problem.shardCount)
        waveIn = [Int32](repeating: 0, count: problem.hostCount)
        waveOut = [Int32](repeating: 0, count: problem.hostCount)
        movesPerHost = [Int32](repeating: 0, count: problem.hostCount)
        movesPerDomain = [Int32](repeating: 0, count: problem.levelKeys.count * problem.hostCount)
    }

    private func domain(_ slot: Int, _ host: Int32) -> Int32 {
        p.hostDomain[Int(p.slotKey[slot]) * p.hostCount + Int(host)]
    }

    private func members(_ g: Int) -> ArraySlice<Int32> {
        p.groupMembers[Int(p.groupMemberStart[g])..<Int(p.groupMemberStart[g + 1])]
    }

    private func name(_ host: Int32) -> String { host < 0 ? "nowhere" : p.hostIDs[Int(host)] }

    /// Free room of host `h` for resource `r` in the wave being built.
    func free(_ h: Int, _ r: Int) -> Double {
        p.capacity[h * p.stride + r] - usage[h * p.stride + r] - incoming[h * p.stride + r]
    }

    // MARK: Rules

    /// Why shard `s` cannot move from its settled host to `t` in the wave being built, or `nil` when it
    /// can.
    func admit(_ s: Int, to t: Int) -> String? {
        let st = p.stride
        let f = home[s]
        let to = Int32(t)
        if waveTo[s] >= 0 { return "\(p.shardIDs[s]) already moves in this wave" }
        if f == to { return "\(p.shardIDs[s]) is already on \(p.hostIDs[t])" }
        if !p.isEligible(shard: s, host: t) {
            return "\(p.hostIDs[t]) is outside the pin/allowedHosts/affinity/trust rules of \(p.shardIDs[s])"
        }
        if let c = limits.maxConcurrentPerHost {
            if f >= 0 && Int(waveOut[Int(f)]) >= c {
                return "\(name(f)) already sends \(c) moves in this wave (maxConcurrentPerHost)"
            }
            if Int(waveIn[t]) >= c {
                return "\(p.hostIDs[t]) already receives \(c) moves in this wave (maxConcurrentPerHost)"
            }
        }
        if let b = limits.maxBytesPerWave, waveBytes + p.size[s] > b * (1 + CostModel.tolerance) {
            return "the wave would copy \(waveBytes + p.size[s]) bytes, more than maxBytesPerWave \(b)"
        }
        for r in 0..<p.resourceCount {
            let c = p.capacity[t * st + r]
            let need = p.demand[s * st + r]
            if need > free(t, r) + CostModel.tolerance * max(1, abs(c)) {
                return
                    "\(p.hostIDs[t]) lacks \(p.resourceNames[r]): the shard needs \(need), \(max(0, free(t, r))) is free while the wave runs"
            }
        }
        let g = Int(p.shardGroup[s])
        guard g >= 0 else { return nil }
        if f >= 0, p.groupMinAvailable[g] > 0 {
            var available = 0
            for m in members(g) where home[Int(m)] >= 0 && waveTo[Int(m)] < 0 { available += 1 }
            if available - 1 < Int(p.groupMinAvailable[g]) {
                return
                    "group \(p.groupIDs[g]) would have \(available - 1) available members, fewer than its minimum \(p.groupMinAvailable[g])"
            }
        }
        for i in Int(p.groupSlotStart[g])..<Int(p.groupSlotStart[g + 1]) {
            let slot = Int(p.groupSlots[i])
            if let reason = slotRule(slot, s, from: f, to: to) { return reason }
        }
        return nil
    }

    /// Anti-affinity, spread and dependency rules of one count slot for moving `s` from `f` to `t`.
    private func slotRule(_ slot: Int, _ s: Int, from f: Int32, to t: Int32) -> String? {
        let g = Int(p.slotGroup[slot])
        let key = p.domainKeys[Int(p.slotKey[slot])]
        let target = domain(slot, t)
        let entering = f < 0 || domain(slot, f) != target
        let limit = Int(p.slotLimit[slot])
        if limit > 0 && entering && target >= 0 {
            var present = 0
            for m32 in members(g) where Int(m32) != s {
                let m = Int(m32)
                if (home[m] >= 0 && domain(slot, home[m]) == target)
                    || (waveTo[m] >= 0 && domain(slot, waveTo[m]) == target)
                {
                    present += 1
                    guard present >= limit else { continue }
                    if key == Problem.spotKey {
                        return
                            "group \(p.groupIDs[g]): \(present) member(s) (\(p.shardIDs[m]) among them) already use the spot capacity of \(p.provider(ofHost: Int(t)) ?? "the provider") of \(p.hostIDs[Int(t)]) (at most \(limit))"
                    }
                    return
                        "group \(p.groupIDs[g]): \(p.shardIDs[m]) is present in the \(key) domain of \(p.hostIDs[Int(t)]) (anti-affinity)"
                }
            }
        }
        let minimum = Int(p.slotSpreadMin[slot])
        if minimum > 0, let reason = spreadRule(slot, s, to: t, minimum: minimum) { return reason }
        for i in Int(p.slotDependencyStart[slot])..<Int(p.slotDependencyStart[slot + 1]) {
            let dep = Int(p.slotDependencies[i])
            if Int(p.dependencyDependent[dep]) == slot && entering {
                let required = Int(p.dependencyRequired[dep])
                if !hasSettledMember(slot: required, domain: target, except: s) {
                    return
                        "group \(p.groupIDs[g]) needs group \(p.groupIDs[Int(p.slotGroup[required])]) in the \(key) domain of \(p.hostIDs[Int(t)]) first (dependency)"
                }
            }
            if Int(p.dependencyRequired[dep]) == slot && f >= 0 && domain(slot, f) != target {
                let dependent = Int(p.dependencyDependent[dep])
                let left = domain(slot, f)
                if isPresent(slot: dependent, domain: left, except: s)
                    && !hasSettledMember(slot: slot, domain: left, except: s)
                {
                    return
                        "group \(p.groupIDs[Int(p.slotGroup[dependent])]) depends on group \(p.groupIDs[g]) in the \(key) domain of \(name(f)), which \(p.shardIDs[s]) would leave (dependency)"
                }
            }
        }
        return nil
    }

    /// Whether a member of the slot's group other than `except` stays in `domain` whatever the wave's
    /// cut-overs do: settled there and not moving, or moving within the domain.
    private func hasSettledMember(slot: Int, domain d: Int32, except: Int) -> Bool {
        for m32 in members(Int(p.slotGroup[slot])) where Int(m32) != except {
            let m = Int(m32)
            guard home[m] >= 0, domain(slot, home[m]) == d else { continue }
            if waveTo[m] < 0 || domain(slot, waveTo[m]) == d { return true }
        }
        return false
    }

    /// Whether a member of the slot's group other than `except` is present in `domain` (settled there,
    /// or arriving with the wave).
    private func isPresent(slot: Int, domain d: Int32, except: Int) -> Bool {
        for m32 in members(Int(p.slotGroup[slot])) where Int(m32) != except {
            let m = Int(m32)
            if home[m] >= 0 && domain(slot, home[m]) == d { return true }
            if waveTo[m] >= 0 && domain(slot, waveTo[m]) == d { return true }
        }
        return false
    }

    /// The spread rule: whichever end each moving member serves from, the group spans at least
    /// `min(minimum, domains spanned when the wave starts)` domains. Members being created count nowhere.
    private func spreadRule(_ slot: Int, _ s: Int, to t: Int32, minimum: Int) -> String? {
        var settled = Set<Int32>()
        var certain = Set<Int32>()
        var uncertain: [(Int32, Int32)] = []
        for m32 in members(Int(p.slotGroup[slot])) {
            let m = Int(m32)
            let from = home[m]
            if from >= 0 { settled.insert(domain(slot, from)) }
            let to = m == s ? t : waveTo[m]
            if to < 0 {
                if from >= 0 { certain.insert(domain(slot, from)) }
            } else if from >= 0 {
                let a = domain(slot, from)
                let b = domain(slot, to)
                if a == b { certain.insert(a) } else { uncertain.append((a, b)) }
            }
        }
        let required = min(minimum, settled.count)
        if certain.count >= required { return nil }
        let group = p.groupIDs[Int(p.slotGroup[slot])]
        let key = p.domainKeys[Int(p.slotKey[slot])]
        guard uncertain.count <= 12 else {
            return "group \(group): too many members in motion to prove its \(key) spread of \(required)"
        }
        for mask in 0..<(1 << uncertain.count) {
            var domains = certain
            for (i, pair) in uncertain.enumerated() { domains.insert(mask & (1 << i) == 0 ? pair.0 : pair.1) }
            if domains.count < required {
                return
                    "group \(group) could span only \(domains.count) \(key) domains during the wave, needs \(required)"
            }
        }
        return nil
    }

    // MARK: Waves

    /// Adds a move of `s` to `t` to the wave being built (``admit(_:to:)`` must have said yes).
    mutating func add(_ s: Int, to t: Int) {
        let st = p.stride
        waveTo[s] = Int32(t)
        for r in 0..<p.resourceCount { incoming[t * st + r] += p.demand[s * st + r] }
        if home[s] >= 0 { waveOut[Int(home[s])] += 1 }
        waveIn[t] += 1
        waveBytes += p.size[s]
        waveShards.append(s)
    }

    /// Ends the wave: its shards settle on their destinations.
    mutating func finishWave() {
        let st = p.stride
        for s in waveShards {
            let t = Int(waveTo[s])
            let f = home[s]
            for r in 0..<p.resourceCount {
                incoming[t * st + r] -= p.demand[s * st + r]
                usage[t * st + r] += p.demand[s * st + r]
                if f >= 0 { usage[Int(f) * st + r] -= p.demand[s * st + r] }
            }
            if f >= 0 { waveOut[Int(f)] = 0 }
            waveIn[t] = 0
            home[s] = Int32(t)
            waveTo[s] = -1
        }
        for i in incoming.indices { incoming[i] = 0 }
        waveBytes = 0
        waveShards.removeAll(keepingCapacity: true)
    }

    // MARK: Budget

    /// Why one more copy of `bytes` from `f` to `t` would break a budget limit, or `nil`.
    func budgetExceeded(from f: Int, to t: Int, bytes: Double) -> String? {
        let l = limits
        if let n = l.maxMovesTotal, movesTotal + 1 > n { return "maxMovesTotal (\(n)) reached" }
        if let b = maxBytesTotal, bytesTotal + bytes > b * (1 + CostModel.tolerance) {
            return "the byte budget (\(b)) would be exceeded"
        }
        if let n = l.maxMovesPerHost {
            for h in [f, t] where h >= 0 && Int(movesPerHost[h]) + 1 > n {
                return "maxMovesPerHost (\(n)) reached on \(p.hostIDs[h])"
            }
        }
        if let n = l.maxMovesPerDomain {
            for k in p.levelKeys.indices {
                let dt = Int(p.hostLevelDomain[k * p.hostCount + t])
                if Int(movesPerDomain[k * p.hostCount + dt]) + 1 > n {
                    return "maxMovesPerDomain (\(n)) reached in the \(p.levelKeys[k]) of \(p.hostIDs[t])"
                }
                if f >= 0 {
                    let df = Int(p.hostLevelDomain[k * p.hostCount + f])
                    if df != dt && Int(movesPerDomain[k * p.hostCount + df]) + 1 > n {
                        return "maxMovesPerDomain (\(n)) reached in the \(p.levelKeys[k]) of \(p.hostIDs[f])"
                    }
                }
            }
        }
        return nil
    }

    /// Records (`sign` 1) or releases (`sign` -1) one copy of `bytes` from `f` to `t`.
    mutating func charge(from f: Int, to t: Int, bytes: Double, sign: Int32 = 1) {
        movesTotal += Int(sign)
        bytesTotal += Double(sign) * bytes
        if f >= 0 { movesPerHost[f] += sign }
        movesPerHost[t] += sign
        for k in p.levelKeys.indices {
            let dt = Int(p.hostLevelDomain[k * p.hostCount + t])
            movesPerDomain[k * p.hostCount + dt] += sign
            if f >= 0 {
                let df = Int(p.hostLevelDomain[k * p.hostCount + f])
                if df != dt { movesPerDomain[k * p.hostCount + df] += sign }
            }
        }
    }
}
