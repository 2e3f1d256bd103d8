import ArgumentParser

/// `shardplace ledger`: the signed, hash-chained trust ledger (keygen, append, verify, show).
struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Keep providers' trust scores in an append-only, hash-chained, Ed25519-signed ledger.",
        discussion: HelpText.reflow(
            """
            Each entry records a provider's score change (old → new), its kind (incident, audit, sla, \
            other) and reason, the SHA-256 hash of its contents, the hash of the entry before it and an \
            Ed25519 signature; a signed seal line closes the file. `verify` finds any edited, dropped or \
            reordered entry and any swapped signature. `place`, `plan`, `evaluate` and `validate` take \
            --trust-ledger FILE --ledger-public-key KEY.pub to give every host the latest score of its \
            `provider` label. The file format is in the DocC article "Trust ledger".
            Exit status: 0 on success, 1 when `verify` finds the ledger broken, 2 on invalid input.
            """),
        subcommands: [
            LedgerKeygenCommand.self, LedgerAppendCommand.self, LedgerVerifyCommand.self, LedgerShowCommand.self,
        ]
    )
}
