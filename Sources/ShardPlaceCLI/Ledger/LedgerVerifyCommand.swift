import ArgumentParser
import ShardPlaceTrust

/// `shardplace ledger verify`: check a ledger from end to end.
struct LedgerVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that a trust ledger is intact: every hash, link, sequence number, score and signature.",
        discussion: HelpText.reflow(
            """
            Reads the whole file and stops at the first fault, naming its line and what is wrong: a \
            malformed or non-canonical line, an edited entry (its hash does not match its contents), a \
            dropped or reordered entry (sequence numbers and previous-entry hashes), a signature that \
            does not verify (edited or swapped), an entry or seal signed by another key, an old score \
            that does not replay, a missing or mismatched seal (entries cut off the end) or a truncated \
            last line. Temporary files beside the ledger (left by a crashed append) are ignored.
            A ledger file cannot show by itself that it was replaced by an older, complete copy of \
            itself (a rollback: every older copy is a valid, sealed prefix). Record the head hash and \
            the entry count that `append`, `show` and `verify` print somewhere the ledger's writers \
            cannot change, and pass them: --expect-head HASH fails unless some entry has that hash \
            (entries appended since are fine), --min-entries N fails when fewer than N entries are \
            left; either finds a rollback to before the record (fault kind `rolledBack`).
            Output: a summary (entries, providers, key id, head hash, current scores) or the fault;
            --format json gives `intact`, `entries`, `keyID`, `head`, `scores`, `expectedHeadEntry` \
            (the entry with the --expect-head hash) or `fault` (`line`, `kind`, `expectedSequence`, \
            `message`).
            Exit status: 0 when intact, 1 when broken, 2 on invalid input (a missing ledger, a missing \
            or malformed public key).
            """)
    )

    @Option(name: .long, help: ArgumentHelp("The ledger file.", valueName: "file"))
    var ledger: String

    @Option(
        name: .long,
        help: ArgumentHelp("The public key the ledger must be signed with (KEY.pub from keygen).", valueName: "file"))
    var publicKey: String

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A head hash recorded earlier (64 hexadecimal digits): some entry must have it, or the ledger was rolled back.",
            valueName: "hash"))
    var expectHead: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "An entry count recorded earlier: fewer entries means the ledger was rolled back.", valueName: "n"))
    var minEntries: Int?

    @Option(name: .long, help: "Output format: text or json.")
    var format: ReportFormat = .text

    struct Document: Encodable {
        struct Fault: Encodable {
            var line: Int
            var kind: String
            var expectedSequence: Int?
            var message: String
        }
        var ledger: String
        var intact: Bool
        var entries: Int?
        var providers: Int?
        var keyID: String?
        var head: String?
        var scores: [String: Double]?
        var expectedHeadEntry: Int?
        var fault: Fault?
    }

    /// The record to check the ledger against, from --expect-head and --min-entries.
    func anchor() throws(CLIFailure) -> LedgerAnchor {
        var anchor = LedgerAnchor(minimumEntries: minEntries)
        if let minEntries, minEntries < 0 {
            throw CLIFailure.invalidInput("--min-entries: expected a count of 0 or more, found \(minEntries)")
        }
        if let expectHead {
            guard let digest = LedgerDigest(hex: expectHead.lowercased()) else {
                throw CLIFailure.invalidInput(
                    "--expect-head: expected a SHA-256 hash, 64 hexadecimal digits, found \"\(expectHead)\"")
            }
            anchor.head = digest
        }
        return anchor
    }

    func run() throws {
        var intact = true
        try reportingFailures {
            let anchor = try anchor()
            let key = try TrustLedgerError.reported { () throws(TrustLedgerError) in
                try LedgerFile.readPublicKey(publicKey)
            }
            let document: Document
            var text: String
            do {
                let verified = try LedgerFile.load(ledger, publicKey: key, anchor: anchor)
                let expectedEntry = anchor.head.flatMap { verified.sequence(ofHash: $0) }
                document = Document(
                    ledger: ledger, intact: true, entries: verified.entries.count, providers: verified.scores.count,
                    keyID: verified.seal.keyID, head: verified.head.hex, scores: verified.trustByProvider,
                    expectedHeadEntry: expectedEntry)
                text = "\(ledger): intact — \(verified.entries.count) entries, \(verified.scores.count) providers, "
                text += "signed by key \(verified.seal.keyID)\nhead \(verified.head.hex)\n"
                if let first = verified.entries.first, let last = verified.entries.last {
                    text += "from \(first.timestampText) to \(last.timestampText)\n"
                }
                if let expectedEntry {
                    text +=
                        "expected head: entry \(expectedEntry), \(verified.entries.count - expectedEntry) appended since\n"
                }
                if let minimum = anchor.minimumEntries {
                    text += "at least \(minimum) entries: yes\n"
                }
                text += LedgerShowCommand.scoreTable(verified)
            } catch let error as TrustLedgerError where error.kind == .broken {
                let fault = error.fault!
                intact = false
                document = Document(
                    ledger: ledger, intact: false,
                    fault: .init(
                        line: fault.line, kind: fault.kind.rawValue, expectedSequence: fault.expectedSequence,
                        message: fault.message))
                text = "\(ledger): BROKEN at line \(fault.line) (\(fault.kind.rawValue)): \(fault.message)\n"
            } catch let error as TrustLedgerError {
                throw error.cliFailure
            }
            switch format {
            case .text: try FileOutput.writeStandardOutput(text)
            case .json: try FileOutput.writeStandardOutput(try CostReport.json(document))
            }
        }
        if !intact { throw ExitCode(1) }
    }
}
