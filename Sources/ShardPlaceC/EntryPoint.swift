internal import CShardPlace

/// Runs the body of a C entry point: its status on success; on failure the error's status, with its
/// message stored as the calling thread's `sp_last_error`. Nothing thrown crosses the C boundary.
@inline(__always)
func entryPoint(_ body: () throws(CABIError) -> Int32) -> Int32 {
    do {
        return try body()
    } catch {
        setLastError(error.message)
        return error.status
    }
}

/// Stores a message as the calling thread's `sp_last_error` (in the C side's thread-local buffer).
func setLastError(_ message: String) {
    var text = message
    text.withUTF8 { bytes in
        sp_private_set_error(UnsafeRawPointer(bytes.baseAddress)?.assumingMemoryBound(to: CChar.self), bytes.count)
    }
}
