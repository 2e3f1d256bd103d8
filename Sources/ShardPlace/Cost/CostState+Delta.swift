/// max(x, 0) lane by lane, inlined. Written as four scalar maxima, which compile to one compare and one
/// mask per register; the standard library's generic `pointwiseMax` is a call here, and
/// `replacing(with:where:)` takes twice the instructions.
@inline(__always)
func relu(_ x: SIMD4<Double>) -> SIMD4<Double> {
    SIMD4(Swift.max(x[0], 0), Swift.max(x[1], 0), Swift.max(x[2], 0), Swift.max(x[3], 0))
}

extension CostState {
    /// Host-level terms of host `h` if its usage changed by `usageSign` × the shard's demand and its
    /// transient hold by `holdSign` × that demand (capacity, transient, load, balance, imbalance,
    /// fragmentation, price). Signs are -1, 0 or +1.
    @inline(__always)
    func hostTerms(_ h: Int, usageSign: Double, holdSign: Double, shard s: Int) -> CostTerms {
        var t = CostTerms()
        let base = h &* r.stride
        let shardBase = s &* r.stride
        var capacityOver = SIMD4<Double>()
        var transientOver = SIMD4<Double>()
        var load = SIMD4<Double>()
        var imbalance = SIMD4<Double>()
        var price = SIMD4<Double>()
        for c in 0..<r.chunks {
            let o = c &* 4
            let demand = (r.demand.simd4(at: shardBase &+ o) as SIMD4<Double>)
            let u = usage.simd4(at: base &+ o) as SIMD4<Double> + usageSign * demand
            let capacity = (r.capacity.simd4(at: base &+ o) as SIMD4<Double>)
            let over = relu(u - capacity)
            capacityOver += over
            let mask = (r.transientMask.simd4(at: o) as SIMD4<Double>)
            let held = u + mask * (hold.simd4(at: base &+ o) as SIMD4<Double> + holdSign * demand)
            transientOver += relu(held - capacity) - over
            if track.load {
                let safety = (r.safety.simd4(at: base &+ o) as SIMD4<Double>)
                let weight = (r.loadWeight.simd4(at: o) as SIMD4<Double>)
                load += weight * relu(u - safety)
            }
            if track.imbalance {
                let x = u * (r.inverseCapacity.simd4(at: base &+ o) as SIMD4<Double>)
                imbalance += (r.resourceWeight.simd4(at: o) as SIMD4<Double>) * x * x
            }
            if track.price { price += (r.price.simd4(at: base &+ o) as SIMD4<Double>) * u }
        }
        t.capacity = capacityOver.sum()
        t.transient = transientOver.sum()
        t.load = load.sum()
        t.imbalance = imbalance.sum()
        t.price = price.sum()
        if track.fragmentation {
            t.fragmentation = strandedCapacity(base, shardBase, usageSign: usageSign, rows: StoredView())
        }
        if track.balance {
            for i in 0..<r.balanceCount {
                let r1 = Int(r.balanceResource[i])
                let r2 = Int(r.balanceOver[i])
                let a1 =
                    Double(r.capacity[base &+ r1]) - usage[base &+ r1] - usageSign * Double(r.demand[shardBase &+ r1])
                let a2 =
                    Double(r.capacity[base &+ r2]) - usage[base &+ r2] - usageSign * Double(r.demand[shardBase &+ r2])
                t.balance += Double(r.balanceWeight[i]) * Swift.max(0, Double(r.balanceTarget[i]) * a1 - a2)
            }
        }
        return t
    }

    /// The change of the host-level terms of host `h` when its usage changes by `usageSign` × the
    /// shard's demand and its transient hold by `holdSign` × that demand: one pass over the resource
    /// lanes computing before and after together. Adds into `t`. The host's usage and hold rows are
    /// read through `rows` (as stored, or as another shift would leave them: ``HostRows``).
    @inline(__always)
    func addHostDelta<R: HostRows>(
        _ h: Int, usageSign: Double, holdSign: Double, shard s: Int, rows: R, into t: inout CostTerms
    ) {
        let base = h &* r.stride
        let shardBase = s &* r.stride
        // The host's own sums first, then into `t`: a departure and an arrival priced apart then add up
        // to the same bits as a whole shift.
        var host = CostTerms()
        for c in 0..<r.chunks {
            addHostChunk(
                base &+ c &* 4, shardBase &+ c &* 4, c &* 4, usageSign: usageSign, holdSign: holdSign, rows: rows,
                into: &host)
        }
        t.capacity += host.capacity
        t.transient += host.transient
        t.load += host.load
        t.imbalance += host.imbalance
        t.price += host.price
        if track.fragmentation {
            t.fragmentation +=
                strandedCapacity(base, shardBase, usageSign: usageSign, rows: rows)
                - strandedCapacity(base, shardBase, usageSign: 0, rows: rows)
        }
        if track.balance {
            var balance = 0.0
            for i in 0..<r.balanceCount {
                let r1 = Int(r.balanceResource[i])
                let r2 = Int(r.balanceOver[i])
                let a1 = r.capacity[base &+ r1] - rows.usage(usage[base &+ r1], resource: r1)
                let a2 = r.capacity[base &+ r2] - rows.usage(usage[base &+ r2], resource: r2)
                let d1 = usageSign * Double(r.demand[shardBase &+ r1])
                let d2 = usageSign * Double(r.demand[shardBase &+ r2])
                let target = Double(r.balanceTarget[i])
                balance +=
                    Double(r.balanceWeight[i])
                    * (Swift.max(0, target * (a1 - d1) - (a2 - d2)) - Swift.max(0, target * a1 - a2))
            }
            t.balance += balance
        }
    }

    /// Four resources of a host delta (lanes `o..<o+4`; the host's row starts at `row`, the shard's
    /// demand row at `demandRow`): capacity, transient, load, imbalance and price. Each term is added
    /// per chunk and only where it is tracked (one chunk's straight code keeps its values in registers;
    /// the loop that carried every term's lanes across chunks spilled them).
    @inline(__always)
    func addHostChunk<R: HostRows>(
        _ row: Int, _ demandRow: Int, _ o: Int, usageSign: Double, holdSign: Double, rows: R, into t: inout CostTerms
    ) {
        let d: SIMD4<Double> = r.demand.simd4(at: demandRow)
        let u0 = rows.usage(usage.simd4(at: row), lane: o)
        let u1 = u0 + usageSign * d
        let cap: SIMD4<Double> = r.capacity.simd4(at: row)
        let over0 = relu(u0 - cap)
        let over1 = relu(u1 - cap)
        t.capacity += (over1 - over0).sum()
        if r.hasTransient {
            let mask: SIMD4<Double> = r.transientMask.simd4(at: o)
            let held = rows.hold(hold.simd4(at: row), lane: o)
            let held0 = u0 + mask * held
            let held1 = u1 + mask * (held + holdSign * d)
            t.transient += ((relu(held1 - cap) - over1) - (relu(held0 - cap) - over0)).sum()
        }
        if track.load {
            let safety: SIMD4<Double> = r.safety.simd4(at: row)
            let weight: SIMD4<Double> = r.loadWeight.simd4(at: o)
            t.load += (weight * (relu(u1 - safety) - relu(u0 - safety))).sum()
        }
        if track.imbalance {
            let inverse: SIMD4<Double> = r.inverseCapacity.simd4(at: row)
            let weight: SIMD4<Double> = r.resourceWeight.simd4(at: o)
            t.imbalance += (weight * inverse * inverse * (u1 * u1 - u0 * u0)).sum()
        }
        if track.price {
            let unit: SIMD4<Double> = r.price.simd4(at: row)
            t.price += (unit * (u1 - u0)).sum()
        }
    }

    /// A host's stranded capacity (the fragmentation term; its row at `base`) if its usage changed by
    /// `usageSign` × the demand row at `shardBase`: the free capacity left over once as many reference
    /// shards as fit on every resource are taken out, weighted per resource over capacity.
    func strandedCapacity<R: HostRows>(_ base: Int, _ shardBase: Int, usageSign: Double, rows: R) -> Double {
        // The free capacity of four lanes and their reference shard.
        func lanes(_ o: Int) -> (free: SIMD4<Double>, reference: SIMD4<Double>) {
            let d: SIMD4<Double> = r.demand.simd4(at: shardBase &+ o)
            let u = rows.usage(usage.simd4(at: base &+ o), lane: o) + usageSign * d
            return (relu(r.capacity.simd4(at: base &+ o) as SIMD4<Double> - u), r.fragmentationReference.simd4(at: o))
        }
        var k = Double.infinity
        for c in 0..<r.chunks {
            let (free, reference) = lanes(c &* 4)
            k = Swift.min(k, (free / reference).replacing(with: .infinity, where: reference .<= 0).min())
        }
        if k == .infinity { k = 0 } else { k.round(.down) }
        var stranded = SIMD4<Double>()
        for c in 0..<r.chunks {
            let o = c &* 4
            let (free, reference) = lanes(o)
            let weight: SIMD4<Double> = r.resourceWeight.simd4(at: o)
            let inverse: SIMD4<Double> = r.inverseCapacity.simd4(at: base &+ o)
            stranded += weight * (free - k * reference) * inverse
        }
        return stranded.sum()
    }

    /// Capacity overflow of an intra-host node if its usage changed by `sign` × the shard's demand.
    @inline(__always)
    func nodeOverflow(_ node: Int, sign: Double, shard s: Int) -> Double {
        var over = SIMD4<Double>()
        for c in 0..<r.chunks {
            let o = c &* 4
            let demand = (r.demand.simd4(at: s &* r.stride &+ o) as SIMD4<Double>)
            let u = usage.simd4(at: node &* r.stride &+ o) as SIMD4<Double> + sign * demand
            let capacity = (r.capacity.simd4(at: node &* r.stride &+ o) as SIMD4<Double>)
            over += relu(u - capacity)
        }
        return over.sum()
    }

    /// The change of every tracked term if shard `s` moved to leaf `to` (everything else staying put).
    ///
    /// - Complexity: O(resources × tree depth + traffic degree + group constraints); no allocation.
    public func shiftDelta(_ s: Int, to b: Int) -> CostTerms { shiftDelta(s, to: b, departure: nil, arrival: nil) }

    /// The host-level terms' change on placed shard `s`'s host when it leaves for another host: the part
    /// of ``shiftDelta(_:to:)`` that is the same for every target host, computed once for a scan of them.
    func departureDelta(_ s: Int) -> CostTerms {
        let a = Int(leaf[s])
        precondition(a >= 0, "a departure needs a placed shard")
        let ha = Int(r.leafHost[a])
        var t = CostTerms()
        addHostDelta(
            ha, usageSign: -1, holdSign: ha == Int(r.initialHost[s]) ? 1 : 0, shard: s, rows: StoredView(), into: &t)
        return t
    }

    /// The host-level terms' change on host `h` when shard `s` arrives there, `h` not being its initial
    /// host: the part of ``shiftDelta(_:to:)`` that depends only on the target host's own state (its
    /// usage and holds), so a solver may keep it while the host is unchanged.
    func arrivalDelta(_ s: Int, host h: Int) -> CostTerms {
        precondition(h != Int(r.initialHost[s]), "an arrival at the initial host changes its hold")
        var t = CostTerms()
        addHostDelta(h, usageSign: 1, holdSign: 0, shard: s, rows: StoredView(), into: &t)
        return t
    }

    /// ``shiftDelta(_:to:)`` with the host-level parts given where the caller has them: `departure` from
    /// ``departureDelta(_:)`` (a placed shard moving to another host) and `arrival` from
    /// ``arrivalDelta(_:host:)`` (a target host other than the initial one), both for the current state.
    /// The result is the same, bit for bit.
    @inline(__always)
    func shiftDelta(_ s: Int, to b: Int, departure: CostTerms?, arrival: CostTerms?) -> CostTerms {
        // Filled in place: a body that built its own value and returned it from two places copied the
        // 144 bytes twice (two `memcpy` calls per priced shift).
        var t = CostTerms()
        addShiftDelta(s, to: b, departure: departure, arrival: arrival, view: StoredView(), into: &t)
        return t
    }

    /// Adds the change of every tracked term if shard `s` moved to leaf `b` to `t`, the state read through
    /// `view`: as stored (``StoredView``), or as another shard's shift would leave it (``AfterShift``,
    /// which supports only what ``pricesSwapInPlace(_:_:)`` admits).
    @inline(__always)
    func addShiftDelta<V: ShiftView>(
        _ s: Int, to b: Int, departure: CostTerms?, arrival: CostTerms?, view: V, into t: inout CostTerms
    ) {
        precondition(b >= 0, "a shift needs a target leaf")
        let a = Int(leaf[s])
        if a == b { return }
        let ha = a >= 0 ? Int(r.leafHost[a]) : -1
        let hb = Int(r.leafHost[b])
        let h0 = Int(r.initialHost[s])
        let movedBefore = h0 >= 0 && ha >= 0 && ha != h0
        let movedAfter = h0 >= 0 && hb != h0
        if a < 0 { t.unplaced = -1 }

        if ha != hb {
            // Host terms; the transient hold of the shard's initial host changes when it leaves or returns.
            let holdA: Double = (ha == h0 && ha >= 0) ? 1 : 0
            let holdB: Double = hb == h0 && movedBefore ? -1 : 0
            if ha >= 0 {
                if let departure {
                    t += departure
                } else {
                    addHostDelta(ha, usageSign: -1, holdSign: holdA, shard: s, rows: view.rows(ofHost: ha), into: &t)
                }
            } else if h0 >= 0 && hb != h0 {
                // Placing an unplaced shard away from its initial host: that host now holds it.
                addHostDelta(h0, usageSign: 0, holdSign: 1, shard: s, rows: view.rows(ofHost: h0), into: &t)
            }
            if let arrival {
                t += arrival
            } else {
                addHostDelta(hb, usageSign: 1, holdSign: holdB, shard: s, rows: view.rows(ofHost: hb), into: &t)
            }
            if track.offerCharges { t.price += offerChargeDelta(from: ha, to: hb) }
            if track.egress && (ha < 0 || r.hostProvider[ha] != r.hostProvider[hb]) {
                t.egress = egressDelta(s, from: ha, to: hb)
            }
            // Eligibility.
            if r.restricted[s] {
                t.placementRules =
                    (isEligible(s, Int32(hb)) ? 0 : 1) - (ha >= 0 && !isEligible(s, Int32(ha)) ? 1 : 0)
            }
            // Migration.
            if movedBefore != movedAfter {
                let sign: Double = movedAfter ? 1 : -1
                if track.migration {
                    t.migration = sign * Double(r.moveCost[s])
                    t.bytes = sign * Double(r.size[s])
                }
            }
            if track.hostMoves && h0 >= 0 {
                let before = movedBefore ? Double(r.hostMoveCost[h0 &* r.hostCount &+ ha]) : 0
                let after = movedAfter ? Double(r.hostMoveCost[h0 &* r.hostCount &+ hb]) : 0
                t.hostMoves = after - before
            }
            let g = Int(r.shardGroup[s])
            if g >= 0 {
                if track.groupMoves && movedBefore != movedAfter {
                    let count = groupMoved[g]
                    let most = view.maxMoved(maxMoved)
                    if movedAfter {
                        t.groupMoves = count + 1 > most ? 1 : 0
                    } else if count == most && view.groups(movedHistogram[Int(count)], moved: count) == 1 {
                        t.groupMoves = -1
                    }
                }
                constraintDelta(s, group: g, from: ha, to: hb, into: &t)
            }
        }

        // Intra-host capacity nodes.
        for level in 0..<r.capacityLevels {
            let na = a >= 0 ? Int(r.leafNodes[a &* r.capacityLevels &+ level]) : -1
            let nb = Int(r.leafNodes[b &* r.capacityLevels &+ level])
            if na == nb { continue }
            if na >= 0 { t.capacity += nodeOverflow(na, sign: -1, shard: s) - nodeOverflow(na, sign: 0, shard: s) }
            if nb >= 0 { t.capacity += nodeOverflow(nb, sign: 1, shard: s) - nodeOverflow(nb, sign: 0, shard: s) }
        }

        // Traffic.
        if track.traffic {
            var traffic: Float = 0
            if r.hasLatency {
                for e in Int(r.trafficStart[s])..<Int(r.trafficStart[s &+ 1]) {
                    let j = Int(r.trafficPeer[e])
                    let lj = view.leaf(of: j, stored: Int(leaf[j]))
                    if lj < 0 { continue }
                    let before = a >= 0 ? distanceWithLatency(a, lj) : 0
                    traffic += r.trafficVolume[e] * (distanceWithLatency(b, lj) - before)
                }
            } else {
                for e in Int(r.trafficStart[s])..<Int(r.trafficStart[s &+ 1]) {
                    let j = Int(r.trafficPeer[e])
                    let lj = view.leaf(of: j, stored: Int(leaf[j]))
                    if lj < 0 { continue }
                    let before = a >= 0 ? distance(a, lj) : 0
                    traffic += r.trafficVolume[e] * (distance(b, lj) - before)
                }
            }
            t.traffic = Double(traffic)
        }
    }

    /// The change of the offer charges when a shard leaves host `ha` for `hb` (either -1: unplaced): a host
    /// left empty stops costing the charge of its offer's last used host; a host used for the first time
    /// costs the charge of its offer's next used host (after the first change, so that moving between two
    /// hosts of one offer costs nothing).
    @inline(__always)
    func offerChargeDelta(from ha: Int, to hb: Int) -> Double {
        var change = 0.0
        var emptied: Int32 = -1
        if ha >= 0 && hostShards[ha] == 1 {
            emptied = r.hostOffer[ha]
            if emptied >= 0 { change -= offerCharge(Int(emptied), offerUsed[Int(emptied)]) }
        }
        if hb >= 0 && hostShards[hb] == 0 {
            let o = r.hostOffer[hb]
            if o >= 0 { change += offerCharge(Int(o), offerUsed[Int(o)] - (o == emptied ? 1 : 0) + 1) }
        }
        return change
    }

    /// The change of the egress term when shard `s` moves from host `ha` to `hb` (-1: unplaced): for
    /// each placed peer on another provider, half the edge's volume leaves each side at its provider's
    /// egress price.
    @inline(__always)
    func egressDelta(_ s: Int, from ha: Int, to hb: Int) -> Double {
        let pa: Int32 = ha >= 0 ? r.hostProvider[ha] : 0
        let ea = ha >= 0 ? r.hostEgress[ha] : 0
        let pb: Int32 = hb >= 0 ? r.hostProvider[hb] : 0
        let eb = hb >= 0 ? r.hostEgress[hb] : 0
        var sum = 0.0
        for e in Int(r.trafficStart[s])..<Int(r.trafficStart[s &+ 1]) {
            let lj = Int(leaf[Int(r.trafficPeer[e])])
            if lj < 0 { continue }
            let hj = Int(r.leafHost[lj])
            let pj = r.hostProvider[hj]
            let ej = r.hostEgress[hj]
            let before = ha >= 0 && pa != pj ? ea + ej : 0
            let after = hb >= 0 && pb != pj ? eb + ej : 0
            sum += Double(r.trafficVolume[e]) * (after - before)
        }
        return sum * r.egressScale
    }

    /// Anti-affinity, spread and dependency changes when a shard of group `g` moves between hosts (-1 on
    /// either side: not placed).
    @inline(__always)
    func constraintDelta(_ s: Int, group g: Int, from ha: Int, to hb: Int, into t: inout CostTerms) {
        for i in Int(r.groupSlotStart[g])..<Int(r.groupSlotStart[g &+ 1]) {
            let slot = r.groupSlots[i]
            let key = Int(r.slotKey[Int(slot)])
            let da: Int32 = ha >= 0 ? r.hostDomain[key &* r.hostCount &+ ha] : -1
            let db: Int32 = hb >= 0 ? r.hostDomain[key &* r.hostCount &+ hb] : -1
            if da == db { continue }
            let change = slotChange(slot, from: da, to: db, emptyTarget: false)
            t.antiAffinity += Double(change.antiAffinity)
            t.spread += Double(change.spread)
            t.dependency += Double(change.dependency)
        }
    }

    /// The anti-affinity, spread and dependency changes of one slot when one of its group's shards moves
    /// from domain `da` to domain `db` of the slot's key (-1: none; `da` ≠ `db`). With `emptyTarget`, `db`
    /// stands for any domain (≥ 0, not `da`) where neither the slot nor a slot it depends on or that
    /// depends on it has a shard: what a scan of hosts charges every domain not listed apart.
    @inline(__always)
    func slotChange(
        _ slot: Int32, from da: Int32, to db: Int32, emptyTarget: Bool
    )
        -> (antiAffinity: Int32, spread: Int32, dependency: Int32)
    {
        let toDomain = emptyTarget || db >= 0
        var change: (antiAffinity: Int32, spread: Int32, dependency: Int32) = (0, 0, 0)
        let n1: Int32 = da >= 0 ? counts.count(slot, da) : 0
        let n2: Int32 = !emptyTarget && db >= 0 ? counts.count(slot, db) : 0
        let limit = r.slotLimit[Int(slot)]
        if limit > 0 {
            change.antiAffinity = (toDomain && n2 >= limit ? 1 : 0) - (n1 > limit ? 1 : 0)
        }
        let minimum = r.slotSpreadMin[Int(slot)]
        if minimum > 0 {
            let before = distinct[Int(slot)]
            let after = before - (da >= 0 && n1 == 1 ? 1 : 0) + (toDomain && n2 == 0 ? 1 : 0)
            change.spread = Swift.max(0, minimum - after) - Swift.max(0, minimum - before)
        }
        for j in Int(r.slotDependencyStart[Int(slot)])..<Int(r.slotDependencyStart[Int(slot) &+ 1]) {
            let dep = Int(r.slotDependencies[j])
            if r.dependencyDependent[dep] == slot {
                let required = r.dependencyRequired[dep]
                if da >= 0 && counts.count(required, da) == 0 {
                    change.dependency -= (n1 > 0 ? 1 : 0) - (n1 - 1 > 0 ? 1 : 0)
                }
                if toDomain && (emptyTarget || counts.count(required, db) == 0) {
                    change.dependency += 1 - (n2 > 0 ? 1 : 0)
                }
            } else {
                let dependent = r.dependencyDependent[dep]
                if da >= 0 && n1 == 1 && counts.count(dependent, da) > 0 { change.dependency += 1 }
                if toDomain && !emptyTarget && n2 == 0 && counts.count(dependent, db) > 0 { change.dependency -= 1 }
            }
        }
        return change
    }

    /// Moves shard `s` to leaf `to`, given the delta ``shiftDelta(_:to:)`` returned for exactly this
    /// move in the current state.
    public mutating func applyShift(_ s: Int, to b: Int, delta: CostTerms) {
        let a = Int(leaf[s])
        if a == b { return }
        let ha = a >= 0 ? Int(r.leafHost[a]) : -1
        let hb = Int(r.leafHost[b])
        let h0 = Int(r.initialHost[s])
        let movedBefore = h0 >= 0 && ha >= 0 && ha != h0
        let movedAfter = h0 >= 0 && hb != h0
        let shardBase = s &* r.stride
        if ha != hb {
            for c in 0..<r.chunks {
                let o = c &* 4
                let demand = (r.demand.simd4(at: shardBase &+ o) as SIMD4<Double>)
                let mask = (r.transientMask.simd4(at: o) as SIMD4<Double>)
                if ha >= 0 {
                    usage.store(usage.simd4(at: ha &* r.stride &+ o) as SIMD4<Double> - demand, at: ha &* r.stride &+ o)
                }
                usage.store(usage.simd4(at: hb &* r.stride &+ o) as SIMD4<Double> + demand, at: hb &* r.stride &+ o)
                if ha >= 0 && ha == h0 {
                    hold.store(
                        hold.simd4(at: h0 &* r.stride &+ o) as SIMD4<Double> + mask * demand, at: h0 &* r.stride &+ o)
                }
                if hb == h0 && movedBefore {
                    hold.store(
                        hold.simd4(at: h0 &* r.stride &+ o) as SIMD4<Double> - mask * demand, at: h0 &* r.stride &+ o)
                }
                if ha < 0 && h0 >= 0 && hb != h0 {
                    hold.store(
                        hold.simd4(at: h0 &* r.stride &+ o) as SIMD4<Double> + mask * demand, at: h0 &* r.stride &+ o)
                }
            }
            if track.offerCharges {
                if ha >= 0 { leaveHostList(s, ha) }
                hostShards[hb] = hostShards[hb] + 1
                if hostShards[hb] == 1 && r.hostOffer[hb] >= 0 {
                    offerUsed[Int(r.hostOffer[hb])] = offerUsed[Int(r.hostOffer[hb])] + 1
                }
                let head = firstOnHost[hb]
                nextOnHost[s] = head
                previousOnHost[s] = -1
                if head >= 0 { previousOnHost[Int(head)] = Int32(s) }
                firstOnHost[hb] = Int32(s)
            }
            let g = Int(r.shardGroup[s])
            if g >= 0 {
                if movedBefore != movedAfter {
                    let count = groupMoved[g]
                    let next = count + (movedAfter ? 1 : -1)
                    movedHistogram[Int(count)] = movedHistogram[Int(count)] - 1
                    movedHistogram[Int(next)] = movedHistogram[Int(next)] + 1
                    groupMoved[g] = next
                    if next > maxMoved { maxMoved = next }
                    if count == maxMoved && movedHistogram[Int(count)] == 0 { maxMoved = count - 1 }
                }
                for i in Int(r.groupSlotStart[g])..<Int(r.groupSlotStart[g &+ 1]) {
                    let slot = r.groupSlots[i]
                    let key = Int(r.slotKey[Int(slot)])
                    let da: Int32 = ha >= 0 ? r.hostDomain[key &* r.hostCount &+ ha] : -1
                    let db = r.hostDomain[key &* r.hostCount &+ hb]
                    if da == db { continue }
                    if da >= 0 && counts.add(slot, da, -1) == 0 { distinct[Int(slot)] = distinct[Int(slot)] - 1 }
                    if db >= 0 && counts.add(slot, db, 1) == 1 { distinct[Int(slot)] = distinct[Int(slot)] + 1 }
                }
            }
        }
        for level in 0..<r.capacityLevels {
            let na = a >= 0 ? Int(r.leafNodes[a &* r.capacityLevels &+ level]) : -1
            let nb = Int(r.leafNodes[b &* r.capacityLevels &+ level])
            if na == nb { continue }
            for c in 0..<r.chunks {
                let o = c &* 4
                let demand = (r.demand.simd4(at: shardBase &+ o) as SIMD4<Double>)
                if na >= 0 {
                    usage.store(usage.simd4(at: na &* r.stride &+ o) as SIMD4<Double> - demand, at: na &* r.stride &+ o)
                }
                if nb >= 0 {
                    usage.store(usage.simd4(at: nb &* r.stride &+ o) as SIMD4<Double> + demand, at: nb &* r.stride &+ o)
                }
            }
        }
        leaf[s] = Int32(b)
        terms += delta
    }

    /// Takes shard `s` out of host `h`'s shard list and count (kept only with offer charges).
    @inline(__always)
    func leaveHostList(_ s: Int, _ h: Int) {
        hostShards[h] = hostShards[h] - 1
        if hostShards[h] == 0 && r.hostOffer[h] >= 0 {
            offerUsed[Int(r.hostOffer[h])] = offerUsed[Int(r.hostOffer[h])] - 1
        }
        let before = previousOnHost[s]
        let after = nextOnHost[s]
        if before >= 0 { nextOnHost[Int(before)] = after } else { firstOnHost[h] = after }
        if after >= 0 { previousOnHost[Int(after)] = before }
        nextOnHost[s] = -1
        previousOnHost[s] = -1
    }

    /// Moves shard `s` to leaf `to`, computing the delta; returns it.
    @discardableResult
    public mutating func shift(_ s: Int, to b: Int) -> CostTerms {
        let delta = shiftDelta(s, to: b)
        applyShift(s, to: b, delta: delta)
        return delta
    }

    /// The change of every tracked term if shards `a` and `b` exchanged leaves: priced on the stored state
    /// where ``pricesSwapInPlace(_:_:)`` holds, otherwise probed by applying and undoing the two shifts
    /// (the state is unchanged afterwards, bit for bit).
    public mutating func swapDelta(_ a: Int, _ b: Int) -> CostTerms {
        let la = Int(leaf[a])
        let lb = Int(leaf[b])
        guard la != lb, la >= 0, lb >= 0 else { return CostTerms() }
        if pricesSwapInPlace(a, b) { return shiftDelta(a, to: lb) + swapSecondHalf(a, b) }
        saveSwap(a, b)
        let saved = terms
        let first = shift(a, to: lb)
        let second = shift(b, to: la)
        // Undo without pricing: every count and usage goes back; the sums are restored bit for bit.
        applyShift(b, to: lb, delta: CostTerms())
        applyShift(a, to: la, delta: CostTerms())
        terms = saved
        restoreSwap(a, b)
        return first + second
    }

    /// Saves what undoing a swap of placed shards `a` and `b` by two shifts back would not restore bit
    /// for bit: the usage rows of both hosts and of the intra-host nodes of both leaves and the hold rows
    /// of both shards' initial hosts (sums of `Double`s: a demand taken off and added back can leave them
    /// an ulp away), and, with offer charges, both shards' places in their host lists (a shift puts a
    /// shard first). ``restoreSwap(_:_:)`` puts them back after the undo, so that a swap priced and
    /// rejected leaves the state exactly as a swap never tried.
    @inline(__always)
    func saveSwap(_ a: Int, _ b: Int) {
        var at = 0
        visitSwapRows(a, b) { buffer, row in
            for c in 0..<r.chunks {
                swapSaved.store(buffer.simd4(at: row &+ c &* 4) as SIMD4<Double>, at: at)
                at &+= 4
            }
        }
        if track.offerCharges {
            swapSaved[at] = Double(previousOnHost[a])
            swapSaved[at &+ 1] = Double(nextOnHost[a])
            swapSaved[at &+ 2] = Double(previousOnHost[b])
            swapSaved[at &+ 3] = Double(nextOnHost[b])
        }
    }

    /// Puts back what ``saveSwap(_:_:)`` saved, once the swap has been undone by two shifts back.
    @inline(__always)
    func restoreSwap(_ a: Int, _ b: Int) {
        var at = 0
        visitSwapRows(a, b) { buffer, row in
            for c in 0..<r.chunks {
                buffer.store(swapSaved.simd4(at: at) as SIMD4<Double>, at: row &+ c &* 4)
                at &+= 4
            }
        }
        if track.offerCharges {
            relink(a, previous: Int32(swapSaved[at]), next: Int32(swapSaved[at &+ 1]))
            relink(b, previous: Int32(swapSaved[at &+ 2]), next: Int32(swapSaved[at &+ 3]))
        }
    }

    /// The usage and hold rows a swap of `a` and `b` writes, in one fixed order (at most 4 + 2 × the
    /// capacity levels rows): both hosts, the intra-host nodes of both leaves, and the hold row of a
    /// shard's initial host where it is one of the two hosts and some resource is transient (otherwise
    /// the hold is left alone or changed by exactly 0).
    @inline(__always)
    private func visitSwapRows(_ a: Int, _ b: Int, _ body: (FixedBuffer<Double>, Int) -> Void) {
        let ha = Int(r.leafHost[Int(leaf[a])])
        let hb = Int(r.leafHost[Int(leaf[b])])
        for s in 0..<2 {
            let shard = s == 0 ? a : b
            let l = Int(leaf[shard])
            body(usage, Int(r.leafHost[l]) &* r.stride)
            for level in 0..<r.capacityLevels {
                let node = Int(r.leafNodes[l &* r.capacityLevels &+ level])
                if node >= 0 { body(usage, node &* r.stride) }
            }
            let h0 = Int(r.initialHost[shard])
            if r.hasTransient && h0 >= 0 && (h0 == ha || h0 == hb) { body(hold, h0 &* r.stride) }
        }
    }

    /// Moves shard `s` from the head of its host's list, where a shift back put it, to its place between
    /// `previous` and `next` (−1: none).
    private func relink(_ s: Int, previous: Int32, next: Int32) {
        let h = Int(r.leafHost[Int(leaf[s])])
        let after = nextOnHost[s]
        firstOnHost[h] = after
        if after >= 0 { previousOnHost[Int(after)] = -1 }
        previousOnHost[s] = previous
        nextOnHost[s] = next
        if previous >= 0 { nextOnHost[Int(previous)] = Int32(s) } else { firstOnHost[h] = Int32(s) }
        if next >= 0 { previousOnHost[Int(next)] = Int32(s) }
    }

    /// Exchanges the leaves of shards `a` and `b`; returns the delta.
    @discardableResult
    public mutating func swap(_ a: Int, _ b: Int) -> CostTerms {
        let la = Int(leaf[a])
        let lb = Int(leaf[b])
        guard la != lb, la >= 0, lb >= 0 else { return CostTerms() }
        return shift(a, to: lb) + shift(b, to: la)
    }
}
