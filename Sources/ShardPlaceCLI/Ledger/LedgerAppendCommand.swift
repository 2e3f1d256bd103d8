import ArgumentParser
import Foundation
import ShardPlaceTrust

/// `shardplace ledger append`: record a provider's new trust score.
struct LedgerAppendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "append",
        abstract: "Append a provider's new trust score to a ledger (created when absent).",
        discussion: HelpText.reflow(
            """
            The ledger is verified with KEY's public key first: a ledger that does not verify, or that \
            another key signed, is left alone (exit 2). The entry's old score is the provider's current \
            score in the ledger (none for a new provider); its time is now (UTC, whole seconds). \
            The append is durable: under an exclusive lock of the ledger's folder the whole new file is \
            written to a temporary file beside it, synced, renamed over the ledger, and the folder is \
            synced, so a crash leaves the old ledger or the new one, never a mix.
            Prints the new entry and the ledger's new head hash and entry count: keep them where the \
            ledger's writers cannot change them, for `ledger verify --expect-head --min-entries`.
            Exit status: 0 on success, 2 on invalid input (a missing or malformed key, a score outside \
            0…1, an empty provider or reason, a broken ledger).
            """)
    )

    @Option(name: .long, help: ArgumentHelp("The ledger file (created when absent).", valueName: "file"))
    var ledger: String

    @Option(name: .long, help: ArgumentHelp("The private key (from `shardplace ledger keygen`).", valueName: "file"))
    var key: String

    @Option(name: .long, help: ArgumentHelp("The provider (the value of hosts' `provider` label).", valueName: "name"))
    var provider: String

    @Option(
        name: .long,
        help: ArgumentHelp("The new trust score: a decimal in 0…1 with at most six decimals.", valueName: "score"))
    var score: String

    @Option(name: .long, help: ArgumentHelp("Why the score changes, in words.", valueName: "text"))
    var reason: String

    @Option(name: .long, help: "The kind of reason: incident, audit, sla or other.")
    var kind: KindOption = .other

    enum KindOption: String, ExpressibleByArgument, CaseIterable {
        case incident, audit, sla, other
    }

    func run() throws {
        try reportingFailures {
            guard let newScore = TrustScore(parsing: score) else {
                throw CLIFailure.invalidInput(
                    "--score: expected a decimal between 0 and 1 with at most six decimals, found \"\(score)\"")
            }
            if provider.isEmpty { throw CLIFailure.invalidInput("--provider: expected a non-empty name") }
            if reason.isEmpty { throw CLIFailure.invalidInput("--reason: expected a non-empty text") }
            let signingKey = try TrustLedgerError.reported { () throws(TrustLedgerError) in
                try LedgerFile.readSigningKey(key)
            }
            let entry = try TrustLedgerError.reported { () throws(TrustLedgerError) in
                try LedgerFile.append(
                    to: ledger, provider: provider, score: newScore, kind: TrustReasonKind(rawValue: kind.rawValue)!,
                    reason: reason, timestamp: Int64(Date().timeIntervalSince1970.rounded(.down)),
                    signingKey: signingKey)
            }
            print(
                "\(ledger): entry \(entry.sequence): \(entry.provider) \(entry.oldScore?.description ?? "-") → \(entry.newScore) (\(entry.kind.rawValue)); hash \(entry.hash)"
            )
            print(
                "head \(entry.hash), \(entry.sequence) entries (record both elsewhere: `ledger verify --expect-head HASH --min-entries N` finds a rollback)"
            )
        }
    }
}
