internal import Crypto
internal import Foundation

/// The Ed25519 public key that verifies a ledger.
///
/// On disk it is an SPKI PEM file (`-----BEGIN PUBLIC KEY-----`, RFC 8410), the format of
/// `openssl pkey -pubout`.
public struct LedgerPublicKey: Sendable, Hashable {
    /// The 32-byte public key.
    public let raw: [UInt8]

    /// The DER prefix of an RFC 8410 SubjectPublicKeyInfo for Ed25519 (the key follows).
    static let spkiPrefix: [UInt8] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]

    init(checkedRaw raw: [UInt8]) {
        self.raw = raw
    }

    /// A key from its 32 raw bytes; `nil` when they are not an Ed25519 public key.
    public init?(raw: [UInt8]) {
        guard raw.count == 32, (try? Curve25519.Signing.PublicKey(rawRepresentation: raw)) != nil else { return nil }
        self.raw = raw
    }

    /// Reads an SPKI PEM public key.
    ///
    /// - Parameters:
    ///   - pem: the file's text.
    ///   - file: the file's name, for the error.
    /// - Throws: ``TrustLedgerError`` (invalid input) saying what was expected.
    public init(pem: String, file: String) throws(TrustLedgerError) {
        guard
            let der = LedgerPEM.decode(pem, label: "PUBLIC KEY"), der.count == 44,
            Array(der.prefix(12)) == LedgerPublicKey.spkiPrefix, let key = LedgerPublicKey(raw: Array(der.suffix(32)))
        else {
            throw TrustLedgerError(
                .invalidInput, file: file,
                "not an Ed25519 public key: expected an SPKI PEM block (-----BEGIN PUBLIC KEY-----, as written by `shardplace ledger keygen` as KEY.pub or `openssl pkey -pubout`)"
            )
        }
        self = key
    }

    /// The SPKI PEM text of this key.
    public var pem: String { LedgerPEM.encode(LedgerPublicKey.spkiPrefix + raw, label: "PUBLIC KEY") }

    /// The key's id in the ledger: the first 8 bytes of SHA-256 of the raw key, as 16 hexadecimal digits.
    public var keyID: String { LedgerHex.encode(Array(LedgerDigest.sha256(raw).bytes.prefix(8))) }

    /// Whether `signature` is this key's Ed25519 signature of `message`.
    func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        guard signature.count == 64, let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else {
            return false
        }
        return key.isValidSignature(signature, for: message)
    }
}
