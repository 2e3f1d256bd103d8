/// The trace as a controller that must not see the future reads it: every read of a step after ``now``
/// stops the program (the replay's guard that the forecaster never sees data after t).
struct PastDemand {
    let trace: SimulationTrace
    /// The current step: the last one that may be read.
    var now: Int

    /// Demand of shard `i`, resource `r` at step `s ≤ now`.
    @inline(__always)
    func callAsFunction(_ i: Int, _ r: Int, _ s: Int) -> Double {
        precondition(s <= now, "the forecaster read step \(s) at t = \(now): data from the future")
        return trace.demand(i, r, s)
    }

    /// Steps `range` (all ≤ now) of shard `i`, resource `r`.
    func series(_ i: Int, _ r: Int, _ range: Range<Int>) -> [Double] {
        precondition(
            range.upperBound <= now + 1, "the forecaster read up to step \(range.upperBound - 1) at t = \(now)")
        return trace.series(i, r, range)
    }
}
