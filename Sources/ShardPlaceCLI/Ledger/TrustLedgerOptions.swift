import ArgumentParser
import ShardPlace
import ShardPlaceTrust

/// `--trust-ledger FILE --ledger-public-key KEY.pub`: host trust from a verified trust ledger, for the
/// commands that read a scenario (`place`, `plan`, `evaluate`, `validate`).
struct TrustLedgerOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "A trust ledger (`shardplace ledger`): every host whose `provider` label has a score in it gets that trust, replacing the scenario's. Needs --ledger-public-key.",
            valueName: "file"))
    var trustLedger: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The public key the trust ledger must be signed with; the ledger is verified before use.",
            valueName: "file"))
    var ledgerPublicKey: String?

    /// `scenario` with host trust from the ledger, after verifying it; the scenario unchanged without
    /// --trust-ledger. One line on stderr says what was applied.
    ///
    /// - Throws: ``CLIFailure`` (exit 2): only one of the two options, an unreadable key or ledger, a
    ///   ledger that does not verify (its first fault), or a scenario in which a shard has no eligible
    ///   host any more.
    func apply(to scenario: Scenario, name: String) throws -> Scenario {
        guard trustLedger != nil || ledgerPublicKey != nil else { return scenario }
        guard let trustLedger, let ledgerPublicKey else {
            throw CLIFailure.invalidInput("--trust-ledger and --ledger-public-key go together: give both")
        }
        let ledger = try TrustLedgerError.reported { () throws(TrustLedgerError) in
            try LedgerFile.load(trustLedger, publicKey: try LedgerFile.readPublicKey(ledgerPublicKey))
        }
        let scores = ledger.trustByProvider
        let trusted = scenario.applyingTrust(scores)
        let issues = trusted.validate()
        if !issues.isEmpty {
            throw CLIFailure.invalidInput(
                ScenarioError(file: "\(name) (trust from \(trustLedger))", issues: issues).description)
        }
        StandardError.write(
            "trust ledger \(trustLedger): verified, \(ledger.entries.count) entries; scores of \(scores.count) provider(s) applied to \(scenario.hostCount(withTrustFrom: scores)) host(s)\n"
        )
        return trusted
    }
}
