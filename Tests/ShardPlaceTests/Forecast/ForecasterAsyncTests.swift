import Foundation
import Testing

@testable import ShardPlace

/// The `async` forecasts: the synchronous results off the caller's executor, and a cancelled task gets
/// `CancellationError`, never a table with series missing.
@Suite struct ForecasterAsyncTests {
    /// 40 daily-seasonal series of 10 days, with noise, levels and trends that differ per series.
    static func series() -> [[Double]] {
        var random = SplitMix64(seed: 21)
        return (0..<40).map { i in
            (0..<240).map { t -> Double in
                let level = 50 + Double(i) + 0.05 * Double(i % 3) * Double(t)
                let daily: Double = 20 * sin(2 * Double.pi * Double(t % 24) / 24)
                return level + daily + 4 * (random.nextDouble() - 0.5)
            }
        }
    }

    /// The synchronous forecast of `series` when given, else of `panel` (in an `async` function the
    /// `async` overload is chosen).
    static func forecast(_ forecaster: Forecaster, _ panel: SeriesPanel, _ series: [[Double]]?) -> ForecastTable {
        series.map { forecaster.forecast($0) } ?? forecaster.forecast(panel)
    }

    @Test("the async forecast of arrays and of a panel equals the synchronous one")
    func sameAsSynchronous() async throws {
        let series = Self.series()
        let forecaster = Forecaster(options: ForecastOptions(horizon: 12, season: 24, quantile: 0.9))
        let synchronous = Self.forecast(forecaster, SeriesPanel(series), series)
        let fromArrays = try await forecaster.forecast(series)
        #expect(fromArrays == synchronous)
        let panel = SeriesPanel(series)
        let fromPanel = try await forecaster.forecast(panel)
        #expect(fromPanel == Self.forecast(forecaster, panel, nil))
        #expect(synchronous.mean.allSatisfy(\.isFinite) && synchronous.methods.count == series.count)
    }

    @Test("a cancelled task throws CancellationError")
    func cancelled() async {
        let series = Self.series()
        let forecaster = Forecaster(options: ForecastOptions(horizon: 12, season: 24, quantile: 0.9))
        let outcome = await Task { () -> Result<ForecastTable, CancellationError> in
            withUnsafeCurrentTask { $0?.cancel() }
            do throws(CancellationError) {
                return .success(try await forecaster.forecast(series))
            } catch {
                return .failure(error)
            }
        }.value
        #expect(throws: CancellationError.self) { try outcome.get() }
    }
}
