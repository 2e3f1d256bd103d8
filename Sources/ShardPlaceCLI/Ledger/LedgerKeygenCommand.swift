import ArgumentParser
import ShardPlaceTrust

/// `shardplace ledger keygen`: make the Ed25519 key pair that signs a ledger.
struct LedgerKeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Make an Ed25519 key pair for signing a trust ledger.",
        discussion: HelpText.reflow(
            """
            Writes the private key to KEY (PKCS#8 PEM, mode 0600) and the public key to KEY.pub (SPKI \
            PEM), each atomically. The formats are OpenSSL's: `openssl pkey -in KEY -pubout` prints \
            KEY.pub, and a key from `openssl genpkey -algorithm ed25519` can be used instead. Keep KEY \
            secret; hand KEY.pub to whoever verifies the ledger. Prints the key id that the ledger's \
            lines carry.
            Exit status: 0 on success, 2 when KEY or KEY.pub exists (without --force) or cannot be \
            written.
            """)
    )

    @Option(
        name: .long, help: ArgumentHelp("The private key file; the public key goes to FILE.pub.", valueName: "file"))
    var out: String

    @Flag(name: .long, help: "Replace KEY and KEY.pub when they exist.")
    var force = false

    func run() throws {
        try reportingFailures {
            let key = LedgerSigningKey.generate()
            try TrustLedgerError.reported { () throws(TrustLedgerError) in
                try LedgerFile.writeKeyPair(key, to: out, overwrite: force)
            }
            print("wrote \(out) (private, mode 0600) and \(out).pub; key id \(key.publicKey.keyID)")
        }
    }
}
