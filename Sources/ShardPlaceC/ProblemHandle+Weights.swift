import ShardPlace

extension ProblemHandle {
    /// Sets the weight of a soft term and recompiles (see `sp_problem_set_weight` in shardplace.h).
    func setWeight(_ term: String, _ weight: Double) throws(CABIError) {
        try Self.requireSoftTerm(term)
        guard weight.isFinite, weight >= 0 else {
            throw .argument("weight of \"\(term)\" is \(weight): expected a finite number ≥ 0")
        }
        try reconfigure("weight of \"\(term)\" = \(weight)") { $0.policy.weights.setWeight(weight, forTerm: term) }
    }

    /// The weight of a soft term in the model now.
    func weight(_ term: String) throws(CABIError) -> Double {
        try Self.requireSoftTerm(term)
        return CostTerms.weight(of: term, in: compiled.model.problem.weights)
    }

    /// Rejects a name that is not a soft term, saying what it is.
    private static func requireSoftTerm(_ term: String) throws(CABIError) {
        let soft = CostTerms.softNames.map { "\"\($0)\"" }.joined(separator: ", ")
        if CostTerms.hardNames.contains(term) {
            throw .argument(
                "\"\(term)\" is a hard term: it has no weight (every result must keep it at 0); expected a soft term: \(soft)"
            )
        }
        guard CostTerms.softNames.contains(term) else {
            throw .argument("unknown term \"\(term)\": expected a soft term: \(soft)")
        }
    }
}
