internal import Foundation

/// Reads and writes ledger and key files.
///
/// An append is durable and all-or-nothing: under an exclusive `flock` of the ledger's folder it
/// reads and verifies the ledger, writes the whole new file to a temporary file in the same folder,
/// `fsync`s it, renames it over the ledger and `fsync`s the folder. A crash at any point leaves the
/// old ledger or the new one, both verifiable; a temporary file left by a crash is ignored by
/// readers and removed by the next append.
public enum LedgerFile {
    /// Reads a ledger and verifies it.
    ///
    /// - Parameters:
    ///   - path: the ledger file.
    ///   - publicKey: the key it must be signed with; `nil` skips key ids and signatures.
    /// - Returns: the verified ledger.
    /// - Throws: ``TrustLedgerError``: invalid input when the file cannot be read, broken (with the
    ///   ``LedgerFault``) when it does not verify.
    public static func load(_ path: String, publicKey: LedgerPublicKey?) throws(TrustLedgerError) -> TrustLedger {
        guard let bytes = try readFile(path) else {
            throw TrustLedgerError(
                .invalidInput, file: path, "cannot read the ledger: \(String(cString: strerror(ENOENT)))")
        }
        do {
            return try TrustLedger(verifying: bytes, publicKey: publicKey)
        } catch {
            throw TrustLedgerError.broken(path, error)
        }
    }

    /// Reads a ledger, verifies it and checks it against a record kept elsewhere
    /// (``TrustLedger/check(_:)``): what finds a rollback to an older complete copy.
    ///
    /// - Throws: as ``load(_:publicKey:)``; broken with a ``LedgerFault/Kind/rolledBack`` fault when the
    ///   ledger lacks the recorded head or entries.
    public static func load(
        _ path: String, publicKey: LedgerPublicKey?, anchor: LedgerAnchor
    ) throws(TrustLedgerError) -> TrustLedger {
        let ledger = try load(path, publicKey: publicKey)
        do {
            try ledger.check(anchor)
        } catch {
            throw TrustLedgerError.broken(path, error)
        }
        return ledger
    }

    /// Appends a score update to the ledger at `path`, creating it when absent; see the type's
    /// description for what makes it durable.
    ///
    /// - Parameters:
    ///   - path: the ledger file.
    ///   - provider: the provider; not empty.
    ///   - score: its new score.
    ///   - kind: why the score changes.
    ///   - reason: why, in words; not empty.
    ///   - timestamp: seconds since 1970 (UTC).
    ///   - key: the signing key; the ledger must be signed with it (it is verified first).
    /// - Returns: the new entry.
    /// - Throws: ``TrustLedgerError``: broken when the existing ledger does not verify with the
    ///   key's public key (nothing is written), invalid input for a bad field, io when the system
    ///   refuses a step (the ledger is left as it was).
    @discardableResult
    public static func append(
        to path: String, provider: String, score: TrustScore, kind: TrustReasonKind, reason: String,
        timestamp: Int64, signingKey key: LedgerSigningKey
    ) throws(TrustLedgerError) -> TrustLedgerEntry {
        try append(
            to: path, provider: provider, score: score, kind: kind, reason: reason, timestamp: timestamp,
            signingKey: key, injecting: nil)
    }

    /// A point where a test makes ``append(to:provider:score:kind:reason:timestamp:signingKey:injecting:)``
    /// stop as if the process died (nothing is cleaned up) or fail as if the system refused (the
    /// normal error path runs).
    @_spi(Testing) public enum Injection: Sendable, Hashable {
        /// Die after writing half of the temporary file.
        case crashDuringWrite
        /// Die after the temporary file is complete and synced, before the rename.
        case crashBeforeRename
        /// Die after the rename, before the folder is synced.
        case crashBeforeDirectorySync
        /// Fail (as for a full disk) after the temporary file is written, before the rename.
        case failBeforeRename
    }

    /// ``append(to:provider:score:kind:reason:timestamp:signingKey:)`` with a fault injected.
    @_spi(Testing) @discardableResult
    public static func append(
        to path: String, provider: String, score: TrustScore, kind: TrustReasonKind, reason: String,
        timestamp: Int64, signingKey key: LedgerSigningKey, injecting injection: Injection?
    ) throws(TrustLedgerError) -> TrustLedgerEntry {
        let url = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        let target = url.path
        let folder = url.deletingLastPathComponent().path
        let name = url.lastPathComponent

        let directory = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else { throw failure(.io, path, "cannot open its folder \(folder)", errno) }
        defer { close(directory) }
        while flock(directory, LOCK_EX) != 0 {
            if errno != EINTR { throw failure(.io, path, "cannot lock its folder \(folder)", errno) }
        }
        defer { flock(directory, LOCK_UN) }
        removeStaleTemporaries(in: folder, name: name)

        var ledger: TrustLedger
        var mode: mode_t = 0o644
        let existing = try readFile(target)
        if let bytes = existing {
            do {
                ledger = try TrustLedger(verifying: bytes, publicKey: key.publicKey)
            } catch {
                throw TrustLedgerError(
                    .broken, file: path, "refusing to append to a ledger that does not verify: \(error)", fault: error)
            }
            var info = stat()
            if stat(target, &info) == 0 { mode = info.st_mode & 0o7777 }
        } else {
            ledger = TrustLedger(sealedWith: key)
        }
        let entry: TrustLedgerEntry
        do {
            entry = try ledger.append(
                provider: provider, score: score, kind: kind, reason: reason, timestamp: timestamp, signingKey: key)
        } catch {
            throw TrustLedgerError(error.kind, file: path, error.message)
        }
        let temporary = "\(folder)/.\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max))\(temporarySuffix)"
        // A verified file is its own canonical encoding: keep its bytes up to the seal, then the new
        // entry and the new seal (what `ledger.encoded` would give, without re-encoding every line).
        var updated: [UInt8]
        if let bytes = existing {
            let sealStart = (bytes.dropLast().lastIndex(of: 0x0A) ?? -1) + 1
            updated = Array(bytes[..<sealStart])
            updated += Array((entry.line + "\n" + ledger.seal.line + "\n").utf8)
        } else {
            updated = ledger.encoded
        }
        try writeNewFile(updated, to: temporary, mode: mode, name: path, injection: injection)
        if injection == .crashBeforeRename { throw simulatedCrash(path) }
        if injection == .failBeforeRename {
            unlink(temporary)
            throw TrustLedgerError(.io, file: path, "cannot write the ledger: injected failure before the rename")
        }
        if rename(temporary, target) != 0 {
            let code = errno
            unlink(temporary)
            throw failure(.io, path, "cannot rename the new ledger into place", code)
        }
        if injection == .crashBeforeDirectorySync { throw simulatedCrash(path) }
        if fsync(directory) != 0 { throw failure(.io, path, "cannot sync its folder \(folder)", errno) }
        return entry
    }

    /// The end of the names of temporary ledger files: `.NAME.PID.NONCE.ledger-tmp`.
    static let temporarySuffix = ".ledger-tmp"

    /// Removes temporary files a crashed append left for `name` (called under the folder's lock, when
    /// no other append can be writing one).
    private static func removeStaleTemporaries(in folder: String, name: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for file in names where file.hasPrefix(".\(name).") && file.hasSuffix(temporarySuffix) {
            unlink("\(folder)/\(file)")
        }
    }

    /// The whole file, or `nil` when it does not exist.
    static func readFile(_ path: String) throws(TrustLedgerError) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw failure(.invalidInput, path, "cannot read", errno)
        }
        defer { close(fd) }
        var bytes = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure(.invalidInput, path, "cannot read", errno)
            }
            if count == 0 { return bytes }
            bytes += chunk[0..<count]
        }
    }

    /// Writes `bytes` to a new file at `path` (which must not exist) with `mode`, and syncs it. On
    /// failure the file is removed.
    static func writeNewFile(
        _ bytes: [UInt8], to path: String, mode: mode_t, name: String, injection: Injection? = nil
    ) throws(TrustLedgerError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw failure(.io, name, "cannot create \(path)", errno) }
        var code: Int32 = 0
        if fchmod(fd, mode) != 0 { code = errno }
        let end = injection == .crashDuringWrite ? bytes.count / 2 : bytes.count
        var offset = 0
        while code == 0 && offset < end {
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, end - offset) }
            if written < 0 {
                if errno != EINTR { code = errno }
            } else {
                offset += written
            }
        }
        if injection == .crashDuringWrite {
            close(fd)
            throw simulatedCrash(name)
        }
        if code == 0 && fsync(fd) != 0 { code = errno }
        if close(fd) != 0 && code == 0 { code = errno }
        if code != 0 {
            unlink(path)
            throw failure(.io, name, "cannot write \(path)", code)
        }
    }

    private static func simulatedCrash(_ path: String) -> TrustLedgerError {
        TrustLedgerError(.io, file: path, "simulated crash (test injection)")
    }

    static func failure(
        _ kind: TrustLedgerError.Kind, _ path: String, _ what: String, _ code: Int32
    )
        -> TrustLedgerError
    {
        TrustLedgerError(kind, file: path, "\(what): \(String(cString: strerror(code)))")
    }
}
