/// One copy of one shard from a host to another, as a migration plan orders it.
///
/// Hosts and shards are indexes of the ``Problem`` the plan was made for.
public struct MigrationMove: Sendable, Hashable {
    /// Why the move exists.
    public enum Kind: String, Sendable, Hashable {
        /// Straight from the current host to the target host.
        case move
        /// First leg of a two-step move: to a staging host with room, breaking a cycle of full hosts.
        case stage
        /// Second leg of a two-step move: from the staging host to the target host.
        case unstage
        /// A shard without a home (new, or lost with a failed host) is created on the target host, its
        /// data copied from ``MigrationMove/copyFrom`` when a replica survives.
        case create
    }

    /// The shard (a ``Problem`` shard index).
    public var shard: Int
    /// The host it leaves (`-1` for ``Kind/create``).
    public var from: Int
    /// The host it goes to.
    public var to: Int
    public var kind: Kind
    /// For ``Kind/create``: the host of a surviving replica of the shard's group to copy from, if any.
    public var copyFrom: Int?
    /// For ``Kind/stage`` and ``Kind/unstage``: the final target host / the staging host.
    public var via: Int?
    /// Bytes copied (the shard's size).
    public var bytes: Double
    /// The urgency score (see ``MigrationPlanner``); both legs of a two-step move carry the score of the
    /// move they replace.
    public var urgency: Double
    /// The steps, with estimated durations.
    public var phases: [MigrationPhase]
    /// The shard map's version right after this move's cut-over.
    public var cutOverVersion: Int

    /// Σ of the phase durations, in seconds.
    public var seconds: Double { phases.reduce(0) { $0 + $1.seconds } }

    public init(
        shard: Int, from: Int, to: Int, kind: Kind, copyFrom: Int? = nil, via: Int? = nil, bytes: Double,
        urgency: Double, phases: [MigrationPhase] = [], cutOverVersion: Int = 0
    ) {
        self.shard = shard
        self.from = from
        self.to = to
        self.kind = kind
        self.copyFrom = copyFrom
        self.via = via
        self.bytes = bytes
        self.urgency = urgency
        self.phases = phases
        self.cutOverVersion = cutOverVersion
    }
}
