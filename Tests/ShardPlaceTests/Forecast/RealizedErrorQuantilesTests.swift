import Foundation
import Testing

@testable import ShardPlace

@Suite struct RealizedErrorQuantilesTests {
    @Test("errors are matched to the path recorded k steps earlier, worked by hand")
    func byHand() {
        // Horizon 2, one series. Paths recorded at steps 0, 1, 2 (each after observing its step).
        var r = RealizedErrorQuantiles(series: 1, horizon: 2, window: 4, minimum: 1)
        r.record(0, step: 0, path: [10, 20], at: 0)
        r.observe(0, step: 1, value: 13)  // 1-step error of the path of step 0: 13 − 10 = 3
        r.record(0, step: 1, path: [0, 100, 200, 0], at: 1)  // path [100, 200]
        r.observe(0, step: 2, value: 95)  // 1-step: 95 − 100 = −5; 2-step (path of step 0): 95 − 20 = 75
        #expect(r.count(0, step: 1) == 2 && r.count(0, step: 2) == 1)
        var out = [Double](repeating: .nan, count: 2)
        r.offsets(0, quantile: 1, fallback: [0, 0], into: &out, at: 0)
        #expect(out == [3, 75])
        r.offsets(0, quantile: 0, fallback: [0, 0], into: &out, at: 0)
        #expect(out == [-5, 75])
        // A step with no path recorded k steps earlier adds nothing.
        r.observe(0, step: 3, value: 0)  // 1-step: path of step 2 (none); 2-step: 0 − 200 = −200
        #expect(r.count(0, step: 1) == 2 && r.count(0, step: 2) == 2)
    }

    @Test("too few errors: the longest known step grown with √k, else the fallback")
    func fallback() {
        var r = RealizedErrorQuantiles(series: 2, horizon: 4, window: 8, minimum: 3)
        var out = [Double](repeating: 0, count: 8)
        let fitted: [Double] = [1, 2, 3, 4, 5, 6, 7, 8]
        r.offsets(1, quantile: 0.5, fallback: fitted, into: &out, at: 4)
        #expect(Array(out[4...]) == [5, 6, 7, 8])
        // Series 1 forecasts 0 every step, and the samples are 2, 2, 2, 2: every k-step error is 2. After
        // four observations steps 1 and 2 have 4 and 3 errors, steps 3 and 4 fewer than 3.
        for t in 0..<4 {
            r.record(1, step: t, path: [0, 0, 0, 0], at: 0)
            r.observe(1, step: t + 1, value: 2)
        }
        #expect(r.count(1, step: 2) == 3 && r.count(1, step: 3) == 2)
        r.offsets(1, quantile: 0.9, fallback: fitted, into: &out, at: 4)
        #expect(out[4] == 2 && out[5] == 2)
        #expect(abs(out[6] - 2 * (3.0 / 2).squareRoot()) < 1e-12 && abs(out[7] - 2 * (4.0 / 2).squareRoot()) < 1e-12)
        // Series 0 untouched.
        #expect(r.count(0, step: 1) == 0)
    }

    @Test("white noise, last-value forecasts: the k-step quantile is that of N(0, 2σ²) at every k, not growing with √k")
    func meanReverting() {
        let sigma = 2.0
        var rng = SplitMix64(seed: 5)
        func gaussian() -> Double {
            let u = max(1e-12, rng.nextDouble())
            return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * rng.nextDouble())
        }
        let horizon = 6
        var r = RealizedErrorQuantiles(series: 1, horizon: horizon, window: 4000)
        var last = sigma * gaussian()
        r.record(0, step: 0, path: [Double](repeating: last, count: horizon), at: 0)
        for t in 1...4000 {
            last = sigma * gaussian()
            r.observe(0, step: t, value: last)
            r.record(0, step: t, path: [Double](repeating: last, count: horizon), at: 0)
        }
        var out = [Double](repeating: 0, count: horizon)
        r.offsets(0, quantile: 0.9, fallback: [Double](repeating: 0, count: horizon), into: &out, at: 0)
        let expected = 1.281_551_6 * sigma * 2.0.squareRoot()
        for k in 0..<horizon { #expect(abs(out[k] - expected) < 0.08 * expected, "step \(k + 1): \(out[k])") }
    }
}
