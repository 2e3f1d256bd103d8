/// What a scan of hosts needs besides the state (``CostState/scanShifts(_:weights:lambda:into:)``): the
/// hosts' static rows transposed (one row per resource, hosts side by side, so that four hosts are priced
/// in one vector), the hosts' partitions into domains (one per constraint key and per distance lane,
/// identical ones merged), and per partition a table that a scan fills at the few domains where a
/// shard's group or traffic peers sit. Built once per problem; one per chain (the tables are scratch).
///
/// A scan prices the shift of one shard to every host in one pass: the terms that do not depend on the
/// target host once, each host's own terms (capacity, transient, load, imbalance, price, fragmentation,
/// balance, host-move charge) four hosts at a time, and the group and traffic terms as a table lookup
/// per partition: a group's constraint counts and a shard's traffic peers are in a few domains; every
/// other domain costs the same.
///
/// The traffic term is read as a sum over distance lanes: with nested lanes (each lane's domains inside
/// the one before), the distance of two leaves sharing their first `e` lanes is
/// `row[0] + Σ_{ℓ<e} (row[ℓ+1] − row[ℓ])`, so a peer adds its volume × the step of every lane it shares
/// with the target host.
public final class ShiftScan: @unchecked Sendable {
    let hostCount: Int
    /// `hostCount` rounded up to a multiple of 4; rows are this long (pads repeat the last host).
    let paddedHosts: Int
    let resourceCount: Int
    /// Why the problem cannot be scanned (`nil` when it can).
    public let unsupportedReason: String?

    // Transposed host rows: element `resource × paddedHosts + host`.
    let capacity: FixedBuffer<Double>
    let safety: FixedBuffer<Double>
    let inverseCapacity: FixedBuffer<Double>
    let price: FixedBuffer<Double>
    /// Per resource (the weights per resource are read from the state's replica: a descent reweights
    /// them).
    let transient: FixedBuffer<Bool>

    /// Host partitions: class per host (element `partition × paddedHosts + host`, classes dense from 0 in
    /// order of first host), where each partition's table starts, and whether it is the identity (one host
    /// per class: its table is added host by host, not looked up).
    let partitionCount: Int
    let classOf: FixedBuffer<Int32>
    let tableStart: FixedBuffer<Int32>
    let identity: FixedBuffer<Bool>
    /// Per constraint key: its partition, and the class of each domain (`domain + 1`: -1 first), -1 for
    /// a domain without hosts.
    let keyPartition: FixedBuffer<Int32>
    let keyClassStart: FixedBuffer<Int32>
    let keyClass: FixedBuffer<Int32>
    /// Distance lanes that tell hosts apart, merged by partition: partition and step of each.
    let laneCount: Int
    let lanePartition: FixedBuffer<Int32>
    let laneStep: FixedBuffer<Double>
    /// The distance every host pair has at least: `row[0]` plus the steps of lanes all hosts share.
    let trafficBase: Double

    // Scratch of a scan.
    let table: FixedBuffer<Double>
    /// Whether a table entry is on the `touched` list.
    let noted: FixedBuffer<Bool>
    /// The last `token` (one per slot priced) that listed a table entry's domain, so that a domain
    /// holding several shards is priced once per slot.
    let stamp: FixedBuffer<Int32>
    var token: Int32 = 0
    let touched: FixedBuffer<Int32>
    var touchedCount = 0
    let active: FixedBuffer<Bool>
    let activeList: FixedBuffer<Int32>
    var activeCount = 0
    /// Usage of the four hosts of a block, per resource.
    let block: FixedBuffer<Double>
    /// The scan's result: the penalised change of the objective per host (0 at the shard's own host).
    let out: FixedBuffer<Double>

    /// The last scan's value at host `h`: the penalised change of the objective if the shard moved there.
    public func value(atHost h: Int) -> Double { out[h] }

    /// - Parameter problem: the problem the states scanned with it were built for.
    public init(_ problem: Problem) {
        let p = problem
        let hosts = p.hostCount
        hostCount = hosts
        paddedHosts = Swift.max(4, (hosts + 3) & ~3)
        resourceCount = p.resourceCount
        let padded = paddedHosts
        func transposed(_ row: (Int, Int) -> Double) -> FixedBuffer<Double> {
            var values = [Double](repeating: 0, count: p.resourceCount * padded)
            for r in 0..<p.resourceCount {
                for h in 0..<padded { values[r * padded + h] = hosts > 0 ? row(Swift.min(h, hosts - 1), r) : 0 }
            }
            return FixedBuffer(values)
        }
        capacity = transposed { h, r in p.capacity[h * p.stride + r] }
        safety = transposed { h, r in p.safety[h * p.stride + r] }
        inverseCapacity = transposed { h, r in p.inverseCapacity[h * p.stride + r] }
        price = transposed { h, r in p.price[h * p.stride + r] }
        transient = FixedBuffer((0..<p.resourceCount).map { p.transientMask[$0] != 0 })

        // Partitions: constraint keys, then distance lanes, each made dense and merged with an equal one.
        var partitions: [[Int32]] = []
        func partition(_ key: (Int) -> Int64) -> Int {
            var dense: [Int64: Int32] = [:]
            var classes = [Int32](repeating: 0, count: padded)
            for h in 0..<hosts {
                let k = key(h)
                if let c = dense[k] {
                    classes[h] = c
                } else {
                    classes[h] = Int32(dense.count)
                    dense[k] = Int32(dense.count)
                }
            }
            if let same = partitions.firstIndex(of: classes) { return same }
            partitions.append(classes)
            return partitions.count - 1
        }
        let keys = p.domainKeys.count
        var keyPartition = [Int32](repeating: 0, count: keys)
        var keyClassStart: [Int32] = [0]
        var keyClass: [Int32] = []
        for k in 0..<keys {
            keyPartition[k] = Int32(partition { Int64(p.hostDomain[k * hosts + $0]) })
            var classes = [Int32](repeating: -1, count: Int(p.domainCount[k]) + 1)
            for h in 0..<hosts {
                classes[Int(p.hostDomain[k * hosts + h]) + 1] = partitions[Int(keyPartition[k])][h]
            }
            keyClass += classes
            keyClassStart.append(Int32(keyClass.count))
        }
        var reason: String? = nil
        if p.depth != .host || p.leafCount != hosts { reason = "leaves below hosts" }
        if p.capacityLevels > 0 { reason = "capacity nodes inside hosts" }
        if p.hasLatency { reason = "latency between provider regions" }
        if reason == nil && hosts > 0 && Set(p.leafCostRow).count > 1 { reason = "hosts with different distance rows" }
        // Lanes: a lane all hosts share adds its step to every pair; the others must nest.
        var base = 0.0
        var lanePartition: [Int32] = []
        var laneStep: [Double] = []
        if reason == nil && hosts > 0 {
            let row = Int(p.leafCostRow[0]) * 9
            base = Double(p.distanceCosts[row])
            var previous: [Int32]? = nil
            for lane in 0..<8 {
                let step = Double(p.distanceCosts[row + lane + 1]) - Double(p.distanceCosts[row + lane])
                let q = partition { Int64(p.leafAncestors[$0 * 8 + lane]) }
                let classes = partitions[q]
                if let previous {
                    // Nested: hosts of one class of this lane share their class of the lane before.
                    var parent = [Int32](repeating: -1, count: hosts)
                    for h in 0..<hosts {
                        let c = Int(classes[h])
                        if parent[c] < 0 {
                            parent[c] = previous[h]
                        } else if parent[c] != previous[h] {
                            reason = "distance lanes that do not nest"
                        }
                    }
                }
                previous = classes
                if classes.prefix(hosts).allSatisfy({ $0 == 0 }) {
                    base += step
                } else if step != 0 {
                    if let i = lanePartition.firstIndex(of: Int32(q)) {
                        laneStep[i] += step
                    } else {
                        lanePartition.append(Int32(q))
                        laneStep.append(step)
                    }
                }
            }
        }
        unsupportedReason = reason
        trafficBase = base
        laneCount = lanePartition.count
        self.lanePartition = FixedBuffer(lanePartition)
        self.laneStep = FixedBuffer(laneStep)
        self.keyPartition = FixedBuffer(keyPartition)
        self.keyClassStart = FixedBuffer(keyClassStart)
        self.keyClass = FixedBuffer(keyClass)
        partitionCount = partitions.count
        classOf = FixedBuffer(partitions.flatMap { $0 })
        var starts: [Int32] = [0]
        for classes in partitions { starts.append(starts.last! + (classes.prefix(hosts).max() ?? 0) + 1) }
        tableStart = FixedBuffer(starts)
        identity = FixedBuffer(
            partitions.map { classes in hosts > 0 && (0..<hosts).allSatisfy { classes[$0] == Int32($0) } })
        let entries = Int(starts.last!)
        table = FixedBuffer(repeating: 0, count: entries)
        noted = FixedBuffer(repeating: false, count: entries)
        stamp = FixedBuffer(repeating: -1, count: entries)
        touched = FixedBuffer(repeating: 0, count: entries)
        active = FixedBuffer(repeating: false, count: partitions.count)
        activeList = FixedBuffer(repeating: 0, count: partitions.count)
        block = FixedBuffer(repeating: 0, count: 4 * Swift.max(1, p.resourceCount))
        out = FixedBuffer(repeating: 0, count: padded)
    }

    deinit {
        capacity.free()
        safety.free()
        inverseCapacity.free()
        price.free()
        transient.free()
        classOf.free()
        tableStart.free()
        identity.free()
        keyPartition.free()
        keyClassStart.free()
        keyClass.free()
        lanePartition.free()
        laneStep.free()
        table.free()
        noted.free()
        stamp.free()
        touched.free()
        active.free()
        activeList.free()
        block.free()
        out.free()
    }

    /// Adds `value` to the table entry of class `c` of partition `p`, noting it for the reset.
    @inline(__always)
    func add(_ value: Double, partition p: Int, class c: Int) {
        let i = Int(tableStart[p]) &+ c
        if !noted[i] {
            noted[i] = true
            touched[touchedCount] = Int32(i)
            touchedCount &+= 1
        }
        table[i] = table[i] + value
        if !identity[p] && !active[p] {
            active[p] = true
            activeList[activeCount] = Int32(p)
            activeCount &+= 1
        }
    }

    /// Clears what a scan wrote into the tables.
    @inline(__always)
    func reset() {
        for k in 0..<touchedCount {
            let i = Int(touched[k])
            table[i] = 0
            noted[i] = false
        }
        touchedCount = 0
        for k in 0..<activeCount { active[Int(activeList[k])] = false }
        activeCount = 0
    }
}
