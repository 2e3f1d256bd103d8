/// Prefetching for ``CostState/shiftDelta(_:to:)``: on large problems a shift's price is mostly waiting
/// for memory (the shard's row, two host rows, its peers' leaves, its group's domain counts, each in a
/// different place). A caller that knows its next moves issues these hints a move or two ahead, so that
/// the lines are on their way while the current move is priced. They change nothing and cost a few
/// instructions each; an out-of-date hint (the state moved on) only wastes a fetch.
extension CostState {
    /// First stage, three moves ahead: what depends on the shard and the target leaf alone (the shard's
    /// leaf, demand row, group, move cost, soft allowance and traffic offsets; the target host's rows and
    /// the target leaf's ancestors): all that ``shiftLowerBound(_:to:lambda:)`` reads.
    @inline(__always)
    public func prefetchShift(_ s: Int, to b: Int) {
        leaf.prefetch(s)
        r.demand.prefetch(s &* r.stride)
        r.demand.prefetch(s &* r.stride &+ r.stride &- 1)
        r.shardGroup.prefetch(s)
        r.initialHost.prefetch(s)
        r.shiftRelief.prefetch(s)
        r.trafficStart.prefetch(s)
        if track.migration {
            r.moveCost.prefetch(s)
            r.size.prefetch(s)
        }
        if track.traffic { r.leafAncestors.prefetch(b &* 8) }
        prefetchHost(Int(r.leafHost[b]))
    }

    /// Second stage, two moves ahead (the first stage's lines have arrived): the source host's rows, the
    /// leaves of the shard's traffic peers (at most 8) and the domain counts its group's slots will read.
    @inline(__always)
    public func prefetchShiftSource(_ s: Int, to b: Int) {
        let a = Int(leaf[s])
        let ha = a >= 0 ? Int(r.leafHost[a]) : -1
        let hb = Int(r.leafHost[b])
        if ha >= 0 { prefetchHost(ha) }
        let first = Int(r.trafficStart[s])
        let last = Swift.min(Int(r.trafficStart[s &+ 1]), first &+ 8)
        if track.traffic {
            for e in first..<last { leaf.prefetch(Int(r.trafficPeer[e])) }
        }
        let g = Int(r.shardGroup[s])
        guard g >= 0, ha != hb else { return }
        for i in Int(r.groupSlotStart[g])..<Int(r.groupSlotStart[g &+ 1]) {
            let slot = r.groupSlots[i]
            let key = Int(r.slotKey[Int(slot)])
            if ha >= 0 { counts.prefetch(slot, r.hostDomain[key &* r.hostCount &+ ha]) }
            counts.prefetch(slot, r.hostDomain[key &* r.hostCount &+ hb])
        }
    }

    /// Third stage, one move ahead (the peers' leaves have arrived): the ancestors of the peers' leaves,
    /// which the traffic term's distances compare.
    @inline(__always)
    public func prefetchShiftPeers(_ s: Int) {
        guard track.traffic else { return }
        let first = Int(r.trafficStart[s])
        let last = Swift.min(Int(r.trafficStart[s &+ 1]), first &+ 8)
        for e in first..<last {
            let l = Int(leaf[Int(r.trafficPeer[e])])
            if l >= 0 { r.leafAncestors.prefetch(l &* 8) }
        }
    }

    /// A host's rows (both ends of each: rows need not start on a cache line).
    @inline(__always)
    private func prefetchHost(_ h: Int) {
        let first = h &* r.stride
        let last = first &+ r.stride &- 1
        usage.prefetch(first)
        usage.prefetch(last)
        hold.prefetch(first)
        hold.prefetch(last)
        r.capacity.prefetch(first)
        r.capacity.prefetch(last)
        if track.load {
            r.safety.prefetch(first)
            r.safety.prefetch(last)
        }
    }
}
