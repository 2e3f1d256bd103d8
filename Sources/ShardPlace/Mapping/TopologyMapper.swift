/// Topology-aware mapping of communicating workers onto the PUs of one machine (the TreeMatch / Scotch
/// problem): minimise hop-bytes, Σ over worker pairs of traffic (both ways) × ``MappingDistances``, with
/// at most one worker per PU — or per core with ``Options/onePerCore``.
///
/// Two searches, one on the whole machine and one on the compact block of its first N slots (what the
/// compact peers use). Each has three starts: the packed order, a greedy best fit, and a recursive
/// bisection guided by the topology tree (each node's workers split among its children, proportionally
/// to their capacity, so as to cut the least traffic; see ``Result/bestStartHopBytes``). Each start is
/// then improved by the annealing of the placement engine specialised to one machine: pair swaps of
/// slots (a slot may be empty), half of them drawn next to a communicating peer, priced incrementally
/// over the sparse traffic of the two workers; a geometric temperature schedule calibrated from sampled
/// uphill moves (cooler and a quarter as long from the bisection start, which it only has to polish).
/// The best mapping seen, starts included, is kept: the result is never worse than the best start.
public struct TopologyMapper: Sendable {
    /// What to search and for how long.
    public struct Options: Sendable {
        /// Seeds every random choice (bisection restarts, annealing): equal seeds, equal mappings.
        public var seed: UInt64 = 1
        /// Swap moves per annealing run (default 8,000 per worker, at least 400,000); there are up to six
        /// runs, three starts on each of the two searches, the one from the bisection a quarter as long.
        public var iterations: Int?
        /// One worker per core (SMT siblings left free): `max_load_core` stays 1.
        public var onePerCore = false
        /// The defaults: seed 1, the default budget, at most one worker per PU.
        public init() {}
    }

    /// A mapping and its figures.
    public struct Result: Sendable {
        /// PU OS index per worker.
        public var mapping: [Int32]
        /// Σ traffic (both ways) × tree distance over worker pairs.
        public var hopBytes: Double
        /// Hop-bytes of the packed mapping (worker i on the i-th slot), for reference.
        public var packedHopBytes: Double
        /// Hop-bytes of the best start before annealing (packed, greedy or recursive bisection, on either
        /// search); ``hopBytes`` is never higher.
        public var bestStartHopBytes: Double
        /// Most workers on one core.
        public var maxLoadCore: Int
        /// Annealing moves proposed over all runs.
        public var moves: Int
    }

    /// Random restarts of every bisection.
    static let bisectionRestarts = 8
    /// The initial temperature of the anneal from the bisection start, relative to the calibrated one.
    static let bisectionTemperatureScale = 0.1
    /// The moves of the anneal from the bisection start, relative to the others': it polishes a start
    /// that is already good (a quarter matched the full budget on the benchmark).
    static let bisectionBudget = 0.25

    /// The options of every ``map(_:onto:)``.
    public var options: Options
    /// A mapper with these options.
    public init(options: Options = Options()) { self.options = options }

    /// Maps the workers of `matrix` onto `topology`.
    /// - Throws: ``ScenarioError`` when there are more workers than slots.
    /// - Complexity: O(N²) to read the matrix, O(slots²) for the distances, then the annealing runs.
    public func map(_ matrix: CommunicationMatrix, onto topology: Topology) throws(ScenarioError) -> Result {
        let distances = MappingDistances(topology)
        let slots = Self.slots(distances, topology, onePerCore: options.onePerCore)
        let n = matrix.count
        let m = slots.count
        guard n <= m else {
            throw ScenarioError(
                issues: [
                    .init(
                        path: "",
                        message: "\(n) workers but only \(m) \(options.onePerCore ? "cores" : "PUs") to put them on")
                ])
        }
        let graph = TrafficGraph(matrix)
        var best: [Int] = Array(0..<n)
        var bestCost = Double.infinity
        var packedCost = 0.0
        var bestStartCost = Double.infinity
        var moves = 0
        let sizes: [Int] = n < m ? [m, n] : [m]
        for (round, count) in sizes.enumerated() {
            let space = SlotSpace(count: count) { distances(slots[$0], slots[$1]) }
            let tree = SlotTree(topology, slotPUs: slots[0..<count].map { distances.pus[$0] })
            let packed = Array(0..<n)
            let greedy = Self.greedyStart(graph: graph, m: count, d: space.d)
            // The bisection: every way of sharing workers among children that differs here, the cheapest kept.
            var bisectionRNG = SplitMix64(seed: options.seed &+ UInt64(100 + round) &* 0x9E37_79B9)
            let shares: [Share] = count > n ? Share.allCases : [.proportional]
            let bisection =
                shares.map {
                    Self.bisectionStart(
                        graph: graph, tree: tree, share: $0, restarts: Self.bisectionRestarts, rng: &bisectionRNG)
                }
                .min { space.cost($0, graph) < space.cost($1, graph) } ?? packed
            let budget = options.iterations ?? max(400_000, 8_000 * n)
            let starts: [(slots: [Int], temperatureScale: Double, iterations: Int)] = [
                (packed, 1, budget), (greedy, 1, budget),
                (bisection, Self.bisectionTemperatureScale, max(1, Int(Double(budget) * Self.bisectionBudget))),
            ]
            for (k, start) in starts.enumerated() {
                let startCost = space.cost(start.slots, graph)
                if round == 0 && k == 0 { packedCost = startCost }
                bestStartCost = min(bestStartCost, startCost)
                if startCost < bestCost - 1e-9 {
                    best = start.slots
                    bestCost = startCost
                }
                // Streams 0-3 as before the bisection start was added, so those runs are unchanged.
                let stream = UInt64(k < 2 ? 2 * round + k : 4 + round)
                var rng = SplitMix64(seed: options.seed &+ stream &* 0x9E37_79B9)
                let (result, resultCost, done) = Self.anneal(
                    start.slots, graph: graph, space: space, iterations: start.iterations,
                    temperatureScale: start.temperatureScale, rng: &rng)
                moves += done
                if resultCost < bestCost - 1e-9 {
                    best = result
                    bestCost = resultCost
                }
            }
        }
        let mapping = best.map { topology[distances.pus[slots[$0]]].osIndex?.rawValue ?? -1 }
        var perCore: [Topology.ObjectID: Int] = [:]
        for slot in best {
            perCore[
                topology.ancestor(of: distances.pus[slots[slot]], ofType: .core) ?? distances.pus[slots[slot]],
                default: 0] += 1
        }
        return Result(
            mapping: mapping, hopBytes: bestCost, packedHopBytes: packedCost, bestStartHopBytes: bestStartCost,
            maxLoadCore: perCore.values.max() ?? 0, moves: moves)
    }

    /// Slots: positions of PUs in logical order, or of the first PU of each core.
    static func slots(_ distances: MappingDistances, _ topology: Topology, onePerCore: Bool) -> [Int] {
        guard onePerCore else { return Array(distances.pus.indices) }
        var slots: [Int] = []
        var seen = Set<Topology.ObjectID>()
        for (k, pu) in distances.pus.enumerated() {
            let core = topology.ancestor(of: pu, ofType: .core) ?? pu
            if seen.insert(core).inserted { slots.append(k) }
        }
        return slots
    }
}
