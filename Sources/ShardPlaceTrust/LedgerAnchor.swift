/// What a verifier knows about a ledger from a record kept elsewhere: the head hash and entry count
/// that `shardplace ledger append`, `show` and `verify` print. A ledger file cannot show by itself that
/// it was replaced by an older, complete copy of itself (every older copy is a valid, sealed prefix of
/// the chain); checked against an anchor (``TrustLedger/check(_:)``), such a rollback is found.
public struct LedgerAnchor: Sendable, Hashable {
    /// A head recorded earlier: some entry of the ledger must have this hash (the ledger may have grown
    /// since; ``LedgerDigest/genesis`` stands for the empty ledger and is always found).
    public var head: LedgerDigest?
    /// An entry count recorded earlier: the ledger must have at least this many entries.
    public var minimumEntries: Int?

    public init(head: LedgerDigest? = nil, minimumEntries: Int? = nil) {
        self.head = head
        self.minimumEntries = minimumEntries
    }

    /// Whether the anchor checks nothing.
    public var isEmpty: Bool { head == nil && minimumEntries == nil }
}
