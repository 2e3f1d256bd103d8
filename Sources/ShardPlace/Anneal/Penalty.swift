/// Weights of the hard terms in the annealer's objective (soft total + Σ λₖ × hard termₖ). They adapt:
/// a term that stays violated gets heavier, one that stays satisfied lighter (never below its floor).
struct Penalty: Sendable {
    var lambda: SIMD8<Double>
    let floor: SIMD8<Double>

    /// - Parameter scale: a typical soft-cost change of one move; hard violations start 100× dearer.
    init(scale: Double) {
        let base = Swift.max(scale, 1e-6) * 100
        floor = SIMD8(repeating: base)
        lambda = floor
    }

    /// The penalized change of a move.
    @inline(__always)
    func objective(_ delta: CostTerms, _ weights: Policy.Weights) -> Double {
        delta.weightedTotal(weights) + (lambda * delta.hard).sum()
    }

    /// Adapts to the current violations: ×1.5 for each violated term, ÷1.2 for satisfied ones.
    mutating func adapt(to hard: SIMD8<Double>) {
        for k in 0..<8 {
            if hard[k] > CostState.feasibilityTolerance {
                lambda[k] *= 1.5
            } else {
                lambda[k] = Swift.max(floor[k], lambda[k] / 1.2)
            }
        }
    }
}

extension CostState {
    /// Hard-term values at or below this are rounding, not violations (usage is summed in Double).
    static let feasibilityTolerance = 1e-6

    /// Whether every hard term is (within rounding) zero.
    public var isFeasible: Bool {
        let h = terms.hard
        return all(h .<= SIMD8(repeating: Self.feasibilityTolerance))  // lane 7 is always 0
    }
}
