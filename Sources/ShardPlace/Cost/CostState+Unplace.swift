extension CostState {
    /// The change of every tracked term if placed shard `s` were taken off its leaf (left unplaced).
    ///
    /// The inverse of placing an unplaced shard with ``shiftDelta(_:to:)``: an unplaced shard uses no
    /// capacity, holds nothing on its initial host, counts as not moved and is in no group's domain.
    /// Large-neighbourhood moves take a few shards off and put them back one by one.
    func unplaceDelta(_ s: Int) -> CostTerms {
        let a = Int(leaf[s])
        var t = CostTerms()
        guard a >= 0 else { return t }
        let ha = Int(r.leafHost[a])
        let h0 = Int(r.initialHost[s])
        let moved = h0 >= 0 && ha != h0
        t.unplaced = 1
        addHostDelta(ha, usageSign: -1, holdSign: 0, shard: s, rows: StoredView(), into: &t)
        // A shard away from its initial host holds its transient demand there; unplaced, it holds nothing.
        if moved { addHostDelta(h0, usageSign: 0, holdSign: -1, shard: s, rows: StoredView(), into: &t) }
        if track.offerCharges { t.price += offerChargeDelta(from: ha, to: -1) }
        if track.egress { t.egress = egressDelta(s, from: ha, to: -1) }
        if r.restricted[s] && !isEligible(s, Int32(ha)) { t.placementRules = -1 }
        if moved {
            if track.migration {
                t.migration = -Double(r.moveCost[s])
                t.bytes = -Double(r.size[s])
            }
            if track.hostMoves { t.hostMoves = -Double(r.hostMoveCost[h0 &* r.hostCount &+ ha]) }
        }
        let g = Int(r.shardGroup[s])
        if g >= 0 {
            if track.groupMoves && moved {
                let count = groupMoved[g]
                if count == maxMoved && movedHistogram[Int(count)] == 1 { t.groupMoves = -1 }
            }
            constraintDelta(s, group: g, from: ha, to: -1, into: &t)
        }
        for level in 0..<r.capacityLevels {
            let na = Int(r.leafNodes[a &* r.capacityLevels &+ level])
            if na >= 0 { t.capacity += nodeOverflow(na, sign: -1, shard: s) - nodeOverflow(na, sign: 0, shard: s) }
        }
        if track.traffic {
            var traffic: Float = 0
            for e in Int(r.trafficStart[s])..<Int(r.trafficStart[s &+ 1]) {
                let lj = Int(leaf[Int(r.trafficPeer[e])])
                if lj < 0 { continue }
                traffic -= r.trafficVolume[e] * (r.hasLatency ? distanceWithLatency(a, lj) : distance(a, lj))
            }
            t.traffic = Double(traffic)
        }
        return t
    }

    /// Takes shard `s` off its leaf, given the delta ``unplaceDelta(_:)`` returned in this state.
    mutating func applyUnplace(_ s: Int, delta: CostTerms) {
        let a = Int(leaf[s])
        guard a >= 0 else { return }
        let ha = Int(r.leafHost[a])
        let h0 = Int(r.initialHost[s])
        let moved = h0 >= 0 && ha != h0
        let shardBase = s &* r.stride
        for c in 0..<r.chunks {
            let o = c &* 4
            let demand = (r.demand.simd4(at: shardBase &+ o) as SIMD4<Double>)
            usage.store(usage.simd4(at: ha &* r.stride &+ o) as SIMD4<Double> - demand, at: ha &* r.stride &+ o)
            if moved {
                let mask = (r.transientMask.simd4(at: o) as SIMD4<Double>)
                hold.store(
                    hold.simd4(at: h0 &* r.stride &+ o) as SIMD4<Double> - mask * demand, at: h0 &* r.stride &+ o)
            }
        }
        let g = Int(r.shardGroup[s])
        if g >= 0 {
            if moved {
                let count = groupMoved[g]
                movedHistogram[Int(count)] = movedHistogram[Int(count)] - 1
                movedHistogram[Int(count - 1)] = movedHistogram[Int(count - 1)] + 1
                groupMoved[g] = count - 1
                if count == maxMoved && movedHistogram[Int(count)] == 0 { maxMoved = count - 1 }
            }
            for i in Int(r.groupSlotStart[g])..<Int(r.groupSlotStart[g &+ 1]) {
                let slot = r.groupSlots[i]
                let da = r.hostDomain[Int(r.slotKey[Int(slot)]) &* r.hostCount &+ ha]
                if da >= 0 && counts.add(slot, da, -1) == 0 { distinct[Int(slot)] = distinct[Int(slot)] - 1 }
            }
        }
        if track.offerCharges { leaveHostList(s, ha) }
        for level in 0..<r.capacityLevels {
            let na = Int(r.leafNodes[a &* r.capacityLevels &+ level])
            guard na >= 0 else { continue }
            for c in 0..<r.chunks {
                let o = c &* 4
                let demand = (r.demand.simd4(at: shardBase &+ o) as SIMD4<Double>)
                usage.store(usage.simd4(at: na &* r.stride &+ o) as SIMD4<Double> - demand, at: na &* r.stride &+ o)
            }
        }
        leaf[s] = -1
        terms += delta
    }

    /// Takes shard `s` off its leaf; returns the delta.
    @discardableResult
    mutating func unplace(_ s: Int) -> CostTerms {
        let delta = unplaceDelta(s)
        applyUnplace(s, delta: delta)
        return delta
    }
}
