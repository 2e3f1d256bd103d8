/// Checks and converts the arguments of C entry points: pointers, strings, counts, caller buffers.
enum CArguments {
    /// A NUL-terminated UTF-8 argument as a `String`.
    static func string(_ pointer: UnsafePointer<CChar>?, _ name: String) throws(CABIError) -> String {
        guard let pointer else { throw .argument("\(name) is NULL") }
        guard let text = String(validatingCString: pointer) else { throw .argument("\(name) is not valid UTF-8") }
        return text
    }

    /// A non-NULL pointer.
    static func pointer<T>(_ pointer: T?, _ name: String) throws(CABIError) -> T {
        guard let pointer else { throw .argument("\(name) is NULL") }
        return pointer
    }

    /// A count that must be at least `minimum`.
    static func count(_ value: Int32, _ name: String, minimum: Int32 = 1) throws(CABIError) -> Int {
        guard value >= minimum else { throw .argument("\(name) is \(value), expected at least \(minimum)") }
        return Int(value)
    }

    /// Copies `text` and a NUL into a caller buffer of `capacity` bytes, reporting the length (without
    /// the NUL) through `length` when it is not NULL. `buffer` may be NULL with capacity 0 to ask for the
    /// length only; nothing is written when the buffer is too small.
    static func copy(
        _ text: String, into buffer: UnsafeMutablePointer<CChar>?, capacity: Int, length: UnsafeMutablePointer<Int>?
    ) throws(CABIError) -> Int32 {
        let bytes = Array(text.utf8)
        length?.pointee = bytes.count
        if buffer == nil && capacity == 0 { return 0 }
        guard let buffer else { throw .argument("buffer is NULL but capacity is \(UInt(bitPattern: capacity))") }
        // A size_t above Int.max arrives negative: it is larger than any text.
        guard capacity < 0 || capacity > bytes.count else {
            throw .buffer("buffer of \(capacity) bytes is too small: \(bytes.count + 1) needed (text and NUL)")
        }
        bytes.withUnsafeBufferPointer { source in
            UnsafeMutableRawPointer(buffer).copyMemory(from: source.baseAddress!, byteCount: source.count)
        }
        buffer[bytes.count] = 0
        return 0
    }
}
