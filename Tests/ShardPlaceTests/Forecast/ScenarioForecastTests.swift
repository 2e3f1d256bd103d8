import Foundation
import ShardPlace
import Testing

@Suite struct ScenarioForecastTests {
    @Test("shards with history get the forecast peak of each resource; others keep their demand")
    func demand() throws {
        let season = (0..<40).map { Double($0 % 10) }
        let flat = [Double](repeating: 3, count: 40)
        var policy = Policy()
        policy.forecast = Policy.Forecast(quantile: 0.9, horizon: 10, season: 10, model: "seasonal-naive")
        let scenario = Scenario(
            resources: [Resource(name: "cpu"), Resource(name: "memory")],
            hosts: [Host(id: "a", capacity: [100, 100])],
            shards: [
                Shard(id: "x", demand: [], history: DemandHistory(samples: [season, flat])),
                Shard(id: "y", demand: [1, 2]),
            ], policy: policy)
        let (forecast, summary) = try scenario.forecastingDemand(relativeTo: nil)
        // Seasonal naive on an exact season: every k-step error is 0, so the peak is the season's maximum.
        #expect(forecast.shards[0].demand == [9, 3])
        #expect(forecast.shards[1].demand == [1, 2])
        let info = try #require(summary)
        #expect(info.shards == 1 && info.series == 2 && info.quantile == 0.9 && info.horizon == 10)
        #expect(info.models == ["seasonal-naive": 2])
        var plain = scenario
        plain.policy.forecast = nil
        #expect(try plain.forecastingDemand(relativeTo: nil).summary == nil)
    }

    @Test("CSV histories are read relative to the scenario; a missing series is an error")
    func csv() throws {
        let folder = NSTemporaryDirectory() + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var text = "series_id,timestamp,value\n"
        for t in 0..<30 { text += "c,\(t * 60),\(t < 29 ? 4 : 4)\n" }
        try text.write(toFile: folder + "/h.csv", atomically: true, encoding: .utf8)
        var policy = Policy()
        policy.forecast = Policy.Forecast(horizon: 5)
        let scenario = Scenario(
            resources: [Resource(name: "cpu")], hosts: [Host(id: "a", capacity: [10])],
            shards: [Shard(id: "x", demand: [], history: DemandHistory(csv: "h.csv", series: ["c"]))], policy: policy)
        #expect(try scenario.forecastingDemand(relativeTo: folder).scenario.shards[0].demand == [4])
        var missing = scenario
        missing.shards[0].history = DemandHistory(csv: "h.csv", series: ["nope"])
        #expect(throws: ScenarioError.self) { try missing.forecastingDemand(relativeTo: folder) }
    }
}
