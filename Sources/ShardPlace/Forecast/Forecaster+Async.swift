extension Forecaster {
    /// Forecasts every series without blocking the caller's executor: the same batches as the synchronous
    /// ``forecast(_:)-(SeriesPanel)``, run on Dispatch threads while the calling task suspends, with the
    /// same results.
    ///
    /// Cancelling the calling task stops the work between batches of sixteen series (each thread finishes
    /// the batch it holds) and throws: a table with some series missing is of no use.
    ///
    /// - Throws: `CancellationError` when the task was cancelled before the last batch was taken.
    /// - Complexity: as ``forecast(_:)-(SeriesPanel)``.
    public func forecast(_ panel: SeriesPanel) async throws(CancellationError) -> ForecastTable {
        try await run(panel)
    }

    /// Forecasts every series (each on a regular grid, oldest first) without blocking the caller's
    /// executor; see ``forecast(_:)-(SeriesPanel)`` (the `async` one) for cancellation.
    ///
    /// - Throws: `CancellationError` when the task was cancelled before the last batch was taken.
    public func forecast(_ series: [[Double]]) async throws(CancellationError) -> ForecastTable {
        try await run(ArraySeries(series: series))
    }

    private func run<S: SeriesSource>(_ source: S) async throws(CancellationError) -> ForecastTable {
        let forecaster = self
        let (table, stopped) = await OffExecutor.run { signal in
            let table = forecaster.run(source, stop: signal)
            return (table, signal.isRaised)
        }
        if stopped { throw CancellationError() }
        return table
    }
}
