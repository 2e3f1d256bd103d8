/// A failure of the topology layer: hwloc or libnuma could not do what was asked.
///
/// `code` is the `errno` value the C core returned (`ENOENT` for a missing file, `EINVAL` for a
/// malformed XML or synthetic description, …); `message` is one line that names the input and says
/// what hwloc or libnuma reported.
public struct TopologyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The `errno` value behind the failure.
    public var code: Int32
    /// A one-line, human-readable reason that names the input.
    public var message: String

    public init(code: Int32, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
