/// The parameters of an exponential-smoothing recursion (additive-error form).
///
/// With level ℓ, trend b, season s (period m), one-step forecast ŷ and error e = y − ŷ:
/// - level only / Holt: ŷ = ℓ + φb; ℓ ← ℓ + φb + αe; b ← φb + βe;
/// - additive season: ŷ = ℓ + φb + s₍ₜ₋ₘ₎; ℓ ← ℓ + φb + αe; b ← φb + βe; sₜ ← s₍ₜ₋ₘ₎ + γe;
/// - multiplicative season: ŷ = (ℓ + φb)·s₍ₜ₋ₘ₎; ℓ ← ℓ + φb + αe/s₍ₜ₋ₘ₎; b ← φb + βe/s₍ₜ₋ₘ₎;
///   sₜ ← s₍ₜ₋ₘ₎ + γe/(ℓ + φb).
///
/// Fitting searches α ∈ [0.001, 1], β = α·β̃ and γ = (1 − α)·γ̃ with β̃, γ̃ ∈ [0, 1], and for Holt
/// φ ∈ [0.8, 0.98].
public struct SmoothingParameters: Sendable, Hashable, Codable {
    /// Level smoothing weight.
    public var alpha: Double
    /// Trend smoothing weight (0 without a trend).
    public var beta: Double
    /// Season smoothing weight (0 without a season).
    public var gamma: Double
    /// Trend damping (1: undamped; irrelevant when β = 0).
    public var phi: Double

    public init(alpha: Double, beta: Double = 0, gamma: Double = 0, phi: Double = 1) {
        self.alpha = alpha
        self.beta = beta
        self.gamma = gamma
        self.phi = phi
    }

    /// The parameters of the methods that have none (naive, seasonal naive).
    public static let none = SmoothingParameters(alpha: 1, beta: 0, gamma: 0, phi: 1)
}
