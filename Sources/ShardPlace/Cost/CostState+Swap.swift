/// Pricing a swap without applying either half.
///
/// A swap of shards `a` and `b` is priced as two shifts: `a` to `b`'s leaf, then `b` to `a`'s old leaf
/// in the state the first shift leaves. Applying the first shift to price the second, and undoing both
/// when the swap is rejected (most are), costs four applications on top of the two prices. Where the
/// first shift changes nothing the second reads but the two hosts' rows, the traffic peer `a` and the
/// group-move counts, the second is priced from the stored state read through ``AfterShift``, which
/// adds the first shift's change to what it reads, with the same floating-point operations the
/// application would have done: the price is the same, bit for bit (tested against the applied one).
extension CostState {
    /// Whether ``swapSecondHalf(_:_:)`` prices the swap of placed shards `a` and `b` (on different
    /// leaves): the two on different hosts, no intra-host capacity nodes, no offer charges or egress
    /// (which read host shard counts and providers of peers), and the two groups' constraint counts
    /// independent (different groups, not both in a dependency).
    @inline(__always)
    func pricesSwapInPlace(_ a: Int, _ b: Int) -> Bool {
        guard r.capacityLevels == 0, !track.offerCharges, !track.egress else { return false }
        if r.leafHost[Int(leaf[a])] == r.leafHost[Int(leaf[b])] { return false }
        let ga = Int(r.shardGroup[a])
        let gb = Int(r.shardGroup[b])
        return ga < 0 || gb < 0 || (ga != gb && !(r.groupLinked[ga] && r.groupLinked[gb]))
    }

    /// What ``shiftDelta(_:to:)`` returns for `b` to `a`'s leaf once `a` has been shifted to `b`'s leaf,
    /// without shifting it (``pricesSwapInPlace(_:_:)`` must hold). The swap's change is
    /// `shiftDelta(a, to: leaf(of: b)) + swapSecondHalf(a, b)`.
    @inline(__always)
    func swapSecondHalf(_ a: Int, _ b: Int) -> CostTerms {
        let la = Int(leaf[a])
        let lb = Int(leaf[b])
        var t = CostTerms()
        addShiftDelta(b, to: la, departure: nil, arrival: nil, view: AfterShift(self, a, to: lb), into: &t)
        return t
    }
}

/// How a host delta reads a host's usage and hold rows.
protocol HostRows {
    /// Lanes `o..<o+4` of the usage row, `stored` as the state holds them.
    func usage(_ stored: SIMD4<Double>, lane o: Int) -> SIMD4<Double>
    /// Resource `i` of the usage row, `stored` as the state holds it.
    func usage(_ stored: Double, resource i: Int) -> Double
    /// Lanes `o..<o+4` of the transient hold row, `stored` as the state holds them.
    func hold(_ stored: SIMD4<Double>, lane o: Int) -> SIMD4<Double>
}

/// How a shift's delta reads the state beyond its own shard: host rows, traffic peers' leaves and the
/// group-move counts.
protocol ShiftView {
    associatedtype Rows: HostRows
    /// How host `h`'s rows read.
    func rows(ofHost h: Int) -> Rows
    /// The leaf of shard `j` (a traffic peer), `stored` as the state holds it.
    func leaf(of j: Int, stored: Int) -> Int
    /// The largest number of moved shards of a group, `stored` as the state holds it.
    func maxMoved(_ stored: Int32) -> Int32
    /// How many groups have `moved` shards moved, `stored` as the state holds it.
    func groups(_ stored: Int32, moved: Int32) -> Int32
}

/// The state as stored: every read as it is.
struct StoredView: ShiftView, HostRows {
    @inline(__always) func rows(ofHost h: Int) -> StoredView { self }
    @inline(__always) func leaf(of j: Int, stored: Int) -> Int { stored }
    @inline(__always) func maxMoved(_ stored: Int32) -> Int32 { stored }
    @inline(__always) func groups(_ stored: Int32, moved: Int32) -> Int32 { stored }
    @inline(__always) func usage(_ stored: SIMD4<Double>, lane o: Int) -> SIMD4<Double> { stored }
    @inline(__always) func usage(_ stored: Double, resource i: Int) -> Double { stored }
    @inline(__always) func hold(_ stored: SIMD4<Double>, lane o: Int) -> SIMD4<Double> { stored }
}

/// The state as a shift of placed shard `a` to leaf `to` on another host would leave it, for the reads
/// a shift of a shard on one of those two hosts makes (``CostState/pricesSwapInPlace(_:_:)``): the two
/// hosts' usage and hold rows, `a`'s leaf, and the group-move counts.
struct AfterShift: ShiftView {
    let shard: Int
    let target: Int
    let from: Int
    let to: Int
    /// How the hold of `from` and `to` changes (`+1`: `a` leaves its initial host, which now holds its
    /// transient demand; `-1`: it returns there).
    let holdFrom: Double
    let holdTo: Double
    let demand: FixedBuffer<Double>
    let demandRow: Int
    let mask: FixedBuffer<Double>
    /// `a`'s group's moved count before and after (equal when it does not change), and the largest
    /// moved count after.
    let movedBefore: Int32
    let movedAfter: Int32
    let mostMoved: Int32

    @inline(__always)
    init(_ state: borrowing CostState, _ a: Int, to target: Int) {
        let r = state.r
        shard = a
        self.target = target
        from = Int(r.leafHost[Int(state.leaf[a])])
        to = Int(r.leafHost[target])
        let h0 = Int(r.initialHost[a])
        holdFrom = from == h0 ? 1 : 0
        holdTo = to == h0 ? -1 : 0
        demand = r.demand
        demandRow = a &* r.stride
        mask = r.transientMask
        let g = Int(r.shardGroup[a])
        let wasMoved = h0 >= 0 && from != h0
        let isMoved = h0 >= 0 && to != h0
        var before: Int32 = 0
        var after: Int32 = 0
        var most = state.maxMoved
        if g >= 0 && wasMoved != isMoved {
            // As `applyShift` updates them.
            before = state.groupMoved[g]
            after = before + (isMoved ? 1 : -1)
            if after > most {
                most = after
            } else if before == most && state.movedHistogram[Int(before)] == 1 {
                most = before - 1
            }
        }
        movedBefore = before
        movedAfter = after
        mostMoved = most
    }

    /// The rows of one host: its usage plus `sign` × `a`'s demand, its hold plus `holdSign` × `a`'s
    /// transient demand (the operations `applyShift` does).
    struct Rows: HostRows {
        let demand: FixedBuffer<Double>
        let demandRow: Int
        let mask: FixedBuffer<Double>
        let sign: Double
        let holdSign: Double

        @inline(__always)
        func usage(_ stored: SIMD4<Double>, lane o: Int) -> SIMD4<Double> {
            stored + sign * (demand.simd4(at: demandRow &+ o) as SIMD4<Double>)
        }

        @inline(__always)
        func usage(_ stored: Double, resource i: Int) -> Double { stored + sign * demand[demandRow &+ i] }

        @inline(__always)
        func hold(_ stored: SIMD4<Double>, lane o: Int) -> SIMD4<Double> {
            if holdSign == 0 { return stored }
            return stored
                + holdSign
                * ((mask.simd4(at: o) as SIMD4<Double>) * (demand.simd4(at: demandRow &+ o) as SIMD4<Double>))
        }
    }

    @inline(__always)
    func rows(ofHost h: Int) -> Rows {
        let sign: Double = h == from ? -1 : h == to ? 1 : 0
        let holdSign = h == from ? holdFrom : h == to ? holdTo : 0
        return Rows(demand: demand, demandRow: demandRow, mask: mask, sign: sign, holdSign: holdSign)
    }

    @inline(__always) func leaf(of j: Int, stored: Int) -> Int { j == shard ? target : stored }
    @inline(__always) func maxMoved(_ stored: Int32) -> Int32 { mostMoved }

    @inline(__always)
    func groups(_ stored: Int32, moved: Int32) -> Int32 {
        guard movedBefore != movedAfter else { return stored }
        return stored - (moved == movedBefore ? 1 : 0) + (moved == movedAfter ? 1 : 0)
    }
}
