/// The first thing wrong in a ledger file: where it is and what it is.
public struct LedgerFault: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kinds of damage a verifier tells apart.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The first line is not the format's header (or the file is empty).
        case header
        /// A line that cannot be read: wrong number of fields, a bad number, hash, signature or
        /// escape, or a field not in its one canonical spelling.
        case malformed
        /// The file ends early: no seal, or a last line without its line feed.
        case truncated
        /// An entry is missing: the sequence jumps and the missing number appears nowhere later.
        case dropped
        /// Entries are out of order: a sequence number that belongs elsewhere in the file.
        case reordered
        /// An entry's previous-entry hash is not the hash of the entry before it.
        case chain
        /// An entry's hash is not the SHA-256 of its contents: the entry was edited.
        case edited
        /// The entry or seal was signed by another key than the one given.
        case foreignKey
        /// The signature does not verify: edited, or swapped from another line.
        case signature
        /// An entry's old score is not the provider's score replayed from the entries before it.
        case score
        /// The seal line does not match the entries (count, head hash), or lines follow it.
        case seal
        /// The ledger verifies but lacks entries that a record kept elsewhere says it had
        /// (``LedgerAnchor``): a rollback to an older copy.
        case rolledBack
    }

    /// The 1-based line of the file.
    public var line: Int
    /// The sequence number the verifier expected at this line, when the line should hold an entry.
    public var expectedSequence: Int?
    /// What is wrong.
    public var kind: Kind
    /// What is wrong, in words.
    public var message: String

    /// A fault at `line`.
    public init(line: Int, expectedSequence: Int? = nil, kind: Kind, _ message: String) {
        self.line = line
        self.expectedSequence = expectedSequence
        self.kind = kind
        self.message = message
    }

    /// `line N: message`.
    public var description: String { "line \(line): \(message)" }
}
