/// One trust-score update in the ledger: which provider, from which score to which, why, when, and
/// the hash chain and signature that make it tamper-evident.
///
/// Entries are made by ``TrustLedger/append(provider:score:kind:reason:timestamp:signingKey:)`` and read
/// by ``TrustLedger/init(verifying:publicKey:)``; the DocC article *Trust ledger* defines the line and
/// the bytes that are hashed.
public struct TrustLedgerEntry: Sendable, Hashable {
    /// The entry's position: 1 for the first entry, then consecutive.
    public let sequence: Int
    /// When the entry was appended: whole seconds since 1970-01-01T00:00:00Z.
    public let timestamp: Int64
    /// The provider whose score changes (a host's `provider` label value).
    public let provider: String
    /// The provider's score before this entry, replayed from the entries before it; `nil` for the
    /// provider's first entry.
    public let oldScore: TrustScore?
    /// The provider's score from this entry on.
    public let newScore: TrustScore
    /// Why the score changed.
    public let kind: TrustReasonKind
    /// Why the score changed, in words.
    public let reason: String
    /// The id of the key that signed the entry (``LedgerPublicKey/keyID``).
    public let keyID: String
    /// The hash of the entry before (``LedgerDigest/genesis`` for the first).
    public let previousHash: LedgerDigest
    /// SHA-256 of the entry's canonical bytes (``hashedBytes``).
    public let hash: LedgerDigest
    /// The Ed25519 signature of ``hash``'s 32 bytes (64 bytes).
    public let signature: [UInt8]

    /// ``timestamp`` as the ledger spells it: `YYYY-MM-DDTHH:MM:SSZ` (UTC).
    public var timestampText: String { LedgerText.timestamp(timestamp) }

    /// ``signature`` as the ledger spells it: 128 lowercase hexadecimal digits.
    public var signatureHex: String { LedgerHex.encode(signature) }

    /// The fields that the hash covers, in their canonical spellings, separated by tabs: sequence,
    /// timestamp, provider, old score (`-` when none), new score, kind, reason, key id, previous hash.
    var content: String {
        [
            String(sequence), LedgerText.timestamp(timestamp), LedgerText.escape(provider),
            oldScore?.description ?? "-", newScore.description, kind.rawValue, LedgerText.escape(reason), keyID,
            previousHash.hex,
        ].joined(separator: "\t")
    }

    /// The bytes whose SHA-256 is ``hash``: the domain tag `shardplace-trust-ledger v1 entry` and a
    /// line feed, then ``content`` as UTF-8.
    public var hashedBytes: [UInt8] { TrustLedgerEntry.domain + Array(content.utf8) }

    static let domain = Array("shardplace-trust-ledger v1 entry\n".utf8)

    /// The entry's line in the file, without its line feed: ``content``, the hash and the signature.
    public var line: String { content + "\t" + hash.hex + "\t" + LedgerHex.encode(signature) }

    /// An entry with every field given (the parser's constructor; nothing is checked).
    init(
        sequence: Int, timestamp: Int64, provider: String, oldScore: TrustScore?, newScore: TrustScore,
        kind: TrustReasonKind, reason: String, keyID: String, previousHash: LedgerDigest, hash: LedgerDigest,
        signature: [UInt8]
    ) {
        self.sequence = sequence
        self.timestamp = timestamp
        self.provider = provider
        self.oldScore = oldScore
        self.newScore = newScore
        self.kind = kind
        self.reason = reason
        self.keyID = keyID
        self.previousHash = previousHash
        self.hash = hash
        self.signature = signature
    }

    /// A new entry, hashed and signed with `key`.
    init(
        sequence: Int, timestamp: Int64, provider: String, oldScore: TrustScore?, newScore: TrustScore,
        kind: TrustReasonKind, reason: String, previousHash: LedgerDigest, signingKey key: LedgerSigningKey
    ) {
        var entry = TrustLedgerEntry(
            sequence: sequence, timestamp: timestamp, provider: provider, oldScore: oldScore, newScore: newScore,
            kind: kind, reason: reason, keyID: key.publicKey.keyID, previousHash: previousHash,
            hash: .genesis, signature: [])
        let hash = LedgerDigest.sha256(entry.hashedBytes)
        entry = TrustLedgerEntry(
            sequence: sequence, timestamp: timestamp, provider: provider, oldScore: oldScore, newScore: newScore,
            kind: kind, reason: reason, keyID: entry.keyID, previousHash: previousHash, hash: hash,
            signature: key.sign(hash.bytes))
        self = entry
    }
}
