// The forecasting entry points of the C ABI (see shardplace.h).

internal import CShardPlace
import Glibc
import ShardPlace

/// Every forecasting method's name as a C string that lives as long as the process (written once, then
/// only read: safe to share between threads).
nonisolated(unsafe) let forecastMethodNames: [UnsafeMutablePointer<CChar>] = ForecastMethod.allCases.map {
    strdup($0.rawValue)!
}

@_cdecl("sp_forecast_method_name")
public func spForecastMethodName(_ index: Int32) -> UnsafePointer<CChar>? {
    guard index >= 0, Int(index) < forecastMethodNames.count else {
        setLastError("forecast method index \(index) is out of range 0..<\(forecastMethodNames.count)")
        return nil
    }
    return UnsafePointer(forecastMethodNames[Int(index)])
}

@_cdecl("sp_forecast")
public func spForecast(
    _ series: Int32, _ length: Int32, _ values: UnsafePointer<Float>?, _ horizon: Int32, _ season: Int32,
    _ quantile: Double, _ mean: UnsafeMutablePointer<Float>?, _ upper: UnsafeMutablePointer<Float>?,
    _ peak: UnsafeMutablePointer<Float>?, _ method: UnsafeMutablePointer<Int32>?
) -> Int32 {
    entryPoint { () throws(CABIError) -> Int32 in
        let n = try CArguments.count(series, "series")
        let t = try CArguments.count(length, "length")
        let h = try CArguments.count(horizon, "horizon")
        let m = try CArguments.count(season, "season")
        guard quantile > 0 && quantile < 1 else {
            throw .argument("quantile is \(quantile), expected a value in (0, 1)")
        }
        let samples = UnsafeBufferPointer(start: try CArguments.pointer(values, "values"), count: n * t)
        if let bad = samples.firstIndex(where: { !$0.isFinite }) {
            throw .argument(
                "values[\(bad)] (series \(bad / t), sample \(bad % t)) is \(samples[bad]), expected a finite number")
        }
        var panel = SeriesPanel()
        panel.reserveCapacity(samples: n * t, series: n)
        for i in 0..<n { panel.append(samples[(i * t)..<((i + 1) * t)]) }
        let table = Forecaster(options: ForecastOptions(horizon: h, season: m, quantile: quantile)).forecast(panel)
        if let mean { for k in 0..<(n * h) { mean[k] = Float(table.mean[k]) } }
        if let upper { for k in 0..<(n * h) { upper[k] = Float(table.upper[k]) } }
        if let peak { for i in 0..<n { peak[i] = Float(table.peak(i)) } }
        if let method {
            let all = ForecastMethod.allCases
            for i in 0..<n { method[i] = Int32(all.firstIndex(of: table.methods[i]) ?? 0) }
        }
        return SP_OK
    }
}
