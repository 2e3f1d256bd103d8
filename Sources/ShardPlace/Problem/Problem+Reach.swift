extension Problem {
    /// The hosts the search proposes for each shard (CSR, with `restricted` false for "every host"): its
    /// eligible hosts less those it can never occupy without breaking a hard capacity, whatever else
    /// moves — its demand above the host's capacity, or, in a transient resource, above the room the
    /// host's starting shards leave (they count there to the end, whether they stay or move: the host's
    /// transient usage never falls below theirs). The shard's starting host is always kept. The
    /// evaluator does not use these lists: a placement outside them is priced by its capacity
    /// violations, as before.
    ///
    /// On the ROADEF/EURO 2012 instances whose transient resources bind (a2_2, a2_3) this removes about
    /// three quarters of the (process, machine) pairs, which the search would otherwise propose and
    /// reject. A shard keeps the list only when it removes at least a quarter of its hosts, and the
    /// lists stop growing at `entryLimit` entries (memory on the largest instances).
    static func reach(
        shardCount: Int, hostCount: Int, resources d: Int, stride: Int, demand: [Double],
        hostCapacity: [Double], transient: [Bool], initialHost: [Int32], eligibleStart: [Int32],
        eligibleHosts: [Int32], restricted: [Bool], entryLimit: Int = 16_000_000
    ) -> (start: [Int32], hosts: [Int32], restricted: [Bool]) {
        // Room per host and resource: capacity, less the starting shards' demand in transient resources.
        var room = hostCapacity
        for s in 0..<shardCount where initialHost[s] >= 0 {
            let h = Int(initialHost[s])
            for r in 0..<d where transient[r] { room[h * stride + r] -= demand[s * stride + r] }
        }
        // Each resource's hosts by ascending room: the hosts too small for a demand in that resource are a
        // prefix (found by binary search), so a shard's lost hosts are marked without a scan of them all.
        let byRoom = (0..<d).map { r in (0..<hostCount).sorted { room[$0 * stride + r] < room[$1 * stride + r] } }
        let sortedRoom = (0..<d).map { r in byRoom[r].map { room[$0 * stride + r] } }
        func tooSmall(_ r: Int, _ demand: Double) -> Int {
            let rooms = sortedRoom[r]
            var low = 0
            var high = rooms.count
            while low < high {
                let mid = (low + high) / 2
                if fits(demand, rooms[mid]) { high = mid } else { low = mid + 1 }
            }
            return low
        }
        var start: [Int32] = [0]
        start.reserveCapacity(shardCount + 1)
        var hosts: [Int32] = []
        var isRestricted = [Bool](repeating: false, count: shardCount)
        var kept: [Int32] = []
        var lostMark = [Int32](repeating: -1, count: hostCount)
        var prefix = [Int](repeating: 0, count: d)
        for s in 0..<shardCount {
            kept.removeAll(keepingCapacity: true)
            let home = Int(initialHost[s])
            let base = s * stride
            var candidates = hostCount
            if restricted[s] {
                candidates = Int(eligibleStart[s + 1] - eligibleStart[s])
                for i in Int(eligibleStart[s])..<Int(eligibleStart[s + 1]) {
                    let h = Int(eligibleHosts[i])
                    var fitsHere = true
                    if h != home {
                        for r in 0..<d where !fits(demand[base + r], room[h * stride + r]) { fitsHere = false }
                    }
                    if fitsHere { kept.append(Int32(h)) }
                }
            } else {
                // At most this many hosts are lost (at least the largest prefix): fewer than a quarter is not
                // worth a list, and neither is one past the entry limit.
                var lost = 0
                var leastLost = 0
                for r in 0..<d {
                    prefix[r] = tooSmall(r, demand[base + r])
                    lost += prefix[r]
                    leastLost = Swift.max(leastLost, prefix[r])
                }
                if lost * 4 < hostCount || hosts.count + (hostCount - leastLost) > entryLimit {
                    start.append(Int32(hosts.count))
                    continue
                }
                for r in 0..<d {
                    for i in 0..<prefix[r] where byRoom[r][i] != home {
                        lostMark[byRoom[r][i]] = Int32(s)
                    }
                }
                for h in 0..<hostCount where lostMark[h] != Int32(s) { kept.append(Int32(h)) }
            }
            let worth = restricted[s] || kept.count * 4 <= candidates * 3
            if worth && !kept.isEmpty && hosts.count + kept.count <= entryLimit {
                isRestricted[s] = true
                hosts.append(contentsOf: kept)
            } else if restricted[s] {
                // Over the limit (or nowhere left): the eligible list as it is.
                isRestricted[s] = true
                hosts.append(contentsOf: eligibleHosts[Int(eligibleStart[s])..<Int(eligibleStart[s + 1])])
            }
            start.append(Int32(hosts.count))
        }
        return (start, hosts, isRestricted)
    }

    /// Whether a demand fits in a room (with the evaluator's relative tolerance).
    @inline(__always)
    private static func fits(_ demand: Double, _ room: Double) -> Bool {
        demand <= room * (1 + 1e-12) + 1e-9
    }
}
