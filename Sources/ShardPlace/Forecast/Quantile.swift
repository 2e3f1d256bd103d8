import Foundation

/// Order statistics for prediction intervals.
enum Quantile {
    /// The `q`-quantile of `values[0 ..< count]` with linear interpolation between order statistics
    /// (Hyndman & Fan type 7, as numpy's default) in O(count); may reorder the values.
    ///
    /// Upper quantiles that need at most ``partialLimit`` of the largest values (a 95 % quantile of up to
    /// 300 values) keep those in a small sorted buffer, one predictable comparison per value; others use
    /// selection.
    static func interpolated(_ values: UnsafeMutablePointer<Float>, count: Int, _ q: Double) -> Float {
        precondition(count > 0)
        let rank = q * Double(count - 1)
        let lower = Int(rank.rounded(.down))
        let fraction = Float(rank - Double(lower))
        let top = count - lower
        if top <= partialLimit {
            return withUnsafeTemporaryAllocation(of: Float.self, capacity: partialLimit) { buffer in
                let out = buffer.baseAddress!
                largest(values, count: count, top, into: out)
                // out[top − 1] is order statistic `lower`, out[top − 2] the next one.
                let low = out[top - 1]
                if fraction == 0 || top < 2 { return low }
                return low + fraction * (out[top - 2] - low)
            }
        }
        let low = select(values, count: count, lower)
        if fraction == 0 || lower + 1 >= count { return low }
        // After selection every value right of `lower` is ≥ it: the next order statistic is their minimum.
        var high = values[lower + 1]
        for i in (lower + 2)..<count where values[i] < high { high = values[i] }
        return low + fraction * (high - low)
    }

    /// The most largest values ``interpolated(_:count:_:)`` keeps in a buffer instead of selecting.
    static let partialLimit = 16

    /// Writes the `k` largest of `values[0 ..< count]` to `out[0 ..< k]`, largest first (`k` ≤ `count`).
    static func largest(
        _ values: UnsafeMutablePointer<Float>, count: Int, _ k: Int, into out: UnsafeMutablePointer<Float>
    ) {
        var filled = 0
        for i in 0..<count {
            let v = values[i]
            if filled == k {
                // Full: only a value above the smallest kept one enters, replacing it.
                if !(v > out[k - 1]) { continue }
                filled -= 1
            }
            var j = filled
            while j > 0 && out[j - 1] < v {
                out[j] = out[j - 1]
                j -= 1
            }
            out[j] = v
            filled += 1
        }
    }

    /// Puts the `k`-th smallest value at index `k` (smaller ones left of it, larger right) and returns it.
    static func select(_ a: UnsafeMutablePointer<Float>, count: Int, _ k: Int) -> Float {
        var lo = 0
        var hi = count - 1
        while lo < hi {
            // Median of three as pivot.
            let mid = lo + (hi - lo) / 2
            if a[mid] < a[lo] { swap(a, lo, mid) }
            if a[hi] < a[lo] { swap(a, lo, hi) }
            if a[hi] < a[mid] { swap(a, mid, hi) }
            let pivot = a[mid]
            var i = lo
            var j = hi
            while i <= j {
                while a[i] < pivot { i += 1 }
                while pivot < a[j] { j -= 1 }
                if i <= j {
                    swap(a, i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j {
                hi = j
            } else if k >= i {
                lo = i
            } else {
                return a[k]
            }
        }
        return a[k]
    }

    @inline(__always)
    private static func swap(_ a: UnsafeMutablePointer<Float>, _ i: Int, _ j: Int) {
        let t = a[i]
        a[i] = a[j]
        a[j] = t
    }

    /// The standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9).
    static func normal(_ p: Double) -> Double {
        precondition(p > 0 && p < 1)
        let a = [
            -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
            -3.066479806614716e+01, 2.506628277459239e+00,
        ]
        let b = [
            -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
            -1.328068155288572e+01,
        ]
        let c = [
            -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
            4.374664141464968e+00, 2.938163982698783e+00,
        ]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let low = 0.02425
        if p < low {
            let q = (-2 * log(p)).squareRoot()
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        if p > 1 - low { return -normal(1 - p) }
        let q = p - 0.5
        let r = q * q
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
            / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    }
}
