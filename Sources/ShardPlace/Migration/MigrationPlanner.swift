/// Turns a target placement into a safe, ordered migration plan: moves grouped into waves, each move
/// with the phases of a zero-downtime migration, cycles of full hosts broken through staging hosts,
/// and what cannot be planned reported with its reasons (the planner never loops: every round either
/// completes a move, stages one, or ends the plan).
///
/// The rules every wave keeps (the DocC article "Migration" gives the full definitions):
///
/// - **Capacity.** A moving shard occupies its source *and* its destination for every resource during
///   its whole wave (transient resources because the data sits on both until clean-up; the others
///   because the cut-overs of one wave are not ordered, so the destination must be able to serve the
///   shard at any moment of the wave while the source still may). A host that receives moves stays
///   within capacity: settled usage + incoming demand ≤ capacity. A host that only sends keeps its
///   usage, which can only fall.
/// - **Concurrency and bytes.** At most ``Policy/MigrationLimits/maxConcurrentPerHost`` moves into, and
///   at most as many out of, one host per wave; at most ``Policy/MigrationLimits/maxBytesPerWave``
///   bytes per wave.
/// - **Availability.** A moving member is unavailable for its wave: a group keeps at least
///   ``Problem/groupMinAvailable`` members that are placed and not moving.
/// - **Domains.** A moving member is present in the domains of both its hosts during its wave; two
///   members of an anti-affinity group are never present in one domain; a spread holds whichever of
///   its hosts each moving member serves from; every domain where a dependent group is present keeps a
///   member of the required group that is not leaving it.
/// - **Budget.** ``Policy/MigrationLimits/maxMovesTotal``, `maxMovesPerHost`, `maxMovesPerDomain` and
///   ``Options/maxBytesTotal`` count every copy (both legs of a two-step move); when they cut the plan,
///   the most urgent moves are kept.
///
/// **Urgency** of a move of shard s off host h: `P(h) × I(s, h) ÷ C(s)` where
/// - `P(h)`, the probability that h is overloaded: ``Options/overloadProbability`` when given (a
///   forecast), else 1 when h's current usage exceeds its safety capacity in some resource, else its
///   utilisation `max_r usage / safety` (a proxy for the chance that demand outgrows it);
/// - `I(s, h)`, the impact: `max_r demand(s, r) / safety(h, r)` (the share of h the move frees) plus
///   `Σ_r loadWeight(r) × min(demand(s, r), excess(h, r)) / safety(h, r)` (the overload it removes);
/// - `C(s) = 1 + size(s) / bandwidth`, the transfer cost in seconds (plus one so that empty shards
///   rank finitely).
/// A shard without a home (new, or lost with a failed host) has `P = 1, I = 1`.
public struct MigrationPlanner: Sendable {
    /// Limits and phase-duration parameters.
    public struct Options: Sendable {
        /// The limits (``Policy/migration``).
        public var limits: Policy.MigrationLimits
        /// Bytes copied by the whole plan (a re-solve's byte budget). Default: none.
        public var maxBytesTotal: Double?
        /// Copy bandwidth per move in bytes per second. Default: ``Policy/MigrationLimits/bandwidth``, else
        /// 125,000,000 (1 Gbit/s).
        public var bandwidth: Double
        /// Bytes per bulk-copy chunk. Default 64 MiB.
        public var chunkBytes: Double = 64 * 1024 * 1024
        /// Fixed durations in seconds: preparing the destination and cutting over.
        public var prepareSeconds: Double = 5
        public var cutOverSeconds: Double = 1
        /// Dual writes last this fraction of the bulk copy (the backlog written during the copy), at
        /// least one second.
        public var shadowFraction: Double = 0.1
        /// Verification reads both copies at this multiple of the copy bandwidth (checksums), plus one
        /// second.
        public var verifySpeedup: Double = 4
        /// Clean-up drops the source copy at this multiple of the copy bandwidth, plus one second.
        public var cleanUpSpeedup: Double = 10
        /// Predicted overload probability per host (e.g. from forecasts); default from current usage.
        public var overloadProbability: [Double]?
        /// Whether a cycle of full hosts may be broken through a staging host. Default true.
        public var allowStaging = true

        /// Options from a policy's migration limits.
        public init(limits: Policy.MigrationLimits = Policy.MigrationLimits()) {
            self.limits = limits
            self.bandwidth = limits.bandwidth ?? 125_000_000
        }
    }

    public var options: Options

    public init(options: Options = Options()) { self.options = options }
}
