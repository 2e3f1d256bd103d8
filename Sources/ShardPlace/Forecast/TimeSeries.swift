/// One series as read from a file: an id, strictly increasing whole-second timestamps and values.
public struct TimeSeries: Sendable, Hashable {
    /// The series id.
    public var id: String
    /// Whole seconds, strictly increasing.
    public var timestamps: [Int64]
    /// One value per timestamp.
    public var values: [Double]
    /// The file line of the first sample (for messages), 0 when not read from a file.
    public var line: Int

    public init(id: String, timestamps: [Int64], values: [Double], line: Int = 0) {
        precondition(timestamps.count == values.count)
        self.id = id
        self.timestamps = timestamps
        self.values = values
        self.line = line
    }

    /// The median difference of consecutive timestamps (0 with fewer than two samples).
    public var typicalStep: Int64 {
        guard timestamps.count > 1 else { return 0 }
        var differences = (1..<timestamps.count).map { timestamps[$0] - timestamps[$0 - 1] }
        differences.sort()
        return differences[differences.count / 2]
    }

    /// The series on a regular grid of `step` seconds starting at its first timestamp — the missing-sample
    /// rule:
    /// - each sample goes to the nearest grid point (ties to the later one); samples sharing a grid point
    ///   are averaged;
    /// - an empty grid point between two filled ones is interpolated linearly;
    /// - the grid starts at the first sample and ends at the last, so there are no leading or trailing
    ///   gaps (a series that starts late is simply shorter).
    ///
    /// - Parameter step: grid spacing in seconds (> 0).
    public func regular(step: Int64) -> [Double] {
        precondition(step > 0)
        guard let first = timestamps.first, let last = timestamps.last else { return [] }
        let slots = Int((last - first + step / 2) / step) + 1
        var sums = [Double](repeating: 0, count: slots)
        var counts = [Int](repeating: 0, count: slots)
        for (t, v) in zip(timestamps, values) {
            let slot = Swift.min(slots - 1, Int((t - first + step / 2) / step))
            sums[slot] += v
            counts[slot] += 1
        }
        var out = [Double](repeating: 0, count: slots)
        var previous = -1
        for i in 0..<slots where counts[i] > 0 {
            out[i] = sums[i] / Double(counts[i])
            if previous >= 0 && i - previous > 1 {
                let a = out[previous]
                let span = Double(i - previous)
                for g in (previous + 1)..<i { out[g] = a + (out[i] - a) * Double(g - previous) / span }
            }
            previous = i
        }
        return out
    }
}
