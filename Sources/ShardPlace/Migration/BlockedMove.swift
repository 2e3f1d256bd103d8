/// A move of the target that the plan does not perform, and why.
public struct BlockedMove: Sendable, Hashable {
    /// The shard (a ``Problem`` shard index).
    public var shard: Int
    /// Where it is (`-1`: nowhere) and where the target wanted it.
    public var from: Int
    public var to: Int
    /// One sentence per reason, naming the host, group, domain or limit.
    public var reasons: [String]

    public init(shard: Int, from: Int, to: Int, reasons: [String]) {
        self.shard = shard
        self.from = from
        self.to = to
        self.reasons = reasons
    }
}
