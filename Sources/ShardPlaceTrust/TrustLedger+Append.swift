extension TrustLedger {
    /// The latest timestamp a ledger can spell: 9999-12-31T23:59:59Z.
    static let lastTimestamp: Int64 = 253_402_300_799

    /// Appends a score update for `provider`, signed with `key`, and re-seals the ledger.
    ///
    /// The entry's old score is the provider's current score (``scores``), so that the ledger always
    /// replays to itself.
    ///
    /// - Parameters:
    ///   - provider: the provider (a host's `provider` label value); not empty.
    ///   - score: the new score.
    ///   - kind: why the score changes.
    ///   - reason: why, in words; not empty.
    ///   - timestamp: seconds since 1970 (UTC), within 1970…9999.
    ///   - key: the ledger's signing key (the key of every entry already in it).
    /// - Returns: the new entry.
    /// - Throws: ``TrustLedgerError`` (invalid input) naming the field that is wrong, or the key
    ///   that does not match the ledger's.
    @discardableResult
    public mutating func append(
        provider: String, score: TrustScore, kind: TrustReasonKind, reason: String, timestamp: Int64,
        signingKey key: LedgerSigningKey
    ) throws(TrustLedgerError) -> TrustLedgerEntry {
        if provider.isEmpty { throw TrustLedgerError(.invalidInput, file: nil, "provider: expected a non-empty name") }
        if reason.isEmpty { throw TrustLedgerError(.invalidInput, file: nil, "reason: expected a non-empty text") }
        guard (0...TrustLedger.lastTimestamp).contains(timestamp) else {
            throw TrustLedgerError(
                .invalidInput, file: nil, "timestamp: expected seconds within 1970…9999, found \(timestamp)")
        }
        guard seal.keyID == key.publicKey.keyID else {
            throw TrustLedgerError(
                .invalidInput, file: nil,
                "the ledger is signed by key \(seal.keyID), the signing key given is \(key.publicKey.keyID)")
        }
        let entry = TrustLedgerEntry(
            sequence: entries.count + 1, timestamp: timestamp, provider: provider, oldScore: scores[provider],
            newScore: score, kind: kind, reason: reason, previousHash: head, signingKey: key)
        entries.append(entry)
        scores[provider] = score
        seal = LedgerSeal(count: entries.count, head: entry.hash, signingKey: key)
        return entry
    }
}
