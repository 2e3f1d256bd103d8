import Testing

@testable import ShardPlace

@Suite struct DescentTests {
    /// A tightly packed generated scenario (its initial placement is feasible; `disk` is transient).
    private func tight(seed: UInt64, shards: Int = 160, hosts: Int = 10) throws -> (Problem, CostModel, Placement) {
        let scenario = ScenarioGenerator.generate(
            .init(shards: shards, hosts: hosts, resources: 3, seed: seed, targetUtilization: 0.85))
        let problem = try Problem(scenario)
        let model = CostModel(problem)
        let start = Placement(initialOf: problem)
        try #require(model.evaluate(start).isFeasible)
        return (problem, model, start)
    }

    @Test(
        "the capacity filter says no exactly where a shift or a swap would add capacity or transient violation",
        arguments: [UInt64(2), 9])
    func fitsMatchesTheDelta(seed: UInt64) throws {
        let (problem, model, start) = try tight(seed: seed)
        var chain = Chain(model: model, replica: ProblemReplica(problem), start: start, seed: seed)
        var g = SplitMix64(seed: seed &* 31)
        var fit = 0
        var misfit = 0
        let tolerance = CostState.feasibilityTolerance
        for step in 0..<40 {
            // Feasible states only (no host over capacity): a delta's violation is then the target's.
            for s in 0..<problem.shardCount {
                let ha = problem.host(ofLeaf: chain.state.leaf(of: s))
                for h in 0..<problem.hostCount where h != ha {
                    let d = chain.state.shiftDelta(s, to: problem.leaves(ofHost: h).lowerBound)
                    let adds = d.capacity > tolerance || d.transient > tolerance
                    let fits = chain.state.fits(s, host: h)
                    #expect(fits == !adds, "step \(step): shard \(s) to host \(h)")
                    if adds { misfit += 1 } else { fit += 1 }
                }
            }
            for _ in 0..<200 {
                let a = g.next(below: problem.shardCount)
                let b = g.next(below: problem.shardCount)
                let ha = problem.host(ofLeaf: chain.state.leaf(of: a))
                let hb = problem.host(ofLeaf: chain.state.leaf(of: b))
                guard ha != hb else { continue }
                let d = chain.state.swapDelta(a, b)
                let adds = d.capacity > tolerance || d.transient > tolerance
                let fits = chain.state.fits(a, host: hb, leaving: b) && chain.state.fits(b, host: ha, leaving: a)
                #expect(fits == !adds, "step \(step): swap \(a) ↔ \(b)")
            }
            // A random walk through feasible states that moves shards off their initial hosts (holds).
            for _ in 0..<20 {
                let s = g.next(below: problem.shardCount)
                let leaf = g.next(below: problem.leafCount)
                let d = chain.state.shiftDelta(s, to: leaf)
                if all(d.hard .<= SIMD8(repeating: tolerance)) { chain.state.applyShift(s, to: leaf, delta: d) }
            }
        }
        // Not vacuous: both answers occur.
        #expect(fit > 100)
        #expect(misfit > 100)
    }

    @Test("the shift and the swap descents end where no single shift, and then no swap, improves without a violation")
    func descentsEndAtLocalOptima() throws {
        let (problem, model, start) = try tight(seed: 4, shards: 90, hosts: 8)
        var chain = Chain(model: model, replica: ProblemReplica(problem), start: start, seed: 5)
        chain.prepareDescent()
        // The shift lists come from scans of hosts here (a host-level problem).
        #expect(chain.descent.scan != nil)
        let n = problem.shardCount
        let before = chain.state.terms.weightedTotal(problem.weights)
        let shiftsDone = chain.descendShifts(prefix: n, deadline: .infinity)
        #expect(shiftsDone)
        let threshold = chain.threshold()
        for s in 0..<n {
            for leaf in 0..<problem.leafCount where leaf != chain.state.leaf(of: s) {
                let d = chain.state.shiftDelta(s, to: leaf)
                let improving = chain.addsNoViolation(d) && d.weightedTotal(problem.weights) < -threshold
                #expect(!improving, "shift \(s) → \(leaf)")
            }
        }
        let swapsDone = chain.descendSwaps(prefix: n, deadline: .infinity)
        #expect(swapsDone)
        for a in 0..<n {
            for b in (a + 1)..<n
            where problem.host(ofLeaf: chain.state.leaf(of: a)) != problem.host(ofLeaf: chain.state.leaf(of: b)) {
                let d = chain.state.swapDelta(a, b)
                let improving = chain.addsNoViolation(d) && d.weightedTotal(problem.weights) < -threshold
                #expect(!improving, "swap \(a) ↔ \(b)")
            }
        }
        let after = chain.state.terms.weightedTotal(problem.weights)
        // Not vacuous: the descents improved the start; the state is still exact and feasible.
        #expect(after < before)
        let feasible = chain.state.isFeasible
        #expect(feasible)
        expectClose(
            chain.state.terms, model.evaluate(chain.state.placement).terms, weights: problem.weights, "descents")
    }

    @Test(
        "the descent search (ejections, reweighted load costs, the beam) keeps its best exact and feasible",
        arguments: [UInt64(1), 6], [DescentSchedule.longSearch / 2, DescentSchedule.longSearch])
    func descentSearchIsConsistent(seed: UInt64, seconds: Double) throws {
        let (problem, model, start) = try tight(seed: seed)
        var chain = Chain(model: model, replica: ProblemReplica(problem), start: start, seed: seed)
        let startCost = model.evaluate(start).total
        let began = MonotonicClock.seconds()
        // The schedule of a search of `seconds` (the long one: the winners' wide beam; the short one: the
        // narrow beam), in one second.
        chain.descend(from: start, began: began, deadline: began + 1, schedule: DescentSchedule(seconds: seconds))
        // The state is back under the true load weights, and its terms equal a full evaluation.
        expectClose(chain.state.terms, model.evaluate(chain.state.placement).terms, weights: problem.weights, "end")
        let best = chain.best()
        let evaluation = model.evaluate(best)
        #expect(evaluation.isFeasible)
        #expect(abs(evaluation.total - chain.bestCost) <= 1e-6 * max(1, chain.bestCost))
        #expect(chain.bestCost < startCost)
    }

    @Test(
        "an ejection's paying move (pass 1) is the cheapest by the soft objective alone among the leaves that add no violation, as the full evaluator finds over every leaf",
        arguments: [UInt64(4), 12])
    func payingEjectionIsSoftCheapest(seed: UInt64) throws {
        let (problem, model, start) = try tight(seed: seed)
        var chain = Chain(model: model, replica: ProblemReplica(problem), start: start, seed: seed)
        chain.prepareDescent()
        chain.eject.arrivals.enable(shards: problem.shardCount, hosts: problem.hostCount)
        var g = SplitMix64(seed: seed &* 17)
        let tolerance = 1e-6
        var paying = 0
        var none = 0
        var reliefOnly = 0
        for _ in 0..<12 {
            // A host overloaded as in a trial: a random shard put on another random host.
            let big = g.next(below: problem.shardCount)
            let home = problem.host(ofLeaf: Int(start.leaves[big]))
            let target = (home + 1 + g.next(below: problem.hostCount - 1)) % problem.hostCount
            var overloaded = start
            overloaded.leaves[big] = Int32(problem.leaves(ofHost: target).lowerBound)
            chain.reset(to: overloaded)
            let before = model.evaluate(overloaded)
            for q in 0..<problem.shardCount where q != big && problem.host(ofLeaf: Int(overloaded.leaves[q])) == target
            {
                var evaluations = 0
                let (leaf, value, _) = chain.bestLeaf(
                    q, avoiding: target, below: 0, evaluations: &evaluations, soft: true)
                // Brute force: every leaf off the target that adds no capacity, transient or anti-affinity
                // violation to the placement without `q`, by the change of the soft total.
                var off = overloaded
                off.leaves[q] = -1
                let without = model.evaluate(off).terms
                var bruteBest = 0.0
                for l in 0..<problem.leafCount where problem.host(ofLeaf: l) != target {
                    var after = overloaded
                    after.leaves[q] = Int32(l)
                    let e = model.evaluate(after)
                    guard e.terms.capacity <= without.capacity + tolerance,
                        e.terms.transient <= without.transient + tolerance,
                        e.terms.antiAffinity <= without.antiAffinity + tolerance
                    else { continue }
                    bruteBest = min(bruteBest, e.total - before.total)
                }
                let scale = tolerance * max(1, abs(before.total))
                if leaf >= 0 {
                    paying += 1
                    #expect(abs(value - bruteBest) <= scale, "shard \(q): \(value) against \(bruteBest)")
                } else {
                    none += 1
                    #expect(
                        bruteBest >= -scale, "shard \(q): no paying leaf found, the full evaluator has \(bruteBest)")
                }
                // The penalised choice counts the overloaded host's relief: it takes leaves the soft
                // objective does not pay for (the case the soft pass 1 exists for).
                let (penalisedLeaf, _, _) = chain.bestLeaf(q, avoiding: target, below: 0, evaluations: &evaluations)
                if penalisedLeaf >= 0 && leaf < 0 { reliefOnly += 1 }
            }
        }
        // Not vacuous: both outcomes occur, and the soft rule decides differently from the penalised one.
        #expect(paying > 0 && none > 0)
        #expect(reliefOnly > 0)
    }

    @Test(
        "the arrival cache: after ejection trials and descents, every entry it still holds valid equals a fresh pricing",
        arguments: [UInt64(1), 8])
    func arrivalCacheStaysExact(seed: UInt64) throws {
        let (problem, model, start) = try tight(seed: seed)
        var chain = Chain(model: model, replica: ProblemReplica(problem), start: start, seed: seed)
        chain.prepareDescent()
        let n = problem.shardCount
        chain.eject.arrivals.enable(shards: n, hosts: problem.hostCount)
        var valid = 0
        var misfits = 0
        var kept = 0
        for round in 0..<6 {
            let before = chain.accepted
            let ejected = chain.descendEjections(trials: 30, prefix: n, deadline: .infinity)
            #expect(ejected)
            kept += chain.accepted - before
            if round % 2 == 1 {
                let shifted = chain.descendShifts(prefix: n, deadline: .infinity)
                #expect(shifted)
            }
            // A change the cache was not told of would leave a valid-looking entry that differs.
            let cache = chain.eject.arrivals
            for q in 0..<n {
                for h in 0..<problem.hostCount where h != Int(problem.initialHost[q]) {
                    let i = q * cache.hosts + h
                    guard cache.entryStamp[i] == cache.stamp[h] else { continue }
                    valid += 1
                    // Whether it fits is kept too; the terms only where it does.
                    let fits = chain.state.fits(q, host: h)
                    if !fits { misfits += 1 }
                    #expect(cache.entry[i].fits == fits, "round \(round) shard \(q) host \(h)")
                    guard fits else { continue }
                    let fresh = chain.state.arrivalDelta(q, host: h)
                    let entry = cache.entry[i].terms
                    #expect(close(entry.load, fresh.load, 1e-9) && close(entry.capacity, fresh.capacity, 1e-9))
                    #expect(close(entry.transient, fresh.transient, 1e-9), "round \(round) shard \(q) host \(h)")
                }
            }
        }
        // Not vacuous: entries were reused across trials, and some trials were kept (hosts changed).
        #expect(valid > 100)
        #expect(misfits > 0 && misfits < valid)
        #expect(kept > 0)
        expectClose(chain.state.terms, model.evaluate(chain.state.placement).terms, weights: problem.weights, "end")
    }

    @Test(
        "the ejection trials' host-part bound passes only leaves that cannot win: with and without it, the same moves",
        arguments: [UInt64(3), 11])
    func hostPartBoundIsExact(seed: UInt64) throws {
        // Traffic terms take either sign outside the host part: the bound is off where they count.
        var options = ScenarioGenerator.Options(shards: 160, hosts: 10, resources: 3, seed: seed)
        options.targetUtilization = 0.85
        options.trafficPerShard = 0
        let problem = try Problem(ScenarioGenerator.generate(options))
        let model = CostModel(problem)
        let start = Placement(initialOf: problem)
        try #require(model.evaluate(start).isFeasible)
        #expect(problem.weights.migration > 0)
        let n = problem.shardCount
        func run(bounding: Bool) -> (leaves: [Int32], accepted: Int, moves: Int, bounds: Bool, terms: CostTerms) {
            var chain = Chain(model: model, replica: ProblemReplica(problem), start: start, seed: seed)
            let bounds = chain.hostPartBounds()
            if !bounding { chain.eject.hostPartBounds = false }
            chain.prepareDescent()
            chain.eject.arrivals.enable(shards: n, hosts: problem.hostCount)
            for round in 0..<8 {
                let ejected = chain.descendEjections(trials: 30, prefix: n, deadline: .infinity)
                #expect(ejected)
                // Shifts move shards off their initial hosts, so that migration terms take both signs.
                if round % 2 == 1 {
                    let shifted = chain.descendShifts(prefix: n, deadline: .infinity)
                    #expect(shifted)
                }
            }
            return (chain.state.placement.leaves, chain.accepted, chain.moves, bounds, chain.state.terms)
        }
        let bounded = run(bounding: true)
        let plain = run(bounding: false)
        #expect(bounded.bounds, "the generated scenario has no term of either sign outside the host part")
        #expect(bounded.leaves == plain.leaves)
        #expect(bounded.accepted == plain.accepted)
        // Not vacuous: trials were kept, shards moved, and the bound passed leaves without pricing them.
        #expect(bounded.accepted > 0)
        #expect(zip(bounded.leaves, problem.initialLeaf).contains { $0 != $1 })
        #expect(bounded.moves < plain.moves)
        expectClose(
            bounded.terms, model.evaluate(Placement(leaves: bounded.leaves)).terms, weights: problem.weights, "end")
    }

    @Test("the size order: demand weighted by each resource's load-cost weight, largest first")
    func sizeOrder() throws {
        var (problem, _, _) = try tight(seed: 5)
        problem.loadWeight = (0..<problem.stride).map { $0 < problem.resourceCount ? Double($0 * 3 + 1) : 0 }
        let model = CostModel(problem)
        var chain = Chain(model: model, replica: ProblemReplica(problem), start: Placement(initialOf: problem), seed: 1)
        chain.buildSizeOrder()
        func size(_ s: Int32) -> Double {
            (0..<problem.resourceCount).reduce(0) {
                $0 + problem.loadWeight[$1] * problem.demand(shard: Int(s), resource: $1)
            }
        }
        let order = chain.eject.bySize
        #expect(Set(order).count == problem.shardCount)
        for i in 1..<order.count { #expect(size(order[i - 1]) >= size(order[i])) }
    }

    @Test("half the chains descending, half annealing: a feasible result no worse than the start")
    func portfolio() throws {
        let (_, model, start) = try tight(seed: 3)
        var options = Annealer.Options()
        options.threads = 2
        options.timeLimit = 1
        options.descentChainShare = 0.5
        let result = Annealer(options: options).solve(model, start: start)
        #expect(result.evaluation.isFeasible)
        #expect(result.evaluation.total < model.evaluate(start).total)
        #expect(result.chains == 2)
        let full = model.evaluate(result.placement)
        #expect(abs(full.total - result.evaluation.total) <= 1e-6 * max(1, full.total))
    }
}
