/// An append-only, hash-chained, signed log of trust-score updates, and the scores it yields.
///
/// Each entry names a provider, its old and new score and why; it carries the SHA-256 hash of its
/// contents, the hash of the entry before it and an Ed25519 signature of its hash; a signed seal
/// closes the file with the number of entries and the last hash. Any edit, removal, reordering or
/// signature swap is found by ``init(verifying:publicKey:)``. A provider's trust is its latest score
/// in the ledger (``scores``).
///
/// The value is immutable but for ``append(provider:score:kind:reason:timestamp:signingKey:)``;
/// ``LedgerFile`` reads and writes it durably. The file format is the DocC article *Trust ledger*.
public struct TrustLedger: Sendable, Hashable {
    /// The file's first line.
    public static let header = "shardplace-trust-ledger v1"

    /// The entries, in order.
    public internal(set) var entries: [TrustLedgerEntry]
    /// The signed count and head of ``entries``.
    public internal(set) var seal: LedgerSeal
    /// Each provider's current score: its latest entry's new score.
    public internal(set) var scores: [String: TrustScore]

    /// An empty ledger, sealed with `key` (a file holding it has the header and the seal).
    public init(sealedWith key: LedgerSigningKey) {
        entries = []
        scores = [:]
        seal = LedgerSeal(count: 0, head: .genesis, signingKey: key)
    }

    init(entries: [TrustLedgerEntry], seal: LedgerSeal, scores: [String: TrustScore]) {
        self.entries = entries
        self.seal = seal
        self.scores = scores
    }

    /// The hash of the last entry (``LedgerDigest/genesis`` when there is none).
    public var head: LedgerDigest { entries.last?.hash ?? .genesis }

    /// Each provider's current trust as a number in 0…1, for `Scenario.applyingTrust(_:)`.
    public var trustByProvider: [String: Double] { scores.mapValues(\.value) }

    /// The file's bytes: the header, one line per entry and the seal, each ending with a line feed.
    public var encoded: [UInt8] {
        var text = TrustLedger.header + "\n"
        for entry in entries { text += entry.line + "\n" }
        text += seal.line + "\n"
        return Array(text.utf8)
    }
}
