internal import Foundation

extension LedgerFile {
    /// Reads a private key file (PKCS#8 PEM).
    ///
    /// - Throws: ``TrustLedgerError`` (invalid input) naming the file: missing, unreadable, or not an
    ///   Ed25519 private key.
    public static func readSigningKey(_ path: String) throws(TrustLedgerError) -> LedgerSigningKey {
        try LedgerSigningKey(pem: try keyText(path, what: "private key"), file: path)
    }

    /// Reads a public key file (SPKI PEM).
    ///
    /// - Throws: ``TrustLedgerError`` (invalid input) naming the file: missing, unreadable, or not an
    ///   Ed25519 public key.
    public static func readPublicKey(_ path: String) throws(TrustLedgerError) -> LedgerPublicKey {
        try LedgerPublicKey(pem: try keyText(path, what: "public key"), file: path)
    }

    /// Writes `key` to `path` (mode 0600) and its public key to `path.pub` (mode 0644), each
    /// atomically (a synced temporary file renamed into place).
    ///
    /// - Parameters:
    ///   - key: the key pair to write.
    ///   - path: the private key file; the public key goes to `path` + `.pub`.
    ///   - overwrite: replace existing files; without it an existing file is an error and nothing is
    ///     written.
    /// - Throws: ``TrustLedgerError``: invalid input when a file exists (without `overwrite`), io when
    ///   a write fails.
    public static func writeKeyPair(_ key: LedgerSigningKey, to path: String, overwrite: Bool) throws(TrustLedgerError)
    {
        let publicPath = path + ".pub"
        if !overwrite {
            for file in [path, publicPath] where FileManager.default.fileExists(atPath: file) {
                throw TrustLedgerError(
                    .invalidInput, file: file, "already exists; refusing to overwrite a key (use --force to replace it)"
                )
            }
        }
        try place(Array(key.pem.utf8), at: path, mode: 0o600, overwrite: overwrite)
        do {
            try place(Array(key.publicKey.pem.utf8), at: publicPath, mode: 0o644, overwrite: overwrite)
        } catch {
            if !overwrite { unlink(path) }
            throw error
        }
    }

    /// Writes a synced temporary file beside `path` and renames it into place (or, without
    /// `overwrite`, links it, which fails when `path` appeared meanwhile).
    private static func place(_ bytes: [UInt8], at path: String, mode: mode_t, overwrite: Bool) throws(TrustLedgerError)
    {
        let url = URL(fileURLWithPath: path)
        let temporary =
            url.deletingLastPathComponent().path
            + "/.\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        try writeNewFile(bytes, to: temporary, mode: mode, name: path)
        defer { unlink(temporary) }
        if overwrite {
            if rename(temporary, path) != 0 { throw failure(.io, path, "cannot write", errno) }
        } else if link(temporary, path) != 0 {
            let code = errno
            if code == EEXIST {
                throw TrustLedgerError(
                    .invalidInput, file: path, "already exists; refusing to overwrite a key (use --force to replace it)"
                )
            }
            throw failure(.io, path, "cannot write", code)
        }
    }

    private static func keyText(_ path: String, what: String) throws(TrustLedgerError) -> String {
        guard let bytes = try readFile(path) else {
            throw TrustLedgerError(
                .invalidInput, file: path, "cannot read the \(what): \(String(cString: strerror(ENOENT)))")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw TrustLedgerError(.invalidInput, file: path, "not a \(what): the file is not text")
        }
        return text
    }
}
