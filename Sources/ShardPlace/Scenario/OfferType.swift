/// How capacity is bought from a provider.
public enum OfferType: String, Codable, Sendable, Hashable, CaseIterable {
    /// Committed for a term (``Provider/Reserved/termHours``): paid every hour of the term, used or not,
    /// at the lowest price.
    case reserved
    /// Paid by the hour while it runs.
    case onDemand
    /// Spare capacity at a discount, which the provider may reclaim (``Provider/Spot/reclaimProbability``).
    case spot
}
