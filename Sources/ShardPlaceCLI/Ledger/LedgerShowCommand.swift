import ArgumentParser
import Foundation
import ShardPlaceTrust

/// `shardplace ledger show`: list a ledger's entries and the scores they yield.
struct LedgerShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "List a trust ledger's entries and each provider's current score.",
        discussion: HelpText.reflow(
            """
            The ledger is checked as by `verify` before it is shown; without --public-key the signatures \
            and key ids are not checked (a note on stderr says so). A provider's current score is its \
            latest entry's new score: the trust `place --trust-ledger` gives its hosts. The table ends \
            with the entry count and the head hash: recorded elsewhere, they let `ledger verify \
            --expect-head --min-entries` find a rollback to an older copy.
            --format json gives `entries` (`sequence`, `timestamp`, `provider`, `oldScore` (null for a \
            provider's first entry), `newScore`, `kind`, `reason`, `keyID`, `previousHash`, `hash`, \
            `signature`), `scores` (provider → score), `keyID`, `head`, `signaturesChecked`.
            Exit status: 0 on success, 1 when the ledger is broken, 2 on invalid input.
            """)
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    @Option(name: .long, help: ArgumentHelp("The ledger file.", valueName: "file"))
    var ledger: String

    @Option(
        name: .long,
        help: ArgumentHelp("Also check signatures with this public key (KEY.pub).", valueName: "file"))
    var publicKey: String?

    @Option(name: .long, help: "Output format: table or json.")
    var format: Format = .table

    struct Document: Encodable {
        struct Entry: Encodable {
            var sequence: Int
            var timestamp: String
            var provider: String
            var oldScore: Double?
            var newScore: Double
            var kind: String
            var reason: String
            var keyID: String
            var previousHash: String
            var hash: String
            var signature: String

            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(sequence, forKey: .sequence)
                try c.encode(timestamp, forKey: .timestamp)
                try c.encode(provider, forKey: .provider)
                try c.encode(oldScore, forKey: .oldScore)  // null for a provider's first entry
                try c.encode(newScore, forKey: .newScore)
                try c.encode(kind, forKey: .kind)
                try c.encode(reason, forKey: .reason)
                try c.encode(keyID, forKey: .keyID)
                try c.encode(previousHash, forKey: .previousHash)
                try c.encode(hash, forKey: .hash)
                try c.encode(signature, forKey: .signature)
            }

            enum CodingKeys: String, CodingKey {
                case sequence, timestamp, provider, oldScore, newScore, kind, reason, keyID, previousHash, hash,
                    signature
            }
        }
        var ledger: String
        var signaturesChecked: Bool
        var keyID: String
        var head: String
        var entries: [Entry]
        var scores: [String: Double]
    }

    func run() throws {
        var intact = true
        try reportingFailures {
            let key = try publicKey.map { path throws(CLIFailure) in
                try TrustLedgerError.reported { () throws(TrustLedgerError) in try LedgerFile.readPublicKey(path) }
            }
            let verified: TrustLedger
            do {
                verified = try LedgerFile.load(ledger, publicKey: key)
            } catch let error as TrustLedgerError where error.kind == .broken {
                intact = false
                StandardError.write("shardplace: error: \(error.description)\n")
                return
            } catch let error as TrustLedgerError {
                throw error.cliFailure
            }
            if key == nil {
                StandardError.write(
                    "shardplace: note: signatures not checked (give --public-key KEY.pub, or run `ledger verify`)\n")
            }
            switch format {
            case .json:
                let document = Document(
                    ledger: ledger, signaturesChecked: key != nil, keyID: verified.seal.keyID, head: verified.head.hex,
                    entries: verified.entries.map {
                        Document.Entry(
                            sequence: $0.sequence, timestamp: $0.timestampText, provider: $0.provider,
                            oldScore: $0.oldScore?.value, newScore: $0.newScore.value, kind: $0.kind.rawValue,
                            reason: $0.reason, keyID: $0.keyID, previousHash: $0.previousHash.hex, hash: $0.hash.hex,
                            signature: $0.signatureHex)
                    },
                    scores: verified.trustByProvider)
                try FileOutput.writeStandardOutput(try CostReport.json(document))
            case .table:
                try FileOutput.writeStandardOutput(
                    LedgerShowCommand.entryTable(verified) + LedgerShowCommand.scoreTable(verified))
            }
        }
        if !intact { throw ExitCode(1) }
    }

    /// The entries as a fixed-width table.
    static func entryTable(_ ledger: TrustLedger) -> String {
        var rows = [["seq", "time (UTC)", "provider", "old", "new", "kind", "reason"]]
        for e in ledger.entries {
            rows.append([
                String(e.sequence), e.timestampText, e.provider, e.oldScore?.description ?? "-", e.newScore.description,
                e.kind.rawValue,
                String(e.reason.map { $0.isNewline || $0 == "\t" ? " " : $0 }),
            ])
        }
        return table(rows) + "\(ledger.entries.count) entries; head \(ledger.head.hex); key id \(ledger.seal.keyID)\n"
    }

    /// Each provider's current score (its latest entry), sorted by provider.
    static func scoreTable(_ ledger: TrustLedger) -> String {
        var latest: [String: TrustLedgerEntry] = [:]
        for e in ledger.entries { latest[e.provider] = e }
        var rows = [["provider", "trust", "since entry", "time (UTC)"]]
        for (provider, e) in latest.sorted(by: { $0.key < $1.key }) {
            rows.append([provider, e.newScore.description, String(e.sequence), e.timestampText])
        }
        return "current scores:\n" + table(rows)
    }

    private static func table(_ rows: [[String]]) -> String {
        var widths = [Int](repeating: 0, count: rows[0].count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        return rows.map { row in
            row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
