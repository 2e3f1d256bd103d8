/// A small, fast, seedable pseudo-random number generator: Steele, Lea and Flood's SplitMix64.
///
/// One 64-bit word of state advanced by a Weyl sequence (the golden-ratio increment) and scrambled by
/// two xor-shift-multiply rounds. It passes BigCrush, has period 2⁶⁴, and any seed (0 included) is
/// good. It is *not* cryptographic.
///
/// Everything random in shardplace (the scenario generator, annealing chains) draws from a
/// `SplitMix64` seeded explicitly, so a run is reproducible from its seed. Parallel work gives each
/// chain its own generator, seeded from the run's seed and the chain index.
///
/// ```swift
/// var rng = SplitMix64(seed: 42)
/// let coin = rng.nextDouble() < 0.5
/// let host = rng.next(below: hostCount)
/// let order = (0..<10).shuffled(using: &rng)
/// ```
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The state: the last value of the Weyl sequence.
    @usableFromInline
    internal var state: UInt64

    /// Creates a generator whose sequence is fixed by `seed`.
    ///
    /// - Parameter seed: any value; equal seeds give equal sequences.
    @inlinable
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    ///
    /// - Complexity: O(1): one add, three multiplies, three shifts.
    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z &>> 31)
    }

    /// A uniform `Double` in [0, 1), with 53 random bits (every representable multiple of 2⁻⁵³).
    @inlinable
    public mutating func nextDouble() -> Double {
        Double(next() &>> 11) * 0x1.0p-53
    }

    /// A uniform `Float` in [0, 1), with 24 random bits (every representable multiple of 2⁻²⁴).
    @inlinable
    public mutating func nextFloat() -> Float {
        Float(next() &>> 40) * 0x1.0p-24
    }

    /// A uniform integer in `0..<n`, by Lemire's multiply-shift: the high word of a 64 × 64-bit product.
    ///
    /// No division and no rejection loop; the bias is below n / 2⁶⁴ (under 10⁻¹² for any n below a
    /// million), which no use in shardplace can observe.
    ///
    /// - Parameter n: the bound, at least 1.
    /// - Returns: an integer `k` with `0 <= k < n`.
    @inlinable
    public mutating func next(below n: Int) -> Int {
        precondition(n > 0, "SplitMix64.next(below:) needs a positive bound")
        return Int(truncatingIfNeeded: UInt64(truncatingIfNeeded: n).multipliedFullWidth(by: next()).high)
    }
}
