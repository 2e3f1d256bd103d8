/// Shard counts per (slot, domain) pair: an open-addressing hash table with linear probing and
/// backward-shift deletion, so that entries whose count falls to 0 are removed and the table never
/// fills up. Fixed capacity (a power of two at least twice the most entries that can be live), no
/// allocation after `init`. Owned by ``CostState``, which frees it.
struct DomainCounts {
    private static let empty = UInt64.max
    private let keys: FixedBuffer<UInt64>
    private let values: FixedBuffer<Int32>
    private let mask: Int
    /// 64 − log2(capacity): the home slot is the top bits of a Fibonacci hash (the low bits of the
    /// product depend on the domain alone, which would pile every slot of a domain onto a few homes).
    private let shift: UInt64

    /// - Parameter maximumEntries: the most (slot, domain) pairs with a non-zero count at once.
    init(maximumEntries: Int) {
        var capacity = 16
        while capacity < 2 * maximumEntries + 16 { capacity <<= 1 }
        keys = FixedBuffer(repeating: Self.empty, count: capacity)
        values = FixedBuffer(repeating: 0, count: capacity)
        mask = capacity - 1
        shift = UInt64(64 - capacity.trailingZeroBitCount)
    }

    @inline(__always)
    private static func key(_ slot: Int32, _ domain: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: slot)) << 32 | UInt64(UInt32(bitPattern: domain))
    }

    @inline(__always)
    private func home(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift) }

    /// The count of a pair (0 when absent).
    @inline(__always)
    func count(_ slot: Int32, _ domain: Int32) -> Int32 {
        let k = Self.key(slot, domain)
        var i = home(k)
        while true {
            let stored = keys[i]
            if stored == k { return values[i] }
            if stored == Self.empty { return 0 }
            i = (i + 1) & mask
        }
    }

    /// Hints the cache to fetch the home entry of a pair (its count is read soon).
    @inline(__always)
    func prefetch(_ slot: Int32, _ domain: Int32) {
        let i = home(Self.key(slot, domain))
        keys.prefetch(i)
        values.prefetch(i)
    }

    /// Adds `delta` to a pair's count; removes the pair when the count reaches 0. Returns the new count.
    @discardableResult
    func add(_ slot: Int32, _ domain: Int32, _ delta: Int32) -> Int32 {
        let k = Self.key(slot, domain)
        var i = home(k)
        while true {
            let stored = keys[i]
            if stored == k {
                let updated = values[i] + delta
                precondition(updated >= 0, "domain count below zero")
                if updated == 0 { remove(at: i) } else { values[i] = updated }
                return updated
            }
            if stored == Self.empty {
                precondition(delta > 0, "domain count below zero")
                keys[i] = k
                values[i] = delta
                return delta
            }
            i = (i + 1) & mask
        }
    }

    /// Backward-shift deletion: later entries of the probe run move up so no tombstone is needed.
    private func remove(at index: Int) {
        var hole = index
        var i = (index + 1) & mask
        while keys[i] != Self.empty {
            let h = home(keys[i])
            // Move entry i into the hole if its home is not cyclically within (hole, i].
            let distanceToI = (i - h) & mask
            let distanceToHole = (hole - h) & mask
            if distanceToHole < distanceToI {
                keys[hole] = keys[i]
                values[hole] = values[i]
                hole = i
            }
            i = (i + 1) & mask
        }
        keys[hole] = Self.empty
        values[hole] = 0
    }

    /// Number of live pairs (for tests).
    var liveCount: Int {
        var n = 0
        for i in 0...mask where keys[i] != Self.empty { n += 1 }
        return n
    }

    func free() {
        keys.free()
        values.free()
    }
}
