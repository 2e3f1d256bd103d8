extension Policy.Weights {
    /// Sets the weight of a soft term by its name (one of ``CostTerms/softNames``, the keys of the
    /// scenario's `policy.weights`).
    ///
    /// - Parameters:
    ///   - value: the new weight.
    ///   - name: the soft term.
    /// - Returns: `false`, changing nothing, when `name` is not a soft term.
    @discardableResult
    public mutating func setWeight(_ value: Double, forTerm name: String) -> Bool {
        switch name {
        case "load": load = value
        case "balance": balance = value
        case "imbalance": imbalance = value
        case "traffic": traffic = value
        case "fragmentation": fragmentation = value
        case "migration": migration = value
        case "bytes": bytes = value
        case "groupMoves": groupMoves = value
        case "hostMoves": hostMoves = value
        case "price": price = value
        case "egress": egress = value
        default: return false
        }
        return true
    }
}
