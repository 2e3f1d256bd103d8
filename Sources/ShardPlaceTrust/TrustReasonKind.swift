/// Why a trust score changed.
public enum TrustReasonKind: String, Sendable, Hashable, CaseIterable {
    /// An outage, a breach or another incident at the provider.
    case incident
    /// The result of a security or compliance audit.
    case audit
    /// The provider's record against its service-level agreement.
    case sla
    /// Anything else: a manual decision, an initial score.
    case other
}
