extension Annealer {
    /// Solves without blocking the caller's executor: the same search as the synchronous
    /// ``solve(_:start:)``, run on a Dispatch global queue (its chains on Dispatch worker threads), while
    /// the calling task suspends.
    ///
    /// With the same options the result equals the synchronous solve's (same seed, chain count and
    /// iteration budget ⇒ same placement). Cancelling the calling task stops the search early: every chain
    /// polls the stop about every 1,024 moves, the solve returns the best placement found so far with
    /// ``Result/stopped`` set, and its ``Result/evaluation`` is a full evaluation — feasible, or with its
    /// violations listed. A task cancelled before the call gets the starting placement (the greedy
    /// baseline, or `start` completed greedily). An ``Options/shouldStop`` of the caller's own is still
    /// asked.
    ///
    /// ```swift
    /// let task = Task { await Annealer(options: options).solve(model) }
    /// // … later, when the answer is needed now:
    /// task.cancel()
    /// let result = await task.value   // result.stopped == true when the search was cut short
    /// ```
    ///
    /// - Parameters:
    ///   - model: the compiled problem and its evaluator.
    ///   - start: a starting placement; default the scenario's current placement, completed greedily.
    /// - Returns: the best feasible placement found (or the least-violating one, with its violations).
    public func solve(_ model: CostModel, start: Placement? = nil) async -> Result {
        let options = self.options
        return await OffExecutor.run { signal in
            Annealer(options: options.stopping(on: signal)).solve(model, start: start)
        }
    }
}

extension Annealer.Options {
    /// These options with `signal` added to ``shouldStop`` (the caller's own test is still asked).
    func stopping(on signal: StopSignal) -> Annealer.Options {
        var options = self
        let own = shouldStop
        options.shouldStop = { signal.isRaised || (own?() ?? false) }
        return options
    }
}
