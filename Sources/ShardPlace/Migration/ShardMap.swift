/// Which host serves each shard, versioned: every cut-over (or batch of changes applied at once, such as
/// a promotion) raises the version by one, and the map can be rolled back to any earlier version.
///
/// Shards and hosts are indexes of a ``Problem``; `-1` means "served nowhere" (a shard lost with a
/// failed host, before it is re-created).
public struct ShardMap: Sendable, Hashable {
    /// One change: `shard` moved from `previous` to its new host at `version`.
    struct Change: Sendable, Hashable {
        var version: Int
        var shard: Int32
        var previous: Int32
    }

    /// The current version.
    public private(set) var version: Int
    /// The version the map started at; ``rollBack(to:)`` goes back at most this far.
    public let baseVersion: Int
    /// Serving host per shard (`-1`: none).
    public private(set) var hosts: [Int32]
    private var log: [Change] = []

    /// A map at `version` with the given serving hosts.
    public init(hosts: [Int32], version: Int = 0) {
        self.hosts = hosts
        self.version = version
        self.baseVersion = version
    }

    /// The host serving `shard`, or `nil`.
    public func host(of shard: Int) -> Int? { hosts[shard] < 0 ? nil : Int(hosts[shard]) }

    /// Applies a cut-over: `shard` is now served by `host` (`-1`: by none).
    ///
    /// - Returns: the new version.
    @discardableResult
    public mutating func cutOver(shard: Int, to host: Int) -> Int {
        apply([(shard, host)])
    }

    /// Applies several changes atomically, as one version (a promotion: the standby's host now serves the
    /// lost primary, and the standby itself is gone).
    ///
    /// - Returns: the new version.
    @discardableResult
    public mutating func apply(_ changes: [(shard: Int, host: Int)]) -> Int {
        version += 1
        for (shard, host) in changes {
            log.append(Change(version: version, shard: Int32(shard), previous: hosts[shard]))
            hosts[shard] = Int32(host)
        }
        return version
    }

    /// Undoes every change made after `target`.
    ///
    /// - Precondition: ``baseVersion`` ≤ `target` ≤ ``version``.
    /// - Complexity: O(changes undone).
    public mutating func rollBack(to target: Int) {
        precondition(
            target >= baseVersion && target <= version, "version \(target) outside \(baseVersion)...\(version)")
        while let last = log.last, last.version > target {
            hosts[Int(last.shard)] = last.previous
            log.removeLast()
        }
        version = target
    }

    /// This map as it was at `target` (see ``rollBack(to:)``).
    public func rolledBack(to target: Int) -> ShardMap {
        var copy = self
        copy.rollBack(to: target)
        return copy
    }

    /// Applies every cut-over of a plan's waves, in order (the plan's promotions first).
    public mutating func apply(plan: MigrationPlan) {
        for promotion in plan.promotions {
            apply([(promotion.primary, promotion.host), (promotion.standby, -1)])
        }
        for wave in plan.waves {
            for move in wave.moves { cutOver(shard: move.shard, to: move.to) }
        }
    }
}
