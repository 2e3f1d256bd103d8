import Dispatch
import Synchronization

/// A chain, owned by one work item at a time. Dispatch hands each index to one thread per round; the
/// lock (never contended) makes each round's work on a chain happen-after the previous round's, on
/// whichever worker thread it ran.
private final class ChainBox: Sendable {
    /// Cache-line padding on both sides: a chain's hot fields (its generator, counters and cost sums)
    /// may live in the box while it runs, and two boxes are often allocated side by side; without the
    /// padding the chains of two cores write to shared cache lines on every move.
    private let before: (SIMD64<UInt8>, SIMD64<UInt8>) = (.init(), .init())
    let slot = Mutex<Chain?>(nil)
    private let after: (SIMD64<UInt8>, SIMD64<UInt8>) = (.init(), .init())
}

/// The read-only problem replica of each NUMA node, built by a thread bound to that node.
private final class ReplicaBox: @unchecked Sendable {
    var replica: ProblemReplica?
}

extension Annealer {
    /// What each chain reports at the end of a round.
    private struct RoundReport: Sendable {
        var cost: Double
        var violation: Double
        var current: Double
        var currentViolation: Double
        var temperature: Double
        var moves: Int
        var accepted: Int
        var decidedOnBound: Int
    }

    /// Solves: greedy start (or `start`, completed greedily), then annealing on every chain.
    ///
    /// - Parameters:
    ///   - model: the compiled problem and its evaluator.
    ///   - start: a starting placement; default the scenario's current placement, completed by
    ///     ``Greedy`` for shards it does not place.
    /// - Returns: the best feasible placement found (or the least-violating one, with its violations).
    public func solve(_ model: CostModel, start: Placement? = nil) -> Result {
        let began = MonotonicClock.seconds()
        let p = model.problem
        var startPlacement = start ?? Placement(initialOf: p)
        if startPlacement.leaves.contains(where: { $0 < 0 }) {
            var state = CostState(model: model, placement: startPlacement)
            Greedy(seed: options.seed).fill(&state, model: model)
            startPlacement = state.placement
        }
        let startEvaluation = model.evaluate(startPlacement)

        // Chains and their NUMA nodes.
        let topology = options.topology ?? (try? Topology.load())
        let allowed = topology.map { t in t.allowedPUs } ?? []
        let chains = Swift.max(1, options.threads ?? Swift.max(1, allowed.count))
        var nodeOfChain = [Int](repeating: 0, count: chains)
        var nodeCPUs: [[Topology.OSIndex]] = [[]]
        if let topology, !allowed.isEmpty {
            let nodes = topology.objects(ofType: .numaNode)
            nodeCPUs = nodes.map {
                topology[$0].cpuset.filter { os in allowed.contains { topology[$0].osIndex == os } }
            }
            // Interleave the allowed PUs by node so that fewer chains than PUs still spread over nodes.
            var perNode = [[Topology.ObjectID]](repeating: [], count: max(1, nodes.count))
            for pu in allowed {
                let node = topology.numaNode(ofPU: pu).map { Int(topology[$0].logicalIndex.rawValue) } ?? 0
                perNode[node].append(pu)
            }
            var interleaved: [Int] = []
            for k in 0..<(perNode.map(\.count).max() ?? 0) {
                for node in perNode.indices where k < perNode[node].count { interleaved.append(node) }
            }
            for c in 0..<chains { nodeOfChain[c] = interleaved[c % interleaved.count] }
        }
        let usedNodes = Array(Set(nodeOfChain)).sorted()
        let affinity = topology.flatMap { try? Affinity(source: $0.source) }

        // One replica per used node, built on that node (first touch places its pages there).
        let replicaBoxes = (0..<nodeCPUs.count).map { _ in ReplicaBox() }
        DispatchQueue.concurrentPerform(iterations: usedNodes.count) { [nodeCPUs] i in
            let node = usedNodes[i]
            let previous = affinity?.currentThreadBinding()
            if !nodeCPUs[node].isEmpty { try? affinity?.bindCurrentThread(to: nodeCPUs[node]) }
            replicaBoxes[node].replica = ProblemReplica(p)
            if let previous, !previous.isEmpty { try? affinity?.bindCurrentThread(to: previous) }
        }

        // Budget.
        let rounds = Swift.max(1, options.rounds ?? (p.shardCount > 200_000 ? 4 : 20))
        let totalMoves: Int? =
            options.iterations
            ?? (options.timeLimit == nil ? Swift.min(200_000_000, Swift.max(200_000, 2_000 * p.shardCount)) : nil)
        let perChainRound = totalMoves.map { Swift.max(1, $0 / chains / rounds) } ?? Int.max
        let searchStart = MonotonicClock.seconds()
        // An exhaustive polish ends the solve when one pass over every shift fits its budget; with a time
        // limit it gets the last 5 % (at most 2 s) of it.
        let shiftPass = p.shardCount.multipliedReportingOverflow(by: p.leafCount)
        let polishing =
            options.polishBudget > 0 && !shiftPass.overflow && shiftPass.partialValue <= options.polishBudget
        let finalDeadline = options.timeLimit.map { began + $0 }
        let deadline = finalDeadline.map { $0 - (polishing ? Swift.min(4, 0.07 * options.timeLimit!) : 0) }

        let boxes = (0..<chains).map { _ in ChainBox() }
        // With a time limit, the last chains run the descent search on their own threads meanwhile.
        let searching =
            finalDeadline == nil
            ? 0 : Swift.min(chains, Swift.max(0, Int((options.descentChainShare * Double(chains)).rounded(.down))))
        let annealing = chains - searching
        // With two annealing chains or more, the first share of them (at most all but one) descend by repacking.
        let repackChains =
            annealing >= 2
            ? Swift.min(annealing - 1, Int((options.repackChainShare * Double(annealing)).rounded(.up))) : 0
        let reports = Mutex<[RoundReport?]>([RoundReport?](repeating: nil, count: chains))
        var restartFrom: (Placement, Double, Double)?
        var history: [(Double, Double)] = []
        if startEvaluation.isFeasible { history.append((MonotonicClock.seconds() - began, startEvaluation.total)) }
        var lastProgress = searchStart
        var bestChain = 0
        var moves = 0
        var accepted = 0
        var decidedOnBound = 0
        var stopped = false

        let searches = DispatchGroup()
        for c in annealing..<chains {
            DispatchQueue.global().async(group: searches) { [nodeCPUs, nodeOfChain, startPlacement] in
                let node = nodeOfChain[c]
                if node < nodeCPUs.count, !nodeCPUs[node].isEmpty {
                    try? affinity?.bindCurrentThread(to: nodeCPUs[node])
                }
                boxes[c].slot.withLock { slot in
                    var chain = Chain(
                        model: model, replica: replicaBoxes[node].replica!, start: startPlacement,
                        seed: options.seed &+ UInt64(c) &* 0x9E37_79B9)
                    chain.boundRejection = options.boundRejection
                    chain.descend(
                        from: startPlacement, began: began, deadline: deadline!,
                        schedule: DescentSchedule(seconds: deadline! - began, wide: options.descentWideBeam),
                        stop: options.shouldStop)
                    reports.withLock {
                        $0[c] = RoundReport(
                            cost: chain.bestCost, violation: chain.bestViolation,
                            current: chain.state.terms.weightedTotal(p.weights),
                            currentViolation: chain.state.terms.hard.sum(), temperature: 0, moves: chain.moves,
                            accepted: chain.accepted, decidedOnBound: chain.decidedOnBound)
                    }
                    slot = consume chain
                }
            }
        }
        for round in 0..<rounds where annealing > 0 {
            let roundStart = MonotonicClock.seconds()
            if let deadline, roundStart >= deadline { break }
            if let stop = options.shouldStop, stop() {
                stopped = true
                break
            }
            let roundDeadline = deadline.map { searchStart + ($0 - searchStart) * Double(round + 1) / Double(rounds) }
            let restart = restartFrom
            let from = Double(round) / Double(rounds)
            let to = Double(round + 1) / Double(rounds)
            DispatchQueue.concurrentPerform(iterations: annealing) {
                [nodeCPUs, nodeOfChain, startPlacement, bestChain] c in
                let node = nodeOfChain[c]
                let previous = affinity?.currentThreadBinding()
                if node < nodeCPUs.count, !nodeCPUs[node].isEmpty {
                    try? affinity?.bindCurrentThread(to: nodeCPUs[node])
                }
                defer { if let previous, !previous.isEmpty { try? affinity?.bindCurrentThread(to: previous) } }
                let replica = replicaBoxes[node].replica!
                let report = boxes[c].slot.withLock { slot -> RoundReport in
                    var chain: Chain
                    if let existing = slot.take() {
                        chain = existing
                        // With fixed charges (offer hosts), a chain that opened hosts while hot rarely empties them
                        // again: in the last quarter of the rounds a chain whose feasible current placement is
                        // worse than the best resumes from the best (the best chain from its own).
                        let settle =
                            chain.consolidate && round * 4 >= rounds * 3 && chain.bestViolation == 0
                            && chain.state.isFeasible && chain.state.terms.weightedTotal(p.weights) > chain.bestCost
                        if let (placement, cost, violation) = restart,
                            settle || (c != bestChain && (chain.bestViolation > violation || chain.bestCost > cost))
                        {
                            chain.restart(from: placement, replica: replica, cost: cost, violation: violation)
                        }
                    } else {
                        chain = Chain(
                            model: model, replica: replica, start: startPlacement,
                            seed: options.seed &+ UInt64(c) &* 0x9E37_79B9)
                        chain.boundRejection = options.boundRejection
                        // A repack scans every shard for those on its hosts: in annealing chains at most
                        // one per n/2 moves keeps that scan to about two loads per move.
                        chain.ejectRate = c < repackChains ? options.ejectShare : options.ejectProbability
                        chain.repackRate =
                            c < repackChains
                            ? 1 : Swift.min(options.repackProbability, 2 / Double(Swift.max(1, p.shardCount)))
                    }
                    let movesBefore = chain.moves
                    let acceptedBefore = chain.accepted
                    let decidedBefore = chain.decidedOnBound
                    chain.run(
                        moves: perChainRound, from: from, to: to, options: options, start: roundStart,
                        deadline: roundDeadline)
                    let report = RoundReport(
                        cost: chain.bestCost, violation: chain.bestViolation,
                        current: chain.state.terms.weightedTotal(p.weights),
                        currentViolation: chain.state.terms.hard.sum(), temperature: chain.temperature,
                        moves: chain.moves - movesBefore, accepted: chain.accepted - acceptedBefore,
                        decidedOnBound: chain.decidedOnBound - decidedBefore)
                    slot = consume chain
                    return report
                }
                reports.withLock { $0[c] = report }
            }
            // Merge by chain index (never by completion order).
            let results = reports.withLock { $0 }.prefix(annealing).map { $0! }
            bestChain = (0..<annealing).min { a, b in
                (results[a].violation, results[a].cost, a) < (results[b].violation, results[b].cost, b)
            }!
            moves += results.reduce(0) { $0 + $1.moves }
            accepted += results.reduce(0) { $0 + $1.accepted }
            decidedOnBound += results.reduce(0) { $0 + $1.decidedOnBound }
            let best = results[bestChain]
            let now = MonotonicClock.seconds()
            if best.violation == 0 && (history.last?.1 ?? .infinity) > best.cost {
                history.append((now - began, best.cost))
            }
            if let progress = options.progress, now - lastProgress >= 1 || round == rounds - 1 {
                lastProgress = now
                progress(
                    Progress(
                        elapsed: now - began, bestCost: best.violation == 0 ? best.cost : nil,
                        currentCost: best.current,
                        currentViolation: best.currentViolation,
                        movesPerSecond: Double(moves) / Swift.max(1e-9, now - searchStart),
                        temperature: best.temperature, round: round + 1))
            }
            if round < rounds - 1 {
                let bestPlacement = boxes[bestChain].slot.withLock { slot -> Placement? in
                    guard var chain = slot.take() else { return nil }
                    let placement = chain.best()
                    slot = consume chain
                    return placement
                }
                if let bestPlacement { restartFrom = (bestPlacement, best.cost, best.violation) }
            }
            if let target = options.targetCost, best.violation == 0, best.cost <= target { break }
            if let stop = options.shouldStop, stop() {
                stopped = true
                break
            }
        }

        searches.wait()
        if searching > 0 {
            let results = reports.withLock { $0 }
            for c in annealing..<chains {
                let report = results[c]!
                moves += report.moves
                accepted += report.accepted
                decidedOnBound += report.decidedOnBound
                if (annealing == 0 && c == 0)
                    || (report.violation, report.cost) < (results[bestChain]!.violation, results[bestChain]!.cost)
                {
                    bestChain = c
                }
            }
            if results[bestChain]!.violation == 0 && (history.last?.1 ?? .infinity) > results[bestChain]!.cost {
                history.append((MonotonicClock.seconds() - began, results[bestChain]!.cost))
            }
        }

        // The best before the polish, kept for the risk guard: the polish lowers the objective, which may
        // raise the overload risk past the guard's limit, and the repair then costs more than it saved.
        var unpolished: Placement?
        if polishing && !stopped {
            let keep = options.riskGuard != nil
            // At most as many evaluations as the annealing made (at least one pass over every shift), so
            // that the polish never takes much longer than the solve it ends.
            let budget = Swift.min(options.polishBudget, Swift.max(shiftPass.partialValue, moves))
            // Every chain with a feasible best polishes it, in parallel (the cores are free now), and the
            // best chain also when its best is not feasible: chains that end at one cost often sit in
            // different local optima of the polish's neighbourhoods.
            let polished = Mutex<[(Double, Double)?]>([(Double, Double)?](repeating: nil, count: chains))
            let kept = Mutex<Placement?>(nil)
            let unpolishedChain = bestChain
            DispatchQueue.concurrentPerform(iterations: chains) { [nodeCPUs, nodeOfChain] c in
                let node = nodeOfChain[c]
                let previous = affinity?.currentThreadBinding()
                if node < nodeCPUs.count, !nodeCPUs[node].isEmpty {
                    try? affinity?.bindCurrentThread(to: nodeCPUs[node])
                }
                defer { if let previous, !previous.isEmpty { try? affinity?.bindCurrentThread(to: previous) } }
                boxes[c].slot.withLock { slot in
                    guard var chain = slot.take() else { return }
                    if c == unpolishedChain || chain.bestViolation == 0 {
                        let best = chain.best()
                        chain.restart(
                            from: best, replica: replicaBoxes[node].replica!, cost: chain.bestCost,
                            violation: chain.bestViolation)
                        _ = chain.polish(deadline: finalDeadline, budget: budget)
                        polished.withLock { $0[c] = (chain.bestViolation, chain.bestCost) }
                        if keep && c == unpolishedChain { kept.withLock { $0 = best } }
                    }
                    slot = consume chain
                }
            }
            unpolished = kept.withLock { $0 }
            let results = polished.withLock { $0 }
            bestChain =
                (0..<chains).filter { results[$0] != nil }.min { a, b in
                    (results[a]!.0, results[a]!.1, a) < (results[b]!.0, results[b]!.1, b)
                } ?? bestChain
            if let (violation, cost) = results[bestChain], violation == 0, (history.last?.1 ?? .infinity) > cost {
                history.append((MonotonicClock.seconds() - began, cost))
            }
        }

        var placement = startPlacement
        if let best = boxes[bestChain].slot.withLock({ slot -> Placement? in
            guard var chain = slot.take() else { return nil }
            return chain.best()
        }) {
            placement = best
        }
        var evaluation = model.evaluate(placement)
        var final = placement
        // Never return something worse than the start: a feasible start beats an infeasible result.
        if startEvaluation.isFeasible && (!evaluation.isFeasible || startEvaluation.total < evaluation.total) {
            final = startPlacement
            evaluation = startEvaluation
        }
        var riskCheck: Result.RiskCheck?
        if let riskGuard = options.riskGuard {
            riskCheck = Self.guardRisk(
                riskGuard, model: model, placement: &final, evaluation: &evaluation, start: startPlacement,
                startEvaluation: startEvaluation)
            // The unpolished best, guarded the same way, when that ends cheaper (and no less safe).
            if var other = unpolished, other != final {
                var otherEvaluation = model.evaluate(other)
                let otherCheck = Self.guardRisk(
                    riskGuard, model: model, placement: &other, evaluation: &otherEvaluation, start: startPlacement,
                    startEvaluation: startEvaluation)
                if otherCheck.met && otherEvaluation.isFeasible
                    && (!(riskCheck?.met ?? false) || !evaluation.isFeasible
                        || otherEvaluation.total < evaluation.total)
                {
                    final = other
                    evaluation = otherEvaluation
                    riskCheck = otherCheck
                }
            }
        }
        return Result(
            placement: final, evaluation: evaluation, start: startEvaluation, moves: moves, acceptedMoves: accepted,
            decidedOnBound: decidedOnBound, elapsed: MonotonicClock.seconds() - began, chains: chains,
            numaNodes: usedNodes.count, history: history,
            stopped: stopped, risk: riskCheck)
    }
}

extension Annealer {
    /// The risk guard's final step (``RiskGuard``): repairs `placement` when it is riskier than the
    /// reference, else falls back to the reference or the start.
    static func guardRisk(
        _ riskGuard: RiskGuard, model: CostModel, placement: inout Placement, evaluation: inout Evaluation,
        start: Placement, startEvaluation: Evaluation
    ) -> Result.RiskCheck {
        let risk = riskGuard.risk
        let limit = risk.evaluate(riskGuard.reference).expectedOverloadedHosts
        let searched = risk.evaluate(placement)
        var check = Result.RiskCheck(
            limit: limit, searched: searched, value: searched, repairMoves: 0, fellBack: false,
            met: searched.expectedOverloadedHosts <= limit)
        guard !check.met else { return check }
        if evaluation.isFeasible,
            let lowered = risk.lowering(
                placement, model: model, to: limit,
                moveLimit: riskGuard.moveLimit ?? 4 * Swift.max(1, model.problem.shardCount))
        {
            placement = lowered.placement
            evaluation = model.evaluate(placement)
            check.value = lowered.value
            check.repairMoves = lowered.moves
            check.met = true
            return check
        }
        let referenceEvaluation = model.evaluate(riskGuard.reference)
        if referenceEvaluation.isFeasible || !evaluation.isFeasible {
            placement = riskGuard.reference
            evaluation = referenceEvaluation
        } else if startEvaluation.isFeasible, risk.evaluate(start).expectedOverloadedHosts <= limit {
            placement = start
            evaluation = startEvaluation
        } else {
            return check
        }
        check.value = risk.evaluate(placement)
        check.fellBack = true
        check.met = check.value.expectedOverloadedHosts <= limit
        return check
    }
}
