internal import Crypto

/// One pass of ``TrustLedger/init(verifying:publicKey:)`` over a file: everything but the signatures,
/// which it collects for ``LedgerSignatures``.
///
/// Each field parser accepts only the field's canonical spelling, so the hash is taken over the
/// line's bytes as they are: a line that parses is its own canonical encoding.
struct LedgerReader {
    let bytes: [UInt8]
    let publicKey: LedgerPublicKey?
    /// Byte ranges of the lines, without their line feeds.
    private(set) var lines: [Range<Int>] = []
    /// Whether the last line has no line feed.
    private(set) var unterminated = false
    private(set) var entries: [TrustLedgerEntry] = []
    private(set) var scores: [String: TrustScore] = [:]
    private(set) var seal: LedgerSeal?
    /// The signatures to verify, in file order.
    private(set) var signed: [LedgerSignatures.Signed] = []
    /// The start of each field of the line being read, and one past its end.
    private var bounds: [Int] = []

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
        bounds.reserveCapacity(16)
    }

    /// Reads every line; the first fault other than a bad signature, or `nil`.
    mutating func read() -> LedgerFault? {
        do {
            try readLines()
            return nil
        } catch {
            return error
        }
    }

    private mutating func readLines() throws(LedgerFault) {
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
                        "not a shardplace trust ledger: expected the header \"\(TrustLedger.header)\", found \(shown(range))"
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
            splitFields(range)
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

    /// Fills ``bounds`` with the field boundaries of `range`: field i is `bounds[i]..<bounds[i + 1] - 1`.
    private mutating func splitFields(_ range: Range<Int>) {
        bounds.removeAll(keepingCapacity: true)
        bounds.append(range.lowerBound)
        for i in range where bytes[i] == 0x09 { bounds.append(i + 1) }
        bounds.append(range.upperBound + 1)
    }

    private var fieldCount: Int { bounds.count - 1 }

    private func field(_ i: Int) -> Range<Int> { bounds[i]..<(bounds[i + 1] - 1) }

    private mutating func readEntry(_ range: Range<Int>, line: Int) throws(LedgerFault) {
        let expected = entries.count + 1
        func fault(_ kind: LedgerFault.Kind, _ message: String) -> LedgerFault {
            LedgerFault(line: line, expectedSequence: expected, kind: kind, message)
        }
        guard fieldCount == 11 else {
            throw fault(
                .malformed,
                "expected an entry (11 tab-separated fields) or the seal line, found \(fieldCount) field(s)")
        }
        func bad(_ i: Int, _ expectation: String) -> LedgerFault {
            fault(
                .malformed,
                "field \(i + 1) (\(TrustLedger.fieldNames[i])): expected \(expectation), found \(shown(field(i)))")
        }
        guard let sequence = decimal(field(0)), sequence >= 1 else {
            throw bad(0, "a whole number ≥ 1 without leading zeros")
        }
        guard let timestamp = LedgerText.seconds(fromTimestamp: bytes[field(1)]) else {
            throw bad(1, "a UTC time YYYY-MM-DDTHH:MM:SSZ")
        }
        guard let provider = LedgerText.unescape(bytes[field(2)]), !provider.isEmpty else {
            throw bad(2, "a non-empty escaped UTF-8 text")
        }
        var oldScore: TrustScore?
        if !bytes[field(3)].elementsEqual(CollectionOfOne(UInt8(ascii: "-"))) {
            guard let score = TrustScore(canonical: bytes[field(3)]) else {
                throw bad(3, "- or a score D.DDDDDD between 0 and 1")
            }
            oldScore = score
        }
        guard let newScore = TrustScore(canonical: bytes[field(4)]) else {
            throw bad(4, "a score D.DDDDDD between 0 and 1")
        }
        guard let kind = TrustReasonKind(rawValue: String(decoding: bytes[field(5)], as: UTF8.self)) else {
            throw bad(5, TrustReasonKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        guard let reason = LedgerText.unescape(bytes[field(6)]), !reason.isEmpty else {
            throw bad(6, "a non-empty escaped UTF-8 text")
        }
        guard field(7).count == 16, LedgerHex.decode(bytes[field(7)]) != nil else {
            throw bad(7, "16 lowercase hexadecimal digits")
        }
        let keyID = String(decoding: bytes[field(7)], as: UTF8.self)
        guard let previous = LedgerDigest(hexBytes: bytes[field(8)]) else {
            throw bad(8, "64 lowercase hexadecimal digits")
        }
        guard let hash = LedgerDigest(hexBytes: bytes[field(9)]) else {
            throw bad(9, "64 lowercase hexadecimal digits")
        }
        guard field(10).count == 128, let signature = LedgerHex.decode(bytes[field(10)]) else {
            throw bad(10, "128 lowercase hexadecimal digits")
        }

        var hasher = SHA256()
        hasher.update(data: TrustLedgerEntry.domain)
        hasher.update(data: bytes[range.lowerBound..<field(8).upperBound])
        if LedgerDigest(unchecked: Array(hasher.finalize())) != hash {
            throw fault(.edited, "entry \(sequence) was edited: its hash does not match its contents")
        }
        if sequence != expected {
            if sequence < expected {
                throw fault(
                    .reordered, "entry \(sequence) is out of order or repeated: entry \(expected) was expected here")
            }
            if laterLinesHold(sequence: expected, after: line) {
                throw fault(
                    .reordered,
                    "entry \(sequence) is out of order: entry \(expected) was expected here and comes later in the file"
                )
            }
            throw fault(.dropped, "entry \(expected) is missing (dropped): this line holds entry \(sequence)")
        }
        if previous != (entries.last?.hash ?? .genesis) {
            throw fault(
                .chain,
                expected == 1
                    ? "entry 1 does not start the chain: its previous hash is not zero"
                    : "entry \(sequence)'s previous hash is not the hash of entry \(expected - 1) (line \(line - 1))")
        }
        if let publicKey, keyID != publicKey.keyID {
            throw fault(
                .foreignKey,
                "entry \(sequence) was signed by key \(keyID), not by the public key given (\(publicKey.keyID))")
        }
        if oldScore != scores[provider] {
            let replayed = scores[provider].map { "its score \($0)" } ?? "no earlier entry"
            throw fault(
                .score,
                "entry \(sequence) gives \(oldScore?.description ?? "no") old score for provider \"\(provider)\", but it has \(replayed)"
            )
        }
        let entry = TrustLedgerEntry(
            sequence: sequence, timestamp: timestamp, provider: provider, oldScore: oldScore, newScore: newScore,
            kind: kind, reason: reason, keyID: keyID, previousHash: previous, hash: hash, signature: signature)
        entries.append(entry)
        scores[provider] = newScore
        signed.append(.init(line: line, sequence: sequence, digest: hash, signature: signature))
    }

    private mutating func readSeal(_ range: Range<Int>, line: Int) throws(LedgerFault) {
        let names = ["seal", "count", "head", "key id", "signature"]
        func bad(_ i: Int, _ expectation: String) -> LedgerFault {
            LedgerFault(
                line: line, kind: .malformed,
                "seal field \(i + 1) (\(names[i])): expected \(expectation), found \(shown(field(i)))")
        }
        guard fieldCount == 5 else {
            throw LedgerFault(
                line: line, kind: .malformed, "expected a seal line of 5 tab-separated fields, found \(fieldCount)")
        }
        guard let count = decimal(field(1)) else { throw bad(1, "a whole number without leading zeros") }
        guard let head = LedgerDigest(hexBytes: bytes[field(2)]) else {
            throw bad(2, "64 lowercase hexadecimal digits")
        }
        guard field(3).count == 16, LedgerHex.decode(bytes[field(3)]) != nil else {
            throw bad(3, "16 lowercase hexadecimal digits")
        }
        let keyID = String(decoding: bytes[field(3)], as: UTF8.self)
        guard field(4).count == 128, let signature = LedgerHex.decode(bytes[field(4)]) else {
            throw bad(4, "128 lowercase hexadecimal digits")
        }
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
        if let publicKey, keyID != publicKey.keyID {
            throw LedgerFault(
                line: line, kind: .foreignKey,
                "the seal was signed by key \(keyID), not by the public key given (\(publicKey.keyID))")
        }
        self.seal = seal
        signed.append(.init(line: line, sequence: nil, digest: seal.digest, signature: signature))
    }

    /// Whether a line after `line` (1-based) starts with the sequence number `sequence`.
    private func laterLinesHold(sequence: Int, after line: Int) -> Bool {
        lines[line...].contains { range in
            let end = bytes[range].firstIndex(of: 0x09) ?? range.upperBound
            return decimal(range.lowerBound..<end) == sequence
        }
    }

    /// A canonical decimal (no sign, no leading zero but for 0 itself, at most 18 digits).
    private func decimal(_ range: Range<Int>) -> Int? {
        guard !range.isEmpty, range.count <= 18, range.count == 1 || bytes[range.lowerBound] != UInt8(ascii: "0")
        else { return nil }
        var value = 0
        for c in bytes[range] {
            guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(c - UInt8(ascii: "0"))
        }
        return value
    }

    /// A field for a message: quoted, escaped, at most 40 characters.
    private func shown(_ range: Range<Int>) -> String {
        let text = LedgerText.escape(String(decoding: bytes[range], as: UTF8.self))
        return "\"" + (text.count > 40 ? String(text.prefix(40)) + "…" : text) + "\""
    }
}
