import ShardPlaceTrust

extension TrustLedgerError {
    /// The error as the CLI reports it: exit status 2 (invalid input, which includes a ledger that
    /// does not verify where a verified one is needed).
    var cliFailure: CLIFailure { .invalidInput(description) }

    /// Runs `body`, turning a ``TrustLedgerError`` into a ``CLIFailure``.
    static func reported<T>(_ body: () throws(TrustLedgerError) -> T) throws(CLIFailure) -> T {
        do {
            return try body()
        } catch {
            throw error.cliFailure
        }
    }
}
