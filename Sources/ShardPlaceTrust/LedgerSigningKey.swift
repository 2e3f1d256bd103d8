internal import Crypto
internal import Foundation

/// The Ed25519 private key that signs ledger entries and seals.
///
/// On disk it is a PKCS#8 PEM file (`-----BEGIN PRIVATE KEY-----`, RFC 8410), the format of
/// `openssl genpkey -algorithm ed25519`, so keys made by OpenSSL can be used and the reverse.
public struct LedgerSigningKey: Sendable {
    /// The 32-byte private seed.
    let seed: [UInt8]
    /// The matching public key.
    public let publicKey: LedgerPublicKey

    /// The DER prefix of an RFC 8410 PKCS#8 Ed25519 private key (the seed follows).
    static let pkcs8Prefix: [UInt8] = [
        0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
    ]

    /// A new random key (from the system's secure random source).
    public static func generate() -> LedgerSigningKey {
        let key = Curve25519.Signing.PrivateKey()
        return LedgerSigningKey(checkedSeed: Array(key.rawRepresentation))
    }

    /// A key from its 32-byte seed; `nil` for any other length.
    public init?(seed: [UInt8]) {
        guard seed.count == 32 else { return nil }
        self.init(checkedSeed: seed)
    }

    private init(checkedSeed seed: [UInt8]) {
        self.seed = seed
        // A 32-byte seed is always a valid Ed25519 private key.
        let key = try! Curve25519.Signing.PrivateKey(rawRepresentation: seed)
        publicKey = LedgerPublicKey(checkedRaw: Array(key.publicKey.rawRepresentation))
    }

    /// Reads a PKCS#8 PEM private key.
    ///
    /// - Parameters:
    ///   - pem: the file's text.
    ///   - file: the file's name, for the error.
    /// - Throws: ``TrustLedgerError`` (invalid input) saying what was expected.
    public init(pem: String, file: String) throws(TrustLedgerError) {
        guard
            let der = LedgerPEM.decode(pem, label: "PRIVATE KEY"), der.count == 48,
            Array(der.prefix(16)) == LedgerSigningKey.pkcs8Prefix
        else {
            throw TrustLedgerError(
                .invalidInput, file: file,
                "not an Ed25519 private key: expected a PKCS#8 PEM block (-----BEGIN PRIVATE KEY-----, as written by `shardplace ledger keygen` or `openssl genpkey -algorithm ed25519`)"
            )
        }
        self.init(checkedSeed: Array(der.suffix(32)))
    }

    /// The PKCS#8 PEM text of this key.
    public var pem: String { LedgerPEM.encode(LedgerSigningKey.pkcs8Prefix + seed, label: "PRIVATE KEY") }

    /// The Ed25519 signature of `message` (64 bytes; deterministic, RFC 8032).
    func sign(_ message: [UInt8]) -> [UInt8] {
        let key = try! Curve25519.Signing.PrivateKey(rawRepresentation: seed)
        // Signing with a valid key cannot fail.
        return Array(try! key.signature(for: message))
    }
}
