extension CostState {
    /// Whether ``scanShifts(_:weights:lambda:into:)`` prices this state's shifts: the problem's leaves are
    /// its hosts, with no capacity node inside them, no latency between regions and one distance row
    /// (``ShiftScan/unsupportedReason``), and the state tracks neither offer charges nor egress.
    public func scans(with scan: ShiftScan) -> Bool {
        scan.unsupportedReason == nil && !track.offerCharges && !track.egress && scan.hostCount == r.hostCount
    }

    /// Prices the shift of shard `s` to every host at once: afterwards `scan.out[h]` is the penalised
    /// change of the objective, `weights` on the soft terms and `lambda` on the hard ones (as
    /// ``Penalty``), if `s` moved to host `h` (0 for the host it is on). Equal to pricing each shift with
    /// ``shiftDelta(_:to:)`` up to rounding (the terms are summed in another order, the traffic in
    /// `Double`). Requires ``scans(with:)``.
    ///
    /// - Complexity: O(hosts × resources + the group's and its dependencies' members + traffic degree);
    ///   no allocation.
    public func scanShifts(_ s: Int, weights w: Policy.Weights, lambda: SIMD8<Double>, into scan: ShiftScan) {
        precondition(scans(with: scan), "this state cannot be scanned")
        let hosts = r.hostCount
        let a = Int(leaf[s])
        let ha = a >= 0 ? Int(r.leafHost[a]) : -1
        let h0 = Int(r.initialHost[s])
        let movedBefore = h0 >= 0 && ha >= 0 && ha != h0
        let movedAfter = h0 >= 0  // every target but the initial host (priced apart)

        // The terms every target host but `ha` and `h0` shares.
        var constant = CostTerms()
        if a < 0 { constant.unplaced = -1 }
        if ha >= 0 {
            addHostDelta(
                ha, usageSign: -1, holdSign: ha == h0 ? 1 : 0, shard: s, rows: StoredView(), into: &constant)
        } else if h0 >= 0 {
            addHostDelta(h0, usageSign: 0, holdSign: 1, shard: s, rows: StoredView(), into: &constant)
        }
        if r.restricted[s] { constant.placementRules = 1 - (ha >= 0 && !isEligible(s, Int32(ha)) ? 1 : 0) }
        if movedBefore != movedAfter && track.migration {
            constant.migration = Double(r.moveCost[s])
            constant.bytes = Double(r.size[s])
        }
        let hostMoves = track.hostMoves && h0 >= 0
        if hostMoves && movedBefore { constant.hostMoves = -r.hostMoveCost[h0 &* hosts &+ ha] }
        let g = Int(r.shardGroup[s])
        if g >= 0 && track.groupMoves && movedBefore != movedAfter {
            constant.groupMoves = groupMoved[g] + 1 > maxMoved ? 1 : 0
        }
        var base = constant.weightedTotal(w) + (lambda * constant.hard).sum()

        // Group constraints: every domain of a slot's key costs what an empty one does, except the
        // domains where the slot's group or a group it depends on (or that depends on it) has shards.
        if g >= 0 {
            for i in Int(r.groupSlotStart[g])..<Int(r.groupSlotStart[g &+ 1]) {
                let slot = r.groupSlots[i]
                let key = Int(r.slotKey[Int(slot)])
                let da: Int32 = ha >= 0 ? r.hostDomain[key &* hosts &+ ha] : -1
                let empty = slotValue(slotChange(slot, from: da, to: 0, emptyTarget: true), lambda)
                base += empty
                if scan.token == Int32.max {
                    for k in 0..<scan.stamp.count { scan.stamp[k] = -1 }
                    scan.token = 0
                }
                scan.token &+= 1
                let p = Int(scan.keyPartition[key])
                let classes = Int(scan.keyClassStart[key])
                func price(_ db: Int32) {
                    let c = Int(scan.keyClass[classes &+ Int(db) &+ 1])
                    guard c >= 0 else { return }
                    let at = Int(scan.tableStart[p]) &+ c
                    guard scan.stamp[at] != scan.token else { return }
                    scan.stamp[at] = scan.token
                    let value = db == da ? 0 : slotValue(slotChange(slot, from: da, to: db, emptyTarget: false), lambda)
                    if value != empty { scan.add(value - empty, partition: p, class: c) }
                }
                // Hosts in no domain of the key (the spot key's non-spot hosts); the shard's own domain is
                // among its group's.
                price(-1)
                visitDomains(ofGroup: Int(r.slotGroup[Int(slot)]), key: key, price)
                for j in Int(r.slotDependencyStart[Int(slot)])..<Int(r.slotDependencyStart[Int(slot) &+ 1]) {
                    let dep = Int(r.slotDependencies[j])
                    let other =
                        r.dependencyDependent[dep] == slot ? r.dependencyRequired[dep] : r.dependencyDependent[dep]
                    visitDomains(ofGroup: Int(r.slotGroup[Int(other)]), key: key, price)
                }
            }
        }

        // Traffic: each peer's volume at the lanes it shares with the target.
        if track.traffic {
            var traffic = 0.0
            for e in Int(r.trafficStart[s])..<Int(r.trafficStart[s &+ 1]) {
                let lj = Int(leaf[Int(r.trafficPeer[e])])
                if lj < 0 { continue }
                let volume = Double(r.trafficVolume[e])
                traffic += volume * (scan.trafficBase - (a >= 0 ? Double(distance(a, lj)) : 0))
                let hj = Int(r.leafHost[lj])
                for k in 0..<scan.laneCount {
                    let p = Int(scan.lanePartition[k])
                    let c = Int(scan.classOf[p &* scan.paddedHosts &+ hj])
                    scan.add(w.traffic * volume * scan.laneStep[k], partition: p, class: c)
                }
            }
            base += w.traffic * traffic
        }

        scanHosts(s, base: base, weights: w, lambda: lambda, hostMoveRow: hostMoves ? h0 &* hosts : -1, scan)

        // The identity partitions' entries, host by host; eligibility; the two hosts priced apart.
        for k in 0..<scan.touchedCount {
            let i = Int(scan.touched[k])
            var p = 0
            while Int(scan.tableStart[p &+ 1]) <= i { p &+= 1 }
            if scan.identity[p] { scan.out[i &- Int(scan.tableStart[p])] += scan.table[i] }
        }
        if r.restricted[s] {
            for i in Int(r.eligibleStart[s])..<Int(r.eligibleStart[s &+ 1]) {
                let h = Int(r.eligibleHosts[i])
                scan.out[h] = scan.out[h] - lambda[5]
            }
        }
        if h0 >= 0 && h0 != ha {
            let d = shiftDelta(s, to: Int(r.hostLeafStart[h0]))
            scan.out[h0] = d.weightedTotal(w) + (lambda * d.hard).sum()
        }
        if ha >= 0 { scan.out[ha] = 0 }
        scan.reset()
    }

    /// The penalised value of one slot's change.
    @inline(__always)
    private func slotValue(
        _ change: (antiAffinity: Int32, spread: Int32, dependency: Int32), _ lambda: SIMD8<Double>
    )
        -> Double
    {
        lambda[2] * Double(change.antiAffinity) + lambda[3] * Double(change.spread) + lambda[4]
            * Double(change.dependency)
    }

    /// Calls `body` with the domain of key `key` of every placed member of group `g`.
    @inline(__always)
    private func visitDomains(ofGroup g: Int, key: Int, _ body: (Int32) -> Void) {
        for i in Int(r.groupMemberStart[g])..<Int(r.groupMemberStart[g &+ 1]) {
            let l = Int(leaf[Int(r.groupMembers[i])])
            if l >= 0 { body(r.hostDomain[key &* r.hostCount &+ Int(r.leafHost[l])]) }
        }
    }

    /// The host loop of a scan: `scan.out[h]` = `base` + host `h`'s own terms if shard `s` arrived there
    /// + the host-move charge from row `hostMoveRow` (-1: none) + its classes' table entries, four hosts
    /// at a time.
    private func scanHosts(
        _ s: Int, base: Double, weights w: Policy.Weights, lambda: SIMD8<Double>, hostMoveRow: Int, _ scan: ShiftScan
    ) {
        let hosts = r.hostCount
        let padded = scan.paddedHosts
        let resources = scan.resourceCount
        let stride = r.stride
        let shardRow = s &* stride
        let last = hosts &- 1
        let capacityWeight = lambda[0]
        let transientWeight = lambda[1]
        let loadWeight = w.load
        let imbalanceWeight = w.imbalance
        let priceWeight = w.price
        let fragmentationWeight = w.fragmentation
        var h = 0
        while h < hosts {
            let i1 = Swift.min(h &+ 1, last) &* stride
            let i2 = Swift.min(h &+ 2, last) &* stride
            let i3 = Swift.min(h &+ 3, last) &* stride
            let i0 = h &* stride
            var v = SIMD4<Double>(repeating: base)
            var k0 = SIMD4<Double>(repeating: .infinity)
            var k1 = SIMD4<Double>(repeating: .infinity)
            for q in 0..<resources {
                let d = r.demand[shardRow &+ q]
                let u0 = SIMD4(usage[i0 &+ q], usage[i1 &+ q], usage[i2 &+ q], usage[i3 &+ q])
                scan.block.store(u0, at: q &* 4)
                let u1 = u0 + d
                let column = q &* padded &+ h
                let cap: SIMD4<Double> = scan.capacity.simd4(at: column)
                let over0 = relu(u0 - cap)
                let over1 = relu(u1 - cap)
                v += capacityWeight * (over1 - over0)
                if scan.transient[q] {
                    let held = SIMD4(hold[i0 &+ q], hold[i1 &+ q], hold[i2 &+ q], hold[i3 &+ q])
                    v += transientWeight * ((relu(u1 + held - cap) - over1) - (relu(u0 + held - cap) - over0))
                }
                if track.load {
                    let safety: SIMD4<Double> = scan.safety.simd4(at: column)
                    v += (loadWeight * r.loadWeight[q]) * (relu(u1 - safety) - relu(u0 - safety))
                }
                if track.imbalance {
                    let inverse: SIMD4<Double> = scan.inverseCapacity.simd4(at: column)
                    v += (imbalanceWeight * r.resourceWeight[q]) * inverse * inverse * (u1 * u1 - u0 * u0)
                }
                if track.price {
                    let unit: SIMD4<Double> = scan.price.simd4(at: column)
                    v += priceWeight * unit * (u1 - u0)
                }
                if track.fragmentation {
                    let reference = r.fragmentationReference[q]
                    if reference > 0 {
                        k0 = lanewiseMin(k0, relu(cap - u0) / reference)
                        k1 = lanewiseMin(k1, relu(cap - u1) / reference)
                    }
                }
            }
            if track.fragmentation {
                k0 = k0.replacing(with: 0, where: k0 .== .infinity).rounded(.down)
                k1 = k1.replacing(with: 0, where: k1 .== .infinity).rounded(.down)
                var stranded = SIMD4<Double>()
                for q in 0..<resources {
                    let d = r.demand[shardRow &+ q]
                    let u0: SIMD4<Double> = scan.block.simd4(at: q &* 4)
                    let column = q &* padded &+ h
                    let cap: SIMD4<Double> = scan.capacity.simd4(at: column)
                    let inverse: SIMD4<Double> = scan.inverseCapacity.simd4(at: column)
                    let reference = r.fragmentationReference[q]
                    let free0 = relu(cap - u0)
                    let free1 = relu(cap - (u0 + d))
                    stranded +=
                        r.resourceWeight[q] * ((free1 - k1 * reference) * inverse - (free0 - k0 * reference) * inverse)
                }
                v += fragmentationWeight * stranded
            }
            if track.balance {
                var balance = SIMD4<Double>()
                for i in 0..<r.balanceCount {
                    let r1 = Int(r.balanceResource[i])
                    let r2 = Int(r.balanceOver[i])
                    let c1: SIMD4<Double> = scan.capacity.simd4(at: r1 &* padded &+ h)
                    let c2: SIMD4<Double> = scan.capacity.simd4(at: r2 &* padded &+ h)
                    let a1 = c1 - scan.block.simd4(at: r1 &* 4)
                    let a2 = c2 - scan.block.simd4(at: r2 &* 4)
                    let d1 = r.demand[shardRow &+ r1]
                    let d2 = r.demand[shardRow &+ r2]
                    let target = r.balanceTarget[i]
                    balance +=
                        r.balanceWeight[i] * (relu(target * (a1 - d1) - (a2 - d2)) - relu(target * a1 - a2))
                }
                v += w.balance * balance
            }
            if hostMoveRow >= 0 {
                let row = hostMoveRow
                v +=
                    w.hostMoves
                    * SIMD4(
                        r.hostMoveCost[row &+ h], r.hostMoveCost[row &+ Swift.min(h &+ 1, last)],
                        r.hostMoveCost[row &+ Swift.min(h &+ 2, last)], r.hostMoveCost[row &+ Swift.min(h &+ 3, last)])
            }
            for k in 0..<scan.activeCount {
                let p = Int(scan.activeList[k])
                let start = Int(scan.tableStart[p])
                let classes: SIMD4<Int32> = scan.classOf.simd4(at: p &* padded &+ h)
                v += SIMD4(
                    scan.table[start &+ Int(classes[0])], scan.table[start &+ Int(classes[1])],
                    scan.table[start &+ Int(classes[2])], scan.table[start &+ Int(classes[3])])
            }
            scan.out.store(v, at: h)
            h &+= 4
        }
    }
}

/// The lane-wise minimum, inlined (as ``relu(_:)``).
@inline(__always)
func lanewiseMin(_ x: SIMD4<Double>, _ y: SIMD4<Double>) -> SIMD4<Double> {
    SIMD4(Swift.min(x[0], y[0]), Swift.min(x[1], y[1]), Swift.min(x[2], y[2]), Swift.min(x[3], y[3]))
}
