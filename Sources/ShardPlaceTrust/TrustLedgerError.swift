/// A trust-ledger operation that could not be done: bad input, a system error or a broken ledger. The
/// message names the file and, where it applies, the field or line.
public struct TrustLedgerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, for the exit status.
    public enum Kind: String, Sendable, Hashable {
        /// A missing or unreadable file, a malformed key, a score out of range, an empty provider.
        case invalidInput
        /// The system refused a read, a write, a rename or a lock.
        case io
        /// The ledger does not verify; ``TrustLedgerError/fault`` says where and why.
        case broken
    }

    /// What went wrong.
    public var kind: Kind
    /// The file concerned, when there is one.
    public var file: String?
    /// Why the ledger does not verify (kind ``Kind/broken`` only).
    public var fault: LedgerFault?
    /// What went wrong, in words.
    public var message: String

    /// An error of `kind` about `file`.
    public init(_ kind: Kind, file: String?, _ message: String, fault: LedgerFault? = nil) {
        self.kind = kind
        self.file = file
        self.message = message
        self.fault = fault
    }

    /// A broken ledger: `file` with the first fault found in it.
    public static func broken(_ file: String, _ fault: LedgerFault) -> TrustLedgerError {
        TrustLedgerError(.broken, file: file, fault.description, fault: fault)
    }

    /// `file: message`, or the message alone.
    public var description: String { file.map { "\($0): \(message)" } ?? message }
}
