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
        let start = offsets[i]
        let count = offsets[i + 1] - start
        guard count > 0 else { return }
        values.withUnsafeBufferPointer { all in
            let source = all.baseAddress! + start
            for k in 0..<count { out[k] = Double(source[k]) }
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
