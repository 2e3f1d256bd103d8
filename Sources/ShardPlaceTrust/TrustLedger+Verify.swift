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
    /// the signature. The seal must be the last line and match the count and the last hash.
    ///
    /// - Parameters:
    ///   - bytes: the whole file.
    ///   - publicKey: the key the ledger must be signed with; `nil` checks everything but the key ids
    ///     and the signatures (for showing a ledger whose key is not at hand).
    /// - Throws: the first ``LedgerFault``, with its line.
    /// - Complexity: O(file size), one SHA-256 per line and, with a key, one Ed25519 verification per line.
    public init(verifying bytes: [UInt8], publicKey: LedgerPublicKey?) throws(LedgerFault) {
        guard !bytes.isEmpty else {
            throw LedgerFault(line: 1, kind: .header, "empty file: expected the header \"\(TrustLedger.header)\"")
        }
        var reader = LedgerReader(bytes: bytes, publicKey: publicKey)
        try reader.read()
        self.init(entries: reader.entries, seal: reader.seal!, scores: reader.scores)
    }
}

/// The state of one pass of ``TrustLedger/init(verifying:publicKey:)`` over a file.
struct LedgerReader {
    let bytes: [UInt8]
    let publicKey: LedgerPublicKey?
    /// Byte ranges of the lines, without their line feeds.
    var lines: [Range<Int>] = []
    /// Whether the last line has no line feed.
    var unterminated = false
    var entries: [TrustLedgerEntry] = []
    var scores: [String: TrustScore] = [:]
    var seal: LedgerSeal?

    init(bytes: [UInt8], publicKey: LedgerPublicKey?) {
        self.bytes = bytes
        self.publicKey = publicKey
        var start = 0
        for i in bytes.indices where bytes[i] == 0x0A {
            lines.append(start..<i)
            start = i + 1
        }
        if start < bytes.count {
            lines.append(start..<bytes.count)
            unterminated = true
        }
    }

    mutating func read() throws(LedgerFault) {
        for (index, range) in lines.enumerated() {
            let line = index + 1
            if unterminated && index == lines.count - 1 {
                throw LedgerFault(
                    line: line, expectedSequence: seal == nil ? entries.count + 1 : nil, kind: .truncated,
                    "the last line has no line feed: the file was cut short or has bytes after its end")
            }
            if index == 0 {
                guard bytes[range].elementsEqual(TrustLedger.header.utf8) else {
                    throw LedgerFault(
                        line: 1, kind: .header,
                        "not a shardplace trust ledger: expected the header \"\(TrustLedger.header)\", found \(shown(bytes[range]))"
                    )
                }
                continue
            }
            if seal != nil {
                throw LedgerFault(
                    line: line, kind: .seal,
                    "a line after the seal (line \(line - 1)): the seal must be the last line (entries added after sealing?)"
                )
            }
            if bytes[range].starts(with: "seal\t".utf8) {
                try readSeal(range, line: line)
            } else {
                try readEntry(range, line: line)
            }
        }
        if seal == nil {
            throw LedgerFault(
                line: lines.count + 1, expectedSequence: entries.count + 1, kind: .truncated,
                "the seal line is missing: the file ends after line \(lines.count) (truncated)")
        }
    }

    private mutating func readEntry(_ range: Range<Int>, line: Int) throws(LedgerFault) {
        let expected = entries.count + 1
        func fault(_ kind: LedgerFault.Kind, _ message: String) -> LedgerFault {
            LedgerFault(line: line, expectedSequence: expected, kind: kind, message)
        }
        let fields = bytes[range].split(separator: 0x09, omittingEmptySubsequences: false)
        guard fields.count == 11 else {
            throw fault(
                .malformed,
                "expected an entry (11 tab-separated fields) or the seal line, found \(fields.count) field(s)")
        }
        func bad(_ i: Int, _ expectation: String) -> LedgerFault {
            fault(
                .malformed,
                "field \(i + 1) (\(TrustLedger.fieldNames[i])): expected \(expectation), found \(shown(fields[i]))")
        }
        guard let sequence = decimal(fields[0]), sequence >= 1 else {
            throw bad(0, "a whole number ≥ 1 without leading zeros")
        }
        guard let timestamp = LedgerText.seconds(fromTimestamp: String(decoding: fields[1], as: UTF8.self)) else {
            throw bad(1, "a UTC time YYYY-MM-DDTHH:MM:SSZ")
        }
        guard let provider = LedgerText.unescape(fields[2]), !provider.isEmpty else {
            throw bad(2, "a non-empty escaped UTF-8 text")
        }
        var oldScore: TrustScore?
        if !fields[3].elementsEqual("-".utf8) {
            guard let score = TrustScore(canonical: String(decoding: fields[3], as: UTF8.self)) else {
                throw bad(3, "- or a score D.DDDDDD between 0 and 1")
            }
            oldScore = score
        }
        guard let newScore = TrustScore(canonical: String(decoding: fields[4], as: UTF8.self)) else {
            throw bad(4, "a score D.DDDDDD between 0 and 1")
        }
        guard let kind = TrustReasonKind(rawValue: String(decoding: fields[5], as: UTF8.self)) else {
            throw bad(5, TrustReasonKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        guard let reason = LedgerText.unescape(fields[6]), !reason.isEmpty else {
            throw bad(6, "a non-empty escaped UTF-8 text")
        }
        guard fields[7].count == 16, LedgerHex.decode(String(decoding: fields[7], as: UTF8.self)) != nil else {
            throw bad(7, "16 lowercase hexadecimal digits")
        }
        let keyID = String(decoding: fields[7], as: UTF8.self)
        guard let previous = LedgerDigest(hex: String(decoding: fields[8], as: UTF8.self)) else {
            throw bad(8, "64 lowercase hexadecimal digits")
        }
        guard let hash = LedgerDigest(hex: String(decoding: fields[9], as: UTF8.self)) else {
            throw bad(9, "64 lowercase hexadecimal digits")
        }
        guard fields[10].count == 128, let signature = LedgerHex.decode(String(decoding: fields[10], as: UTF8.self))
        else { throw bad(10, "128 lowercase hexadecimal digits") }
        let entry = TrustLedgerEntry(
            sequence: sequence, timestamp: timestamp, provider: provider, oldScore: oldScore, newScore: newScore,
            kind: kind, reason: reason, keyID: keyID, previousHash: previous, hash: hash, signature: signature)
        let contentEnd = fields[8].endIndex
        guard bytes[range.lowerBound..<contentEnd].elementsEqual(entry.content.utf8) else {
            throw fault(.malformed, "the entry is not in its canonical spelling")
        }

        if LedgerDigest.sha256(entry.hashedBytes) != hash {
            throw fault(.edited, "entry \(sequence) was edited: its hash does not match its contents")
        }
        if sequence != expected {
            if sequence < expected {
                throw fault(
                    .reordered,
                    "entry \(sequence) is out of order or repeated: entry \(expected) was expected here")
            }
            if laterLinesHold(sequence: expected, after: line) {
                throw fault(
                    .reordered,
                    "entry \(sequence) is out of order: entry \(expected) was expected here and comes later in the file"
                )
            }
            throw fault(
                .dropped,
                "entry \(expected) is missing (dropped): this line holds entry \(sequence)")
        }
        let link = entries.last?.hash ?? .genesis
        if previous != link {
            throw fault(
                .chain,
                expected == 1
                    ? "entry 1 does not start the chain: its previous hash is not zero"
                    : "entry \(sequence)'s previous hash is not the hash of entry \(expected - 1) (line \(line - 1))")
        }
        if let publicKey {
            if keyID != publicKey.keyID {
                throw fault(
                    .foreignKey,
                    "entry \(sequence) was signed by key \(keyID), not by the public key given (\(publicKey.keyID))")
            }
        }
        if oldScore != scores[provider] {
            let replayed = scores[provider].map { "its score \($0)" } ?? "no earlier entry"
            throw fault(
                .score,
                "entry \(sequence) gives \(oldScore?.description ?? "no") old score for provider \"\(provider)\", but it has \(replayed)"
            )
        }
        if let publicKey, !publicKey.isValidSignature(signature, for: hash.bytes) {
            throw fault(
                .signature,
                "entry \(sequence)'s signature does not verify with the public key given (edited, or taken from another entry)"
            )
        }
        entries.append(entry)
        scores[provider] = newScore
    }

    private mutating func readSeal(_ range: Range<Int>, line: Int) throws(LedgerFault) {
        let fields = bytes[range].split(separator: 0x09, omittingEmptySubsequences: false)
        let names = ["seal", "count", "head", "key id", "signature"]
        func bad(_ i: Int, _ expectation: String) -> LedgerFault {
            LedgerFault(
                line: line, kind: .malformed,
                "seal field \(i + 1) (\(names[i])): expected \(expectation), found \(shown(fields[i]))")
        }
        guard fields.count == 5 else {
            throw LedgerFault(
                line: line, kind: .malformed, "expected a seal line of 5 tab-separated fields, found \(fields.count)")
        }
        guard let count = decimal(fields[1]) else { throw bad(1, "a whole number without leading zeros") }
        guard let head = LedgerDigest(hex: String(decoding: fields[2], as: UTF8.self)) else {
            throw bad(2, "64 lowercase hexadecimal digits")
        }
        guard fields[3].count == 16, LedgerHex.decode(String(decoding: fields[3], as: UTF8.self)) != nil else {
            throw bad(3, "16 lowercase hexadecimal digits")
        }
        let keyID = String(decoding: fields[3], as: UTF8.self)
        guard fields[4].count == 128, let signature = LedgerHex.decode(String(decoding: fields[4], as: UTF8.self))
        else { throw bad(4, "128 lowercase hexadecimal digits") }
        let seal = LedgerSeal(count: count, head: head, keyID: keyID, signature: signature)
        if count != entries.count {
            throw LedgerFault(
                line: line, kind: .seal,
                "the seal counts \(count) entries but the file has \(entries.count) (entries dropped, added or cut off)"
            )
        }
        if head != (entries.last?.hash ?? .genesis) {
            throw LedgerFault(
                line: line, kind: .seal, "the seal's head hash is not the hash of the last entry (line \(line - 1))")
        }
        if let publicKey {
            if keyID != publicKey.keyID {
                throw LedgerFault(
                    line: line, kind: .foreignKey,
                    "the seal was signed by key \(keyID), not by the public key given (\(publicKey.keyID))")
            }
            if !publicKey.isValidSignature(signature, for: seal.digest.bytes) {
                throw LedgerFault(
                    line: line, kind: .signature, "the seal's signature does not verify with the public key given")
            }
        }
        self.seal = seal
    }

    /// Whether a line after `line` (1-based) starts with the sequence number `sequence`.
    private func laterLinesHold(sequence: Int, after line: Int) -> Bool {
        lines[line...].contains { range in
            let first = bytes[range].prefix { $0 != 0x09 }
            return decimal(first) == sequence
        }
    }

    /// A canonical decimal (no sign, no leading zero but for 0 itself, at most 18 digits).
    private func decimal(_ field: ArraySlice<UInt8>) -> Int? {
        guard !field.isEmpty, field.count <= 18, field.count == 1 || field.first != UInt8(ascii: "0") else {
            return nil
        }
        var value = 0
        for c in field {
            guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(c - UInt8(ascii: "0"))
        }
        return value
    }

    /// A field for a message: quoted, escaped, at most 40 characters.
    private func shown(_ field: ArraySlice<UInt8>) -> String {
        let text = LedgerText.escape(String(decoding: field, as: UTF8.self))
        return "\"" + (text.count > 40 ? String(text.prefix(40)) + "…" : text) + "\""
    }
}
