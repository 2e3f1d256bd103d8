import Testing

@testable import ShardPlace

@Suite struct SlidingQuantilesTests {
    /// Type-7 quantile of an unsorted list, by sorting.
    private func quantile(_ values: [Float], _ q: Double) -> Float {
        let sorted = values.sorted()
        let rank = q * Double(sorted.count - 1)
        let lower = Int(rank)
        let upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + Float(rank - Double(lower)) * (sorted[upper] - sorted[lower])
    }

    @Test("every window's quantiles equal those of its latest values sorted from scratch", arguments: [1, 2, 7, 32])
    func againstSorting(_ capacity: Int) {
        var rng = SplitMix64(seed: UInt64(capacity))
        var windows = SlidingQuantiles(windows: 3, capacity: capacity)
        var latest: [[Float]] = [[], [], []]
        for step in 0..<400 {
            let w = Int(rng.next() % 3)
            // Few distinct values, so that ties (and removing one of equal values) are exercised.
            let value = Float(Int(rng.next() % 9)) - 4 + (step % 50 == 0 ? 0.5 : 0)
            windows.push(w, value)
            latest[w].append(value)
            if latest[w].count > capacity { latest[w].removeFirst() }
            #expect(windows.count(w) == latest[w].count)
            for q in [0.0, 0.1, 0.5, 0.9, 0.95, 1.0] {
                #expect(windows.quantile(w, q) == quantile(latest[w], q), "window \(w) step \(step) q \(q)")
            }
        }
    }

    @Test("non-finite values are ignored")
    func nonFinite() {
        var windows = SlidingQuantiles(windows: 1, capacity: 4)
        windows.push(0, 1)
        windows.push(0, .nan)
        windows.push(0, .infinity)
        windows.push(0, 3)
        #expect(windows.count(0) == 2)
        #expect(windows.quantile(0, 0.5) == 2)
    }
}
