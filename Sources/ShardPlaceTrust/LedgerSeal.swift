/// The ledger's last line: how many entries it has and the hash of the last, signed.
///
/// Without a seal, cutting the last entries off a ledger would leave a shorter chain that still
/// verifies; the seal makes the number of entries and the head part of what is signed. It is
/// rewritten on every append.
public struct LedgerSeal: Sendable, Hashable {
    /// The number of entries.
    public let count: Int
    /// The hash of the last entry (``LedgerDigest/genesis`` when there is none).
    public let head: LedgerDigest
    /// The id of the key that signed the seal.
    public let keyID: String
    /// The Ed25519 signature of ``digest``'s 32 bytes.
    public let signature: [UInt8]

    /// `seal`, the count, the head and the key id, separated by tabs.
    var content: String { ["seal", String(count), head.hex, keyID].joined(separator: "\t") }

    /// SHA-256 of the domain tag `shardplace-trust-ledger v1 seal` and a line feed, then ``content``.
    public var digest: LedgerDigest { LedgerDigest.sha256(LedgerSeal.domain + Array(content.utf8)) }

    static let domain = Array("shardplace-trust-ledger v1 seal\n".utf8)

    /// The seal's line in the file, without its line feed.
    public var line: String { content + "\t" + LedgerHex.encode(signature) }

    init(count: Int, head: LedgerDigest, keyID: String, signature: [UInt8]) {
        self.count = count
        self.head = head
        self.keyID = keyID
        self.signature = signature
    }

    /// A seal over `count` entries ending at `head`, signed with `key`.
    init(count: Int, head: LedgerDigest, signingKey key: LedgerSigningKey) {
        let unsigned = LedgerSeal(count: count, head: head, keyID: key.publicKey.keyID, signature: [])
        self.init(count: count, head: head, keyID: unsigned.keyID, signature: key.sign(unsigned.digest.bytes))
    }
}
