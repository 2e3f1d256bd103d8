extension TrustLedger {
    /// The names of an entry line's eleven fields, for messages.
    static let fieldNames = [
        "sequence", "timestamp", "provider", "old score", "new score", "kind", "reason", "key id", "previous hash",
        "hash", "signature",
    ]

    /// Reads a ledger file's bytes and checks all of it, stopping at the first fault.
    ///
    /// Lines are checked in order; in each entry line: the fields and their canonical spellings, the
    /// hash against the contents (an edit), the sequence number (a dropped or moved entry), the
    /// previous-entry hash (the chain), the key id, the old score against the replayed score, and
    /// the signature. The seal must be the last line and match the count and the last hash. The
    /// signatures of the lines before the first other fault are verified in parallel; the fault
    /// reported is still the first in the file.
    ///
    /// - Parameters:
    ///   - bytes: the whole file.
    ///   - publicKey: the key the ledger must be signed with; `nil` checks everything but the key ids
    ///     and the signatures (for showing a ledger whose key is not at hand).
    /// - Throws: the first ``LedgerFault``, with its line.
    /// - Complexity: O(file size): one SHA-256 per line and, with a key, one Ed25519 verification per
    ///   line, spread over the available cores.
    public init(verifying bytes: [UInt8], publicKey: LedgerPublicKey?) throws(LedgerFault) {
        guard !bytes.isEmpty else {
            throw LedgerFault(line: 1, kind: .header, "empty file: expected the header \"\(TrustLedger.header)\"")
        }
        var reader = LedgerReader(bytes: bytes, publicKey: publicKey)
        let structural = reader.read()
        if let publicKey {
            let limit = structural?.line ?? Int.max
            if let bad = LedgerSignatures.firstInvalid(reader.signed.prefix { $0.line < limit }, key: publicKey) {
                throw LedgerFault(
                    line: bad.line, expectedSequence: bad.sequence, kind: .signature,
                    bad.sequence.map {
                        "entry \($0)'s signature does not verify with the public key given (edited, or taken from another entry)"
                    } ?? "the seal's signature does not verify with the public key given")
            }
        }
        if let structural { throw structural }
        self.init(entries: reader.entries, seal: reader.seal!, scores: reader.scores)
    }
}
