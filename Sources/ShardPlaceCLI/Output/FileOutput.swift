import Foundation

/// Writes command output: whole files atomically, or standard output, without copying the text.
enum FileOutput {
    /// Writes `text` to `path` so that readers see the old file or the complete new one, never a part:
    /// the text goes to a temporary file in the same folder, which is then renamed over `path`. On any
    /// failure the temporary file is removed and `path` is left as it was.
    ///
    /// A symbolic link is followed (the file it names is replaced, the link stays). A path that exists
    /// and is neither a regular file nor a folder (`/dev/null`, `/dev/stdout`, a FIFO) is written in
    /// place: replacing it would destroy it.
    ///
    /// - Throws: ``CLIFailure`` (invalid input) naming the file and the system's reason.
    static func writeAtomically(_ text: String, to path: String) throws {
        var info = stat()
        if stat(path, &info) == 0 {
            let type = info.st_mode & S_IFMT
            if type != S_IFREG && type != S_IFDIR {
                let fd = open(path, O_WRONLY | O_CLOEXEC)
                guard fd >= 0 else { throw failure(path, errno) }
                defer { close(fd) }
                try writeAll(text, to: fd, name: path)
                return
            }
        }
        let url = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        let target = url.path
        let folder = url.deletingLastPathComponent().path
        let nonce = UInt32.random(in: 0...UInt32.max)
        let temporary = "\(folder)/.\(url.lastPathComponent).\(getpid()).\(nonce).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw failure(path, errno) }
        do {
            try writeAll(text, to: fd, name: path)
            if fsync(fd) != 0 { throw failure(path, errno) }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        if close(fd) != 0 {
            let code = errno
            unlink(temporary)
            throw failure(path, code)
        }
        if rename(temporary, target) != 0 {
            let code = errno
            unlink(temporary)
            throw failure(path, code)
        }
    }

    /// Writes `text` to standard output.
    static func writeStandardOutput(_ text: String) throws {
        try writeAll(text, to: STDOUT_FILENO, name: "standard output")
    }

    private static func writeAll(_ text: String, to fd: Int32, name: String) throws {
        var text = text
        try text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count {
                let written = write(fd, base + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw failure(name, errno)
                }
                offset += written
            }
        }
    }

    private static func failure(_ name: String, _ code: Int32) -> CLIFailure {
        .invalidInput("cannot write \(name): \(String(cString: strerror(code)))")
    }
}
