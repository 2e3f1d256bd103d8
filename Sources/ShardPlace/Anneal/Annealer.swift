/// The parallel simulated annealer: one chain per core, chains grouped per NUMA node (each chain's
/// thread bound to its node, its state allocated there, the read-only problem replicated once per node),
/// exchanging their best placement between rounds (restart-from-best).
///
/// With a seed and an iteration budget the result is identical run to run for the same thread count;
/// with a time limit it depends on how far the chains get.
public struct Annealer: Sendable {
    /// How to solve.
    public struct Options: Sendable {
        /// Chains (threads). Default: every PU this process may run on.
        public var threads: Int?
        public var seed: UInt64 = 1
        /// Wall-clock budget in seconds.
        public var timeLimit: Double?
        /// Total move budget over all chains (each chain gets its share). Default without a time limit:
        /// 2,000 moves per shard, at least 200,000 and at most 200,000,000.
        public var iterations: Int?
        /// Stop as soon as a feasible placement costs this much or less.
        public var targetCost: Double?
        /// Rounds between which chains exchange their best placement.
        public var rounds: Int?
        /// The topology whose NUMA nodes group the chains (default: this machine). A topology that is
        /// not this machine's exercises the grouping with binding as a no-op.
        public var topology: Topology?
        /// Called about once a second (from one thread) with the state of the search.
        public var progress: (@Sendable (Progress) -> Void)?
        /// Probability of a swap move (the rest are shifts and targeted moves).
        public var swapProbability: Double = 0.2
        /// Probability of a targeted move (a shard taken off an overloaded host to its best of a few leaves).
        public var targetedProbability: Double = 0.05

        public init() {}
    }

    /// The search as seen about once a second.
    public struct Progress: Sendable {
        public var elapsed: Double
        /// Best feasible objective so far (`nil` while none is feasible).
        public var bestCost: Double?
        /// The current objective and hard-violation total of the leading chain.
        public var currentCost: Double
        public var currentViolation: Double
        public var movesPerSecond: Double
        public var temperature: Double
        public var round: Int
    }

    /// What a solve returns.
    public struct Result: Sendable {
        /// The best feasible placement found, or (when none was) the least-violating one.
        public var placement: Placement
        /// Its full evaluation (``Evaluation/violations`` lists what could not be met when infeasible).
        public var evaluation: Evaluation
        /// The starting placement's evaluation (the greedy baseline, or the given start).
        public var start: Evaluation
        /// Moves evaluated and accepted over all chains.
        public var moves: Int
        public var acceptedMoves: Int
        public var elapsed: Double
        public var chains: Int
        /// NUMA nodes the chains were spread over.
        public var numaNodes: Int
        /// Best feasible objective over time: (seconds, cost).
        public var history: [(Double, Double)]
    }

    public var options: Options

    public init(options: Options = Options()) { self.options = options }
}
