/// Many series in one flat array (structure of arrays): series `i` is
/// `values[offsets[i] ..< offsets[i + 1]]`, oldest sample first, on a regular time grid.
///
/// `Float` storage halves the memory of large panels; the forecaster rescales every series by its mean
/// absolute value before fitting, so the loss of precision does not depend on the unit.
public struct SeriesPanel: Sendable, Hashable {
    /// Every series' samples, one after another.
    public private(set) var values: [Float]
    /// `count + 1` offsets into ``values``.
    public private(set) var offsets: [Int]

    /// An empty panel.
    public init() {
        values = []
        offsets = [0]
    }

    /// A panel of the given series.
    public init(_ series: [[Double]]) {
        self.init()
        values.reserveCapacity(series.reduce(0) { $0 + $1.count })
        for s in series { append(s.map { Float($0) }) }
    }

    /// The number of series.
    public var count: Int { offsets.count - 1 }

    /// Appends one series.
    public mutating func append(_ samples: some Collection<Float>) {
        values.append(contentsOf: samples)
        offsets.append(values.count)
    }

    /// Reserves room for `samples` values in all.
    public mutating func reserveCapacity(samples: Int, series: Int) {
        values.reserveCapacity(samples)
        offsets.reserveCapacity(series + 1)
    }

    /// The samples of series `i`.
    public subscript(_ i: Int) -> ArraySlice<Float> { values[offsets[i]..<offsets[i + 1]] }
}
