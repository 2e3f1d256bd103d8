/// A trust score between 0 and 1, held exactly in millionths.
///
/// Scores in the ledger have a single spelling, `D.DDDDDD` (`0.950000`, `1.000000`), so that the same
/// score is always the same bytes and an old score can be compared with a replayed one exactly.
public struct TrustScore: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The score in millionths: 0…1,000,000.
    public let micros: Int

    /// A score from millionths; `nil` outside 0…1,000,000.
    public init?(micros: Int) {
        guard (0...1_000_000).contains(micros) else { return nil }
        self.micros = micros
    }

    /// Reads a score as a person writes it: a plain decimal between 0 and 1 (`0.95`, `.5`, `1`,
    /// `0.950000`) with at most six significant decimals (trailing zeros beyond are allowed).
    ///
    /// - Returns: `nil` for anything else (an exponent, a sign, a value above 1, more precision).
    public init?(parsing text: String) {
        let utf8 = Array(text.utf8)
        let dot = utf8.firstIndex(of: UInt8(ascii: "."))
        let integerPart = utf8[..<(dot ?? utf8.endIndex)]
        var fraction = dot.map { Array(utf8[(utf8.index(after: $0))...]) } ?? []
        guard !(integerPart.isEmpty && fraction.isEmpty) else { return nil }
        let isDigit: (UInt8) -> Bool = { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        guard integerPart.allSatisfy(isDigit), fraction.allSatisfy(isDigit), integerPart.count <= 16 else {
            return nil
        }
        while fraction.count > 6, fraction.last == UInt8(ascii: "0") { fraction.removeLast() }
        guard fraction.count <= 6 else { return nil }
        var whole = 0
        for c in integerPart { whole = whole * 10 + Int(c - UInt8(ascii: "0")) }
        var micros = 0
        for i in 0..<6 { micros = micros * 10 + (i < fraction.count ? Int(fraction[i] - UInt8(ascii: "0")) : 0) }
        guard whole <= 1 else { return nil }
        self.init(micros: whole * 1_000_000 + micros)
    }

    /// Reads the canonical spelling only (`D.DDDDDD`, as UTF-8); `nil` for any other bytes.
    init?(canonical utf8: ArraySlice<UInt8>) {
        guard utf8.count == 8, utf8[utf8.startIndex + 1] == UInt8(ascii: ".") else { return nil }
        var micros = 0
        for (i, c) in zip(utf8.indices, utf8) where i != utf8.startIndex + 1 {
            guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { return nil }
            micros = micros * 10 + Int(c - UInt8(ascii: "0"))
        }
        self.init(micros: micros)
    }

    /// The score as a `Double` (what a host's `trust` and a shard's `minTrust` are).
    public var value: Double { Double(micros) / 1_000_000 }

    /// The canonical spelling: one digit, a point and six decimals (`0.950000`).
    public var description: String {
        let fraction = String(micros % 1_000_000)
        return "\(micros / 1_000_000)." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }

    public static func < (a: TrustScore, b: TrustScore) -> Bool { a.micros < b.micros }
}
