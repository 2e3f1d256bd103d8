extension TrustLedger {
    /// The position (from 1, the entry's sequence) of the entry with this hash; 0 for
    /// ``LedgerDigest/genesis`` (the empty ledger before the first entry); `nil` when no entry has it.
    public func sequence(ofHash hash: LedgerDigest) -> Int? {
        if hash == .genesis { return 0 }
        return entries.firstIndex { $0.hash == hash }.map { $0 + 1 }
    }

    /// Checks a verified ledger against a record kept elsewhere, to find a rollback to an older
    /// complete copy (or a tail cut off and re-sealed by the key's holder).
    ///
    /// - Parameter anchor: the recorded head and/or entry count.
    /// - Throws: a ``LedgerFault`` of kind ``LedgerFault/Kind/rolledBack`` at the seal's line when the
    ///   ledger has fewer entries than recorded or no entry with the recorded head hash.
    public func check(_ anchor: LedgerAnchor) throws(LedgerFault) {
        let sealLine = entries.count + 2
        if let minimum = anchor.minimumEntries, entries.count < minimum {
            throw LedgerFault(
                line: sealLine, expectedSequence: entries.count + 1, kind: .rolledBack,
                "the ledger has \(entries.count) entries, fewer than the \(minimum) recorded: entries \(entries.count + 1)…\(minimum) are gone (a rollback to an older copy, or a tail cut off and re-sealed)"
            )
        }
        if let head = anchor.head, sequence(ofHash: head) == nil {
            throw LedgerFault(
                line: sealLine, expectedSequence: entries.count + 1, kind: .rolledBack,
                "no entry has the recorded head hash \(head.hex): the ledger was rolled back to before it, or its history replaced"
            )
        }
    }
}
