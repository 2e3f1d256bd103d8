/// The incremental state of one placement: usage per capacity node, transient holds per host, shard
/// counts per (group, domain), moved shards per group, and the current value of every term. It prices
/// a shift or a swap without allocating (``shiftDelta(_:to:)``, ``swapDelta(_:_:)``) and applies it in
/// the same time.
///
/// Terms whose weight is 0 are not tracked (they read 0 here; ``CostModel/evaluate(_:)`` always
/// computes everything). A state owns its memory and is not copyable; one solver chain owns one.
public struct CostState: ~Copyable {
    /// Keeps the read-only replica alive; the hot paths read it through ``r``, which costs no reference
    /// counting (a replica shared by the chains of a NUMA node is never retained or released per move).
    private let owner: ProblemReplica
    unowned(unsafe) let r: ProblemReplica
    /// Leaf per shard (-1 = not placed).
    let leaf: FixedBuffer<Int32>
    /// `nodes × stride` usage (Double, so that long runs of deltas do not drift).
    let usage: FixedBuffer<Double>
    /// `hosts × stride` demand held on a shard's initial host while it is away (transient resources).
    let hold: FixedBuffer<Double>
    /// What ``saveSwap(_:_:)`` saves: the rows a swap writes and two shards' list links.
    let swapSaved: FixedBuffer<Double>
    let counts: DomainCounts
    /// Distinct domains holding a shard, per slot.
    let distinct: FixedBuffer<Int32>
    let groupMoved: FixedBuffer<Int32>
    /// How many groups have k moved shards, for k in 0...max group size.
    let movedHistogram: FixedBuffer<Int32>
    var maxMoved: Int32 = 0
    /// Placed shards per host and used hosts per offer (kept only when offer charges are tracked).
    let hostShards: FixedBuffer<Int32>
    let offerUsed: FixedBuffer<Int32>
    /// The shards of each host as doubly linked lists (first shard per host, next and previous per shard,
    /// -1 ends), kept with ``hostShards`` so that a solver can empty a host.
    let firstOnHost: FixedBuffer<Int32>
    let nextOnHost: FixedBuffer<Int32>
    let previousOnHost: FixedBuffer<Int32>
    /// Which soft terms are tracked (weight ≠ 0).
    let track: Tracked
    /// The current value of every tracked term.
    public internal(set) var terms: CostTerms

    struct Tracked {
        var load, balance, imbalance, traffic, fragmentation, migration, price, hostMoves, groupMoves: Bool
        /// Egress between providers (weight ≠ 0 and some provider charges egress).
        var egress: Bool
        /// The fixed hourly charge of used offer hosts (price weight ≠ 0 and the problem has offers).
        var offerCharges: Bool
        var hostTerms: Bool { load || balance || imbalance || fragmentation || price }

        /// The terms a state of `p` tracks.
        init(_ p: Problem) {
            let w = p.weights
            load = w.load != 0
            balance = w.balance != 0 && !p.balanceResource.isEmpty
            imbalance = w.imbalance != 0
            traffic = w.traffic != 0
            fragmentation = w.fragmentation != 0
            migration = w.migration != 0 || w.bytes != 0
            price = w.price != 0
            hostMoves = w.hostMoves != 0 && !p.hostMoveCost.isEmpty
            groupMoves = w.groupMoves != 0
            egress = w.egress != 0 && p.egressScale > 0 && p.hostEgress.contains { $0 > 0 }
            offerCharges = w.price != 0 && !p.offerIDs.isEmpty
        }
    }

    /// Builds the state of `placement` (its terms equal a full evaluation's, up to rounding).
    public init(model: CostModel, placement: Placement) {
        self.init(replica: ProblemReplica(model.problem), problem: model.problem, placement: placement)
    }

    init(replica: ProblemReplica, problem p: Problem, placement: Placement) {
        precondition(placement.leaves.count == p.shardCount)
        owner = replica
        r = replica
        track = Tracked(p)
        hostShards = FixedBuffer(repeating: 0, count: track.offerCharges ? p.hostCount : 0)
        offerUsed = FixedBuffer(repeating: 0, count: track.offerCharges ? p.offerIDs.count : 0)
        firstOnHost = FixedBuffer(repeating: -1, count: track.offerCharges ? p.hostCount : 0)
        nextOnHost = FixedBuffer(repeating: -1, count: track.offerCharges ? p.shardCount : 0)
        previousOnHost = FixedBuffer(repeating: -1, count: track.offerCharges ? p.shardCount : 0)
        leaf = FixedBuffer(repeating: -1, count: p.shardCount)
        usage = FixedBuffer(repeating: 0, count: p.nodeCount * p.stride)
        hold = FixedBuffer(repeating: 0, count: p.hostCount * p.stride)
        swapSaved = FixedBuffer(repeating: 0, count: (4 + 2 * p.capacityLevels) * p.stride + 4)
        var slotMembers = 0
        for slot in 0..<p.slotGroup.count {
            let g = Int(p.slotGroup[slot])
            slotMembers += Int(p.groupMemberStart[g + 1] - p.groupMemberStart[g])
        }
        counts = DomainCounts(maximumEntries: slotMembers)
        distinct = FixedBuffer(repeating: 0, count: max(1, p.slotGroup.count))
        groupMoved = FixedBuffer(repeating: 0, count: max(1, p.groupCount))
        var largest = 0
        for g in 0..<p.groupCount { largest = max(largest, Int(p.groupMemberStart[g + 1] - p.groupMemberStart[g])) }
        movedHistogram = FixedBuffer(repeating: 0, count: largest + 2)
        movedHistogram[0] = Int32(p.groupCount)
        terms = CostTerms()
        // Start empty (every term 0 except the unplaced count, and host terms of empty hosts), then
        // insert every placed shard through the same delta code the solvers use.
        terms.unplaced = Double(p.shardCount)
        terms += emptyHostTerms()
        for slot in 0..<p.slotGroup.count where p.slotSpreadMin[slot] > 0 {
            terms.spread += Double(p.slotSpreadMin[slot])
        }
        for s in 0..<p.shardCount where placement.leaves[s] >= 0 {
            let delta = shiftDelta(s, to: Int(placement.leaves[s]))
            applyShift(s, to: Int(placement.leaves[s]), delta: delta)
        }
    }

    deinit {
        swapSaved.free()
        leaf.free()
        usage.free()
        hold.free()
        counts.free()
        distinct.free()
        groupMoved.free()
        movedHistogram.free()
        hostShards.free()
        offerUsed.free()
        firstOnHost.free()
        nextOnHost.free()
        previousOnHost.free()
    }

    /// The leaf of a shard (-1 when not placed).
    public func leaf(of shard: Int) -> Int { Int(leaf[shard]) }

    /// The current placement.
    public var placement: Placement { Placement(leaves: leaf.array) }

    /// Terms of the hosts while empty (fragmentation and balance are not 0 on an empty host).
    private func emptyHostTerms() -> CostTerms {
        var t = CostTerms()
        for h in 0..<r.hostCount { t += hostTerms(h, usageSign: 0, holdSign: 0, shard: 0) }
        return t
    }
}
