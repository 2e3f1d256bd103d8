/// How to get from a current placement to a target one: moves ordered into waves, with what could not
/// be planned and why. Made by ``MigrationPlanner/plan(_:current:target:promotions:)``; see the DocC
/// article "Migration" for the rules every wave keeps.
public struct MigrationPlan: Sendable {
    /// A standby promoted on a host failure: `primary` (lost) is now served on `host`, where `standby`
    /// was; the standby is gone and is re-created by a ``MigrationMove/Kind/create`` move.
    public struct Promotion: Sendable, Hashable {
        public var primary: Int
        public var standby: Int
        public var host: Int
        /// The shard map's version once promoted.
        public var version: Int

        public init(primary: Int, standby: Int, host: Int, version: Int) {
            self.primary = primary
            self.standby = standby
            self.host = host
            self.version = version
        }
    }

    /// The waves, in order.
    public var waves: [MigrationWave]
    /// Promotions done before the first wave (failover plans).
    public var promotions: [Promotion]
    /// Moves the rules never let run (a cycle no staging host can break, a destination that can never
    /// hold the shard, a shard larger than a wave's byte budget …).
    public var blocked: [BlockedMove]
    /// Moves left out to stay within ``Policy/MigrationLimits/maxMovesTotal``, `maxMovesPerHost`,
    /// `maxMovesPerDomain` or the plan's byte budget: the least urgent ones.
    public var deferred: [BlockedMove]
    /// Shards whose leaf changes inside the same host (below host depth): re-pinned at no copy cost,
    /// after the last wave.
    public var rebinds: [Int]
    /// Host per shard before the plan (`-1`: none), after promotions.
    public var startHosts: [Int32]
    /// Host per shard once every wave has run.
    public var finalHosts: [Int32]
    /// The placement once every wave has run (the target where nothing was blocked or deferred).
    public var finalPlacement: Placement
    /// The shard map's version before the plan and after its last cut-over.
    public var startVersion: Int
    public var finalVersion: Int

    /// Whether every move of the target is in the plan.
    public var isComplete: Bool { blocked.isEmpty && deferred.isEmpty }
    /// Every move, wave after wave.
    public var moves: [MigrationMove] { waves.flatMap(\.moves) }
    /// Moves that copy a shard (staging legs count).
    public var moveCount: Int { waves.reduce(0) { $0 + $1.moves.count } }
    /// Σ bytes copied.
    public var bytes: Double { waves.reduce(0) { $0 + $1.bytes } }
    /// Estimated duration: Σ of the waves' durations, in seconds.
    public var seconds: Double { waves.reduce(0) { $0 + $1.seconds } }
    /// Two-step moves (cycles broken through a staging host).
    public var stagedCount: Int { moves.count { $0.kind == .stage } }

    public init(
        waves: [MigrationWave], promotions: [Promotion], blocked: [BlockedMove], deferred: [BlockedMove],
        rebinds: [Int], startHosts: [Int32], finalHosts: [Int32], finalPlacement: Placement, startVersion: Int,
        finalVersion: Int
    ) {
        self.waves = waves
        self.promotions = promotions
        self.blocked = blocked
        self.deferred = deferred
        self.rebinds = rebinds
        self.startHosts = startHosts
        self.finalHosts = finalHosts
        self.finalPlacement = finalPlacement
        self.startVersion = startVersion
        self.finalVersion = finalVersion
    }
}
