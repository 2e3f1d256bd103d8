/// A cheap lower bound on the penalised change of a shift, so that the annealer can reject most of its
/// proposals without pricing them in full.
///
/// Most shifts a chain proposes land on a host that cannot take the shard: the destination's hard
/// capacity (or its capacity while transient holds are counted) overflows, and the penalty makes the
/// move hopeless at any temperature the schedule reaches. The bound prices that part exactly (one pass
/// over the destination's resource lanes) and every other part of the change by how far it could
/// possibly go down: a hard term by no more than its current total, a soft term by a per-shard allowance
/// computed once (``Problem/shiftReliefs()``). When the bound is so high that the Metropolis rule would
/// accept the move with probability below e⁻⁴⁰, the chain rejects it unpriced (``Chain``): the same
/// decision, from the same random draw, as pricing it in full.
extension CostState {
    /// A lower bound on `penalty.objective(shiftDelta(s, to: b))` for the penalty weights `lambda`, or
    /// `-infinity` where none is kept: an unplaced shard, a shift inside one host, a shift back to the
    /// shard's initial host (its transient hold shrinks there), or an imbalance allowance that needs
    /// every host within capacity while some host is not.
    ///
    /// - Complexity: O(resources), reading the destination host's usage, hold and capacity rows.
    @inline(__always)
    func shiftLowerBound(_ s: Int, to b: Int, lambda: SIMD8<Double>) -> Double {
        let a = Int(leaf[s])
        if a < 0 { return -.infinity }
        let hb = Int(r.leafHost[b])
        if Int(r.leafHost[a]) == hb || hb == Int(r.initialHost[s]) { return -.infinity }
        if r.reliefAssumesCapacity && terms.capacity > Self.feasibilityTolerance { return -.infinity }
        let row = hb &* r.stride
        let demandRow = s &* r.stride
        var capacityOver = SIMD4<Double>()
        var transientOver = SIMD4<Double>()
        for c in 0..<r.chunks {
            let o = c &* 4
            let d: SIMD4<Double> = r.demand.simd4(at: demandRow &+ o)
            let u0: SIMD4<Double> = usage.simd4(at: row &+ o)
            let u1 = u0 + d
            let cap: SIMD4<Double> = r.capacity.simd4(at: row &+ o)
            let over0 = relu(u0 - cap)
            let over1 = relu(u1 - cap)
            capacityOver += over1 - over0
            if r.hasTransient {
                let mask: SIMD4<Double> = r.transientMask.simd4(at: o)
                let held = mask * (hold.simd4(at: row &+ o) as SIMD4<Double>)
                transientOver += (relu(u1 + held - cap) - over1) - (relu(u0 + held - cap) - over0)
            }
        }
        return lambda[0] * capacityOver.sum() + lambda[1] * transientOver.sum() - hardFloor(lambda)
            - r.shiftRelief[s]
    }

    /// A lower bound on the penalised change of exchanging placed shards `a` and `b` (the sum of
    /// ``shiftDelta(_:to:)`` for `a` to `b`'s leaf and then `b` to `a`'s old leaf), or `-infinity` where
    /// none is kept: one host for both, a shard going back to its initial host, or the imbalance term
    /// tracked. Only the capacity overflow of the two hosts after the exchange is priced; every other
    /// hard term falls by at most its current total, the soft terms by the two shards' allowances.
    ///
    /// - Complexity: O(resources), reading both hosts' usage and capacity rows.
    @inline(__always)
    func swapLowerBound(_ a: Int, _ b: Int, lambda: SIMD8<Double>) -> Double {
        let la = Int(leaf[a])
        let lb = Int(leaf[b])
        if la < 0 || lb < 0 || r.reliefAssumesCapacity { return -.infinity }
        let ha = Int(r.leafHost[la])
        let hb = Int(r.leafHost[lb])
        if ha == hb || hb == Int(r.initialHost[a]) || ha == Int(r.initialHost[b]) { return -.infinity }
        let rowA = ha &* r.stride
        let rowB = hb &* r.stride
        var over = SIMD4<Double>()
        for c in 0..<r.chunks {
            let o = c &* 4
            let change =
                (r.demand.simd4(at: b &* r.stride &+ o) as SIMD4<Double>)
                - (r.demand.simd4(at: a &* r.stride &+ o) as SIMD4<Double>)
            over += relu(usage.simd4(at: rowA &+ o) as SIMD4<Double> + change - r.capacity.simd4(at: rowA &+ o))
            over += relu(usage.simd4(at: rowB &+ o) as SIMD4<Double> - change - r.capacity.simd4(at: rowB &+ o))
        }
        return lambda[0] * over.sum() - hardFloor(lambda) - r.shiftRelief[a] - r.shiftRelief[b]
    }

    /// How far the penalised hard terms can fall in any move: each by at most its current total (a total
    /// never goes below 0).
    @inline(__always)
    private func hardFloor(_ lambda: SIMD8<Double>) -> Double {
        (lambda * terms.hard.replacing(with: 0, where: terms.hard .< 0)).sum()
    }
}

extension Problem {
    /// Per shard, how far the weighted soft terms can fall in one shift of it to a host other than its
    /// current and initial ones (the allowance of ``CostState/shiftLowerBound(_:to:lambda:)``);
    /// `+infinity` for every shard when a weight is negative or not finite (no bound is kept then).
    ///
    /// Per term, with d the shard's demand and every data value as compiled:
    /// - load: Σ_r |loadWeight_r| d_r (the departure lowers usage over safety by at most d; the arrival
    ///   cannot lower it);
    /// - balance: 2 Σ_pairs |weight| (|target| d₁ + d₂) (each host's pair term moves by at most that);
    /// - imbalance: 2 Σ_r w_r d_r / C_min,r (1 + 10⁻⁵ / C_min,r), valid while every host's usage is within
    ///   its capacity up to the feasibility tolerance (the bound is not used otherwise);
    /// - traffic: Σ_edges |volume| × (largest − smallest distance, catalog latency included);
    /// - fragmentation: 2 Σ_r |w_r| (a host's stranded capacity lies between 0 and Σ_r w_r);
    /// - price: Σ_r (largest − smallest unit price) d_r, plus twice the largest offer charge;
    /// - egress: 2 × scale × Σ_edges |volume| × the largest egress price (egress prices are not negative);
    /// - migration, bytes, host moves, group moves: what the shard's own costs allow (a shift away from
    ///   the initial host never lowers a non-negative move cost).
    func shiftReliefs() -> [Double] {
        let w = weights
        let tracked = CostState.Tracked(self)
        let all = [
            w.load, w.balance, w.imbalance, w.traffic, w.fragmentation, w.migration, w.bytes, w.groupMoves,
            w.hostMoves, w.price, w.egress,
        ]
        let nonNegative = { (values: [Double]) in values.allSatisfy { $0 >= 0 && $0.isFinite } }
        guard nonNegative(all), nonNegative(loadWeight), nonNegative(resourceWeight), nonNegative(hostEgress) else {
            return [Double](repeating: .infinity, count: shardCount)
        }
        let span = { (values: [Float]) -> Double in
            values.isEmpty ? 0 : Double(values.max()!) - Swift.min(0, Double(values.min()!))
        }
        let distanceSpan = span(distanceCosts) + (hasLatency ? span(localeLatency) : 0)
        // Per resource: the largest inverse capacity and the spread of unit prices over hosts.
        var largestInverse = [Double](repeating: 0, count: stride)
        var priceSpan = [Double](repeating: 0, count: stride)
        for r in 0..<resourceCount {
            var low = Double.infinity
            var high = -Double.infinity
            for h in 0..<hostCount {
                largestInverse[r] = Swift.max(largestInverse[r], inverseCapacity[h * stride + r])
                low = Swift.min(low, price[h * stride + r])
                high = Swift.max(high, price[h * stride + r])
            }
            if hostCount > 0 { priceSpan[r] = high - low }
        }
        let largestCharge = (offerReducedCharge + offerFullCharge).map(abs).max() ?? 0
        let largestEgress = hostEgress.map(abs).max() ?? 0
        // Per initial host: the spread of its move costs to every host (and 0, the cost of not moving).
        var hostMoveSpan = [Double](repeating: 0, count: tracked.hostMoves ? hostCount : 0)
        for h in 0..<hostMoveSpan.count {
            let row = hostMoveCost[h * hostCount..<(h + 1) * hostCount]
            hostMoveSpan[h] = Swift.max(0, row.max() ?? 0) - Swift.min(0, row.min() ?? 0)
        }
        var reliefs = [Double](repeating: 0, count: shardCount)
        for s in 0..<shardCount {
            let d = demand[(s * stride)..<(s * stride + resourceCount)]
            var volume = 0.0
            for e in Int(trafficStart[s])..<Int(trafficStart[s + 1]) { volume += Double(abs(trafficVolume[e])) }
            var relief = 0.0
            if tracked.load { relief += w.load * zip(d, loadWeight).reduce(0) { $0 + $1.0 * $1.1 } }
            if tracked.balance {
                var pairs = 0.0
                for i in 0..<balanceResource.count {
                    pairs +=
                        abs(balanceWeight[i])
                        * (abs(balanceTarget[i]) * d[d.startIndex + Int(balanceResource[i])]
                            + d[d.startIndex + Int(balanceOver[i])])
                }
                relief += w.balance * 2 * pairs
            }
            if tracked.imbalance {
                var sum = 0.0
                for (r, x) in d.enumerated() {
                    let inverse = largestInverse[r]
                    sum += resourceWeight[r] * x * inverse * (1 + 1e-5 * inverse)
                }
                relief += w.imbalance * 2 * sum
            }
            if tracked.traffic { relief += w.traffic * volume * distanceSpan }
            if tracked.fragmentation { relief += w.fragmentation * 2 * resourceWeight.reduce(0, +) }
            if tracked.price {
                relief += w.price * zip(d, priceSpan).reduce(0) { $0 + $1.0 * $1.1 }
                if tracked.offerCharges { relief += w.price * 2 * largestCharge }
            }
            if tracked.egress { relief += w.egress * 2 * egressScale * volume * largestEgress }
            if tracked.migration {
                relief += w.migration * Swift.max(0, -moveCost[s]) + w.bytes * Swift.max(0, -size[s])
            }
            if tracked.hostMoves && initialHost[s] >= 0 { relief += w.hostMoves * hostMoveSpan[Int(initialHost[s])] }
            // Rounding: the allowance is rounded up a little (every value above is a sum of products).
            reliefs[s] = relief.isNaN ? .infinity : relief * (1 + 1e-9)
        }
        return reliefs
    }
}
