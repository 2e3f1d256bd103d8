@testable import ShardPlace

/// The penalised objective a chain minimises: the weighted soft terms plus the hard terms at the
/// penalty's multipliers.
func penalisedValue(_ t: CostTerms, _ lambda: SIMD8<Double>, _ w: Policy.Weights) -> Double {
    t.weightedTotal(w) + (lambda * t.hard).sum()
}
