/// Lookups in the replica's arrays that the delta code and the solvers share. They are methods of the
/// state, not of ``ProblemReplica``, because calling a method on the state's `unowned(unsafe)` replica
/// reference retains and releases it; reading its fields does not.
extension CostState {
    /// Distance between two leaves: one 8-lane compare of their ancestor ids.
    @inline(__always)
    func distance(_ a: Int, _ b: Int) -> Float {
        let x: SIMD8<Int32> = r.leafAncestors.simd4(at: a &* 8)
        let y: SIMD8<Int32> = r.leafAncestors.simd4(at: b &* 8)
        let equal = SIMD8<Int32>(repeating: 0).replacing(with: 1, where: x .== y).wrappedSum()
        return r.distanceCosts[Int(r.leafCostRow[a]) &* 9 &+ Int(equal)]
    }

    /// ``distance(_:_:)`` plus the catalog latency between the leaves' provider regions (only when
    /// ``hasLatency``).
    @inline(__always)
    func distanceWithLatency(_ a: Int, _ b: Int) -> Float {
        distance(a, b) + r.localeLatency[Int(r.leafLocale[a]) &* r.localeCount &+ Int(r.leafLocale[b])]
    }

    /// The hourly charge of the `k`-th used host (from 1) of offer `o`: reduced within the plan, full
    /// beyond it.
    @inline(__always)
    func offerCharge(_ o: Int, _ k: Int32) -> Double {
        k <= r.offerPlanned[o] ? r.offerReducedCharge[o] : r.offerFullCharge[o]
    }

    /// Whether a host is eligible for a shard (binary search in its sorted list).
    @inline(__always)
    func isEligible(_ shard: Int, _ host: Int32) -> Bool {
        if !r.restricted[shard] { return true }
        var low = Int(r.eligibleStart[shard])
        var high = Int(r.eligibleStart[shard &+ 1])
        while low < high {
            let mid = (low &+ high) >> 1
            if r.eligibleHosts[mid] < host { low = mid &+ 1 } else { high = mid }
        }
        return low < Int(r.eligibleStart[shard &+ 1]) && r.eligibleHosts[low] == host
    }
}
