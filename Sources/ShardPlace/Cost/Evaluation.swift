/// The full price of a placement: every term, the weighted objective, feasibility and the list of
/// violations.
public struct Evaluation: Sendable {
    /// Every term, unweighted.
    public var terms: CostTerms
    /// Σ weight × soft term.
    public var total: Double
    /// Whether every hard term is 0.
    public var isFeasible: Bool
    /// Each broken hard constraint.
    public var violations: [Violation]
    /// Stranded capacity per resource, in percent of total capacity (see "Cost model").
    public var strandedPercent: [Double]
    /// Weighted soft terms by name (what `total` adds up).
    public var weightedTerms: [String: Double]
}
