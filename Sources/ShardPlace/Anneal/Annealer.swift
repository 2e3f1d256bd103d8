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
        /// Asked by every chain about every 1,024 moves and by the solve between rounds: once it returns
        /// `true` the search ends, and the solve returns the best placement found so far
        /// (``Result/stopped``). Keep it cheap (an atomic load): it runs on the chains' threads. The `async`
        /// ``Annealer/solve(_:start:)`` sets it from Task cancellation.
        public var shouldStop: (@Sendable () -> Bool)?
        /// Probability of a swap move (the rest are shifts and targeted moves).
        public var swapProbability: Double = 0.2
        /// Probability of a targeted move (a shard taken off an overloaded host to its best of a few leaves).
        public var targetedProbability: Double = 0.05
        /// Whether shift and swap proposals are first checked against a cheap lower bound on their delta
        /// and rejected unpriced where the Metropolis rule would reject them from the same random draw
        /// anyway (see ``Result/decidedOnBound``). It changes nothing but the speed: with it off, every
        /// proposal is priced and a run with a seed and an iteration budget ends with the same placement.
        /// Default on.
        public var boundRejection = true
        /// Shift evaluations of the final polish: an exhaustive descent over every shift and every swap
        /// (and, where moves cost something, returns of moved shards home with compensating shifts) of
        /// each chain's feasible best, in parallel, run when one pass over every (shard, leaf) fits (the last 7 %, at most
        /// 4 s, of a time limit are kept for it). It spends at most as many evaluations as the annealing
        /// made moves (at least one pass over every shift). 0 turns it off.
        public var polishBudget = 20_000_000
        /// Probability per move of a repack move in an annealing chain: the shards of a few hosts taken off
        /// and put back by a bounded depth-first search (the "Annealer" section of the cost-model article). It pays on tightly packed
        /// problems in several resources (the ROADEF instances), not on loosely packed ones with traffic,
        /// where its time is better spent on plain moves: 0 (off) by default. At most 2/shards, since each
        /// one scans the shards.
        public var repackProbability: Double = 0
        /// Hosts, shards and shift evaluations of one repack move.
        public var repackHosts = 4
        public var repackShards = 24
        public var repackBudget = 4096
        /// Share of the chains (rounded up, at most all but one) that only repack, descending from their
        /// start and from the best exchanged between rounds while the others anneal: a portfolio for
        /// problems where annealing moves too much (the ROADEF command uses 0.5). Default 0.
        public var repackChainShare = 0.0
        /// Share of a repack descent chain's moves that are ejection moves instead (a large shard put on
        /// another host, that host's shards moved out; see the "Annealer" section of the cost-model
        /// article). Default 0.
        public var ejectShare = 0.0
        /// Probability per move of an ejection move in an annealing chain (kept by the Metropolis rule).
        /// Each one prices every other leaf for each shard it moves out: keep it small. Default 0.
        public var ejectProbability = 0.0
        /// Share of the chains (rounded down; the last ones) that run the descent search instead of annealing, with a
        /// time limit only: the ROADEF/EURO 2012 winners' variable neighbourhood search — largest shards
        /// first, ejections, shifts and swaps that only improve, load costs reweighted per resource to
        /// escape (the "Annealer" section of the cost-model article). Each searches alone from the start
        /// to the time limit; the best of all chains is returned. It pays on small problems packed tightly
        /// in many resources. Default 0.
        public var descentChainShare = 0.0
        /// The descent search's beam: `nil` picks it from the time limit (the winners' wide beam, 15, 8, 4
        /// and 2 placements kept with 300 ejection trials per prefix, from 45 s; one placement and 20
        /// trials below); `true` or `false` forces the wide or the narrow one. Default `nil`.
        public var descentWideBeam: Bool?
        /// A bound on the overload risk of the result: never riskier than a reference placement (a final
        /// check-and-repair step after the search; see ``RiskGuard``). Default none.
        public var riskGuard: RiskGuard?

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
        /// Moves decided on their lower bound without being priced (``Options/boundRejection``): shift and
        /// swap proposals rejected on it and targeted-move candidates passed over on it.
        public var decidedOnBound: Int
        public var elapsed: Double
        public var chains: Int
        /// NUMA nodes the chains were spread over.
        public var numaNodes: Int
        /// Best feasible objective over time: (seconds, cost).
        public var history: [(Double, Double)]
        /// Whether ``Options/shouldStop`` ended the search (it is asked at the end of every round): the
        /// placement is then the best found before the stop, still evaluated in full.
        public var stopped: Bool
        /// What the risk guard (``Options/riskGuard``) found and did; `nil` without one.
        public var risk: RiskCheck?

        /// The final step of a solve with a ``RiskGuard``.
        public struct RiskCheck: Sendable, Hashable {
            /// The reference's risk: the most ``OverloadRisk/Value/expectedOverloadedHosts`` allowed.
            public var limit: Double
            /// The search's best placement's risk, before any repair.
            public var searched: OverloadRisk.Value
            /// The returned placement's risk.
            public var value: OverloadRisk.Value
            /// Shards moved to lower the risk.
            public var repairMoves: Int
            /// Whether the repair failed and the reference (or the start) was returned instead.
            public var fellBack: Bool
            /// Whether the returned placement's risk is within the limit (`false` only when the repair
            /// failed and neither the reference nor the start could be returned: both infeasible, or the
            /// start too risky).
            public var met: Bool
        }
    }

    public var options: Options

    public init(options: Options = Options()) { self.options = options }
}
