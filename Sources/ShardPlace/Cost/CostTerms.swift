/// The value of every cost term, unweighted: hard terms (must be 0 in any output) and soft terms (the
/// objective, weighted by ``Policy/Weights``). The same type carries a full evaluation and the delta of
/// a move. See the "Cost model" article for each definition.
public struct CostTerms: Sendable, Hashable {
    // Hard
    public var capacity: Double = 0
    public var transient: Double = 0
    public var antiAffinity: Double = 0
    public var spread: Double = 0
    public var dependency: Double = 0
    public var placementRules: Double = 0
    public var unplaced: Double = 0
    // Soft
    public var load: Double = 0
    public var balance: Double = 0
    public var imbalance: Double = 0
    public var traffic: Double = 0
    public var fragmentation: Double = 0
    public var migration: Double = 0
    public var bytes: Double = 0
    public var groupMoves: Double = 0
    public var hostMoves: Double = 0
    public var price: Double = 0
    public var egress: Double = 0

    public init() {}

    /// Names of the hard terms, in report order.
    public static let hardNames = [
        "capacity", "transient", "antiAffinity", "spread", "dependency", "placementRules", "unplaced",
    ]
    /// Names of the soft terms, in report order (the keys of ``Policy/Weights``).
    public static let softNames = [
        "load", "balance", "imbalance", "traffic", "fragmentation", "migration", "bytes", "groupMoves", "hostMoves",
        "price", "egress",
    ]

    /// A term by name (`nil` for an unknown name).
    public subscript(name: String) -> Double? {
        switch name {
        case "capacity": capacity
        case "transient": transient
        case "antiAffinity": antiAffinity
        case "spread": spread
        case "dependency": dependency
        case "placementRules": placementRules
        case "unplaced": unplaced
        case "load": load
        case "balance": balance
        case "imbalance": imbalance
        case "traffic": traffic
        case "fragmentation": fragmentation
        case "migration": migration
        case "bytes": bytes
        case "groupMoves": groupMoves
        case "hostMoves": hostMoves
        case "price": price
        case "egress": egress
        default: nil
        }
    }

    /// The weight of a soft term.
    public static func weight(of name: String, in weights: Policy.Weights) -> Double {
        switch name {
        case "load": weights.load
        case "balance": weights.balance
        case "imbalance": weights.imbalance
        case "traffic": weights.traffic
        case "fragmentation": weights.fragmentation
        case "migration": weights.migration
        case "bytes": weights.bytes
        case "groupMoves": weights.groupMoves
        case "hostMoves": weights.hostMoves
        case "price": weights.price
        case "egress": weights.egress
        default: 0
        }
    }

    /// Σ weight × soft term: the objective.
    @inlinable
    public func weightedTotal(_ w: Policy.Weights) -> Double {
        var total = w.load * load + w.balance * balance + w.imbalance * imbalance + w.traffic * traffic
        total += w.fragmentation * fragmentation + w.migration * migration + w.bytes * bytes
        total += w.groupMoves * groupMoves + w.hostMoves * hostMoves + w.price * price + w.egress * egress
        return total
    }

    /// The hard terms as a vector (capacity, transient, antiAffinity, spread, dependency,
    /// placementRules, unplaced, 0): the annealer weights them with adaptive penalties.
    @inlinable
    public var hard: SIMD8<Double> {
        SIMD8(capacity, transient, antiAffinity, spread, dependency, placementRules, unplaced, 0)
    }

    @inlinable
    public static func + (a: CostTerms, b: CostTerms) -> CostTerms {
        var r = a
        r += b
        return r
    }

    @inlinable
    public static func += (a: inout CostTerms, b: CostTerms) {
        a.capacity += b.capacity
        a.transient += b.transient
        a.antiAffinity += b.antiAffinity
        a.spread += b.spread
        a.dependency += b.dependency
        a.placementRules += b.placementRules
        a.unplaced += b.unplaced
        a.load += b.load
        a.balance += b.balance
        a.imbalance += b.imbalance
        a.traffic += b.traffic
        a.fragmentation += b.fragmentation
        a.migration += b.migration
        a.bytes += b.bytes
        a.groupMoves += b.groupMoves
        a.hostMoves += b.hostMoves
        a.price += b.price
        a.egress += b.egress
    }

    @inlinable
    public static func - (a: CostTerms, b: CostTerms) -> CostTerms {
        var r = a
        r.capacity -= b.capacity
        r.transient -= b.transient
        r.antiAffinity -= b.antiAffinity
        r.spread -= b.spread
        r.dependency -= b.dependency
        r.placementRules -= b.placementRules
        r.unplaced -= b.unplaced
        r.load -= b.load
        r.balance -= b.balance
        r.imbalance -= b.imbalance
        r.traffic -= b.traffic
        r.fragmentation -= b.fragmentation
        r.migration -= b.migration
        r.bytes -= b.bytes
        r.groupMoves -= b.groupMoves
        r.hostMoves -= b.hostMoves
        r.price -= b.price
        r.egress -= b.egress
        return r
    }
}
