/// Finds a series' season length from its autocorrelation.
public enum SeasonDetector {
    /// The lag in 2…`maxLag` (at most a third of the series) whose sample autocorrelation is the highest
    /// local maximum and at least `threshold`; 1 (no season) when there is none.
    ///
    /// - Complexity: O(n × maxLag).
    public static func detect(_ y: [Double], maxLag: Int, threshold: Double = 0.3) -> Int {
        let n = y.count
        let limit = min(maxLag, n / 3)
        guard limit >= 3 else { return 1 }
        let mean = y.reduce(0, +) / Double(n)
        let centred = y.map { $0 - mean }
        let variance = centred.reduce(0) { $0 + $1 * $1 }
        guard variance > 0 else { return 1 }
        var acf = [Double](repeating: 0, count: limit + 2)
        for lag in 1...(limit + 1) where lag < n {
            var s = 0.0
            for t in lag..<n { s += centred[t] * centred[t - lag] }
            acf[lag] = s / variance
        }
        var best = 1
        var bestValue = threshold
        for lag in 2...limit where acf[lag] >= acf[lag - 1] && acf[lag] >= acf[lag + 1] && acf[lag] >= bestValue {
            // A later peak must be clearly higher to win over an earlier one (multiples of the season).
            if best == 1 || acf[lag] > bestValue + 0.05 {
                best = lag
                bestValue = acf[lag]
            }
        }
        return best
    }
}
