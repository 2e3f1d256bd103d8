/// Where the forecaster reads series from, one at a time (outside the hot loops).
protocol SeriesSource: Sendable {
    var count: Int { get }
    func length(_ i: Int) -> Int
    /// Writes the samples of series `i` to `out[0 ..< length(i)]`.
    func load(_ i: Int, into out: UnsafeMutablePointer<Double>)
}

extension SeriesPanel: SeriesSource {
    func length(_ i: Int) -> Int { offsets[i + 1] - offsets[i] }

    func load(_ i: Int, into out: UnsafeMutablePointer<Double>) {
        var k = 0
        for v in self[i] {
            out[k] = Double(v)
            k += 1
        }
    }
}

/// Series given as arrays of `Double`.
struct ArraySeries: SeriesSource {
    var series: [[Double]]
    var count: Int { series.count }
    func length(_ i: Int) -> Int { series[i].count }

    func load(_ i: Int, into out: UnsafeMutablePointer<Double>) {
        for (k, v) in series[i].enumerated() { out[k] = v }
    }
}
