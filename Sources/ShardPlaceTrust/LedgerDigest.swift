internal import Crypto

/// A SHA-256 digest: an entry's hash, the previous-entry link, the seal's head.
///
/// Written in the ledger as 64 lowercase hexadecimal digits; any other spelling (upper case, a
/// prefix, a different length) is not read.
public struct LedgerDigest: Sendable, Hashable, CustomStringConvertible {
    /// The 32 bytes of the digest.
    public let bytes: [UInt8]

    /// The link of the first entry: 32 zero bytes.
    public static let genesis = LedgerDigest(unchecked: [UInt8](repeating: 0, count: 32))

    /// A digest from its 32 bytes; `nil` for any other length.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        self.bytes = bytes
    }

    /// A digest from its canonical text (64 lowercase hexadecimal digits); `nil` otherwise.
    public init?(hex: some StringProtocol) {
        guard let bytes = LedgerHex.decode(hex), bytes.count == 32 else { return nil }
        self.bytes = bytes
    }

    /// A digest from its canonical text as UTF-8 bytes; `nil` otherwise.
    init?(hexBytes digits: ArraySlice<UInt8>) {
        guard digits.count == 64, let bytes = LedgerHex.decode(digits) else { return nil }
        self.bytes = bytes
    }

    init(unchecked bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// SHA-256 of `message`.
    static func sha256(_ message: [UInt8]) -> LedgerDigest {
        LedgerDigest(unchecked: Array(SHA256.hash(data: message)))
    }

    /// The canonical text: 64 lowercase hexadecimal digits.
    public var hex: String { LedgerHex.encode(bytes) }

    public var description: String { hex }
}
