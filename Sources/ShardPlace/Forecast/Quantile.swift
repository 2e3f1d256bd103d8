import Foundation

/// Order statistics for prediction intervals.
enum Quantile {
    /// The `q`-quantile of `values[0 ..< count]` with linear interpolation between order statistics
    /// (Hyndman & Fan type 7, as numpy's default), found by selection in O(count); reorders the values.
    static func interpolated(_ values: UnsafeMutablePointer<Float>, count: Int, _ q: Double) -> Float {
        precondition(count > 0)
        let rank = q * Double(count - 1)
        let lower = Int(rank.rounded(.down))
        let fraction = Float(rank - Double(lower))
        let low = select(values, count: count, lower)
        if fraction == 0 || lower + 1 >= count { return low }
        // After selection every value right of `lower` is ≥ it: the next order statistic is their minimum.
        var high = values[lower + 1]
        for i in (lower + 2)..<count where values[i] < high { high = values[i] }
        return low + fraction * (high - low)
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
