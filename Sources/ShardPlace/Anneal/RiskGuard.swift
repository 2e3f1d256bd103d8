/// A bound on the overload risk of what a solve returns (``Annealer/Options/riskGuard``): never riskier
/// than a reference placement.
///
/// After the search, when the best placement's risk (``OverloadRisk/Value/expectedOverloadedHosts``)
/// exceeds the reference's, shards are moved off the riskiest hosts at the least objective cost per
/// unit of risk removed until it does not (every move keeps the hard constraints); when that cannot be
/// done within ``moveLimit`` moves, the solve returns the reference itself if it is feasible (or if
/// nothing feasible was found), else the start if it is within the bound (``Annealer/Result/RiskCheck``
/// says which). So a feasible reference bounds the result's risk, always.
public struct RiskGuard: Sendable {
    /// The risk model (of the problem being solved).
    public var risk: OverloadRisk
    /// The placement whose risk the result must not exceed: the greedy baseline, the current placement,
    /// or a placement of the same hosts bought otherwise (same shards and leaves).
    public var reference: Placement
    /// The most repair moves; default 4 × shards.
    public var moveLimit: Int?

    public init(risk: OverloadRisk, reference: Placement, moveLimit: Int? = nil) {
        self.risk = risk
        self.reference = reference
        self.moveLimit = moveLimit
    }
}
