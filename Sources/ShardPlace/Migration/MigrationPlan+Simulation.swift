extension MigrationPlan {
    /// Replays the plan wave by wave from ``startHosts`` and reports every intermediate state: the peak
    /// usage of each host a wave touches, the cluster's peak utilisation, and the rules broken (capacity
    /// on a receiving host, a shard that is not where its move starts, a shard moving twice in a wave,
    /// per-host concurrency, bytes per wave, a group's available members, two members of an
    /// anti-affinity group present in one domain).
    ///
    /// - Parameters:
    ///   - problem: the problem the plan was made for.
    ///   - limits: the limits to check (default: none beyond capacity and the group rules).
    /// - Returns: one entry per wave.
    public func simulate(_ problem: Problem, limits: Policy.MigrationLimits = .init()) -> [MigrationSimulation] {
        let p = problem
        let st = p.stride
        let d = p.resourceCount
        var host = startHosts
        var usage = [Double](repeating: 0, count: p.hostCount * st)
        for s in 0..<p.shardCount where host[s] >= 0 {
            for r in 0..<d { usage[Int(host[s]) * st + r] += p.demand[s * st + r] }
        }
        var result: [MigrationSimulation] = []
        for (w, wave) in waves.enumerated() {
            var violations: [String] = []
            var peak = usage
            var touched = Set<Int>()
            var into = [Int](repeating: 0, count: p.hostCount)
            var out = [Int](repeating: 0, count: p.hostCount)
            var destination = [Int32: Int32]()
            for move in wave.moves {
                let s = move.shard
                if Int(host[s]) != move.from {
                    violations.append("\(p.shardIDs[s]) moves from \(move.from) but is on \(host[s])")
                }
                if destination[Int32(s)] != nil { violations.append("\(p.shardIDs[s]) moves twice") }
                destination[Int32(s)] = Int32(move.to)
                for r in 0..<d { peak[move.to * st + r] += p.demand[s * st + r] }
                touched.insert(move.to)
                into[move.to] += 1
                if move.from >= 0 {
                    touched.insert(move.from)
                    out[move.from] += 1
                }
            }
            var peaks: [MigrationSimulation.HostPeak] = []
            var clusterPeak = 0.0
            for h in 0..<p.hostCount {
                var utilization = 0.0
                for r in 0..<d {
                    let c = p.capacity[h * st + r]
                    let u = peak[h * st + r]
                    if c > 0 { utilization = max(utilization, u / c) } else if u > 0 { utilization = .infinity }
                    if into[h] > 0 && u > c + CostModel.tolerance * max(1, abs(c)) {
                        violations.append("\(p.hostIDs[h]): \(p.resourceNames[r]) peaks at \(u), capacity \(c)")
                    }
                }
                clusterPeak = max(clusterPeak, utilization)
                if touched.contains(h) {
                    peaks.append(.init(host: h, usage: Array(peak[h * st..<h * st + d]), utilization: utilization))
                }
                if let c = limits.maxConcurrentPerHost, into[h] > c || out[h] > c {
                    violations.append("\(p.hostIDs[h]): \(into[h]) moves in, \(out[h]) out, limit \(c)")
                }
            }
            if let b = limits.maxBytesPerWave, wave.bytes > b * (1 + CostModel.tolerance) {
                violations.append("the wave copies \(wave.bytes) bytes, limit \(b)")
            }
            violations += groupViolations(p, host: host, destination: destination)
            result.append(
                MigrationSimulation(
                    wave: w, hosts: peaks, peakUtilization: clusterPeak, moves: wave.moves.count, bytes: wave.bytes,
                    violations: violations))
            for move in wave.moves {
                for r in 0..<d {
                    if move.from >= 0 { usage[move.from * st + r] -= p.demand[move.shard * st + r] }
                    usage[move.to * st + r] += p.demand[move.shard * st + r]
                }
                host[move.shard] = Int32(move.to)
            }
        }
        return result
    }

    /// Availability and anti-affinity while a wave runs.
    private func groupViolations(_ p: Problem, host: [Int32], destination: [Int32: Int32]) -> [String] {
        var violations: [String] = []
        for g in 0..<p.groupCount {
            let members = p.groupMembers[Int(p.groupMemberStart[g])..<Int(p.groupMemberStart[g + 1])]
            let placed = members.filter { host[Int($0)] >= 0 }
            let steady = placed.filter { destination[$0] == nil }
            let minimum = min(Int(p.groupMinAvailable[g]), placed.count)
            if steady.count < minimum {
                violations.append("group \(p.groupIDs[g]): \(steady.count) available members, minimum \(minimum)")
            }
            for i in Int(p.groupSlotStart[g])..<Int(p.groupSlotStart[g + 1]) {
                let slot = Int(p.groupSlots[i])
                let limit = Int(p.slotLimit[slot])
                guard limit > 0 else { continue }
                let k = Int(p.slotKey[slot])
                var owners: [Int32: [Int32]] = [:]
                for m in members {
                    var domains = Set<Int32>()
                    if host[Int(m)] >= 0 { domains.insert(p.hostDomain[k * p.hostCount + Int(host[Int(m)])]) }
                    if let t = destination[m] { domains.insert(p.hostDomain[k * p.hostCount + Int(t)]) }
                    for dom in domains where dom >= 0 {
                        owners[dom, default: []].append(m)
                        if owners[dom]!.count > limit {
                            let names = owners[dom]!.map { p.shardIDs[Int($0)] }.joined(separator: ", ")
                            violations.append(
                                "group \(p.groupIDs[g]): \(names) share a \(p.domainKeys[k]) domain (at most \(limit))")
                        }
                    }
                }
            }
        }
        return violations
    }
}
