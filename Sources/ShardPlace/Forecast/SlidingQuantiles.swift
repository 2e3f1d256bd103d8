/// Many sliding windows of the latest values (structure of arrays), each kept sorted as values arrive, so
/// that a quantile of a window is a read, and a new value costs a binary search and a shift by its change
/// of rank (O(window) at worst). Non-finite values are ignored.
struct SlidingQuantiles: Sendable {
    /// Values per window.
    let capacity: Int
    /// Per window, its values in arrival order (a ring), `windows × capacity`.
    private var ring: [Float]
    /// Per window, the same values sorted ascending, `windows × capacity`.
    private var sorted: [Float]
    /// Per window, how many values it holds (≤ capacity).
    private var counts: [Int32]
    /// Per window, the ring slot of its oldest value once full.
    private var heads: [Int32]

    /// `windows` empty windows of `capacity` values each.
    init(windows: Int, capacity: Int) {
        precondition(windows >= 0 && capacity >= 1)
        self.capacity = capacity
        ring = [Float](repeating: 0, count: windows * capacity)
        sorted = ring
        counts = [Int32](repeating: 0, count: windows)
        heads = counts
    }

    /// Values window `w` holds.
    func count(_ w: Int) -> Int { Int(counts[w]) }

    /// Adds `value` to window `w`, dropping its oldest value when full.
    ///
    /// - Complexity: O(log capacity) comparisons and one move of the values between the old and the new
    ///   value's ranks.
    mutating func push(_ w: Int, _ value: Float) {
        guard value.isFinite else { return }
        let base = w * capacity
        let c = Int(counts[w])
        let old: Float?
        if c < capacity {
            ring[base + c] = value
            counts[w] += 1
            old = nil
        } else {
            let head = Int(heads[w])
            old = ring[base + head]
            ring[base + head] = value
            heads[w] = Int32(head + 1 == capacity ? 0 : head + 1)
        }
        sorted.withUnsafeMutableBufferPointer { buffer in
            let p = buffer.baseAddress! + base
            guard let old else {
                // Not full: insert before the first larger value.
                let j = Self.firstIndex(p, 0, c) { $0 > value }
                (p + j + 1).update(from: p + j, count: c - j)
                p[j] = value
                return
            }
            // Full: the old value's slot (any equal one), then the values between it and the new value's
            // rank move by one towards it.
            let i = Self.firstIndex(p, 0, c) { $0 >= old }
            if value > old {
                let j = Self.firstIndex(p, i + 1, c) { $0 >= value }
                (p + i).update(from: p + i + 1, count: j - 1 - i)
                p[j - 1] = value
            } else {
                let j = Self.firstIndex(p, 0, i) { $0 > value }
                (p + j + 1).update(from: p + j, count: i - j)
                p[j] = value
            }
        }
    }

    /// The first index in `lo ..< hi` of sorted values where `predicate` holds (it holds from some index
    /// on), or `hi`.
    @inline(__always)
    private static func firstIndex(
        _ p: UnsafeMutablePointer<Float>, _ lo: Int, _ hi: Int, _ predicate: (Float) -> Bool
    ) -> Int {
        var lo = lo
        var hi = hi
        while lo < hi {
            let mid = (lo + hi) / 2
            if predicate(p[mid]) { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// The `q`-quantile of window `w` (linear interpolation between order statistics, Hyndman & Fan type
    /// 7, as ``Quantile/interpolated(_:count:_:)``); the window must hold a value.
    func quantile(_ w: Int, _ q: Double) -> Float {
        let c = Int(counts[w])
        precondition(c > 0, "an empty window has no quantile")
        let rank = q * Double(c - 1)
        let lower = Int(rank.rounded(.down))
        let low = sorted[w * capacity + lower]
        guard lower + 1 < c else { return low }
        return low + Float(rank - Double(lower)) * (sorted[w * capacity + lower + 1] - low)
    }
}
