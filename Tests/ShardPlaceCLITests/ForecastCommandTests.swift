import Foundation
import ShardPlace
import ShardPlaceTestSupport
import Testing

@Suite struct ForecastCommandTests {
    private func write(_ text: String, _ name: String) throws -> String {
        let path = NSTemporaryDirectory() + "\(UUID().uuidString)-\(name)"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Two series at 300 s: a ramp and a constant, the constant with one missing sample.
    private var csv: String {
        var text = "series_id,timestamp,value\n"
        for t in 0..<60 { text += "ramp,\(t * 300),\(Double(t) * 2)\n" }
        for t in 0..<60 where t != 30 { text += "flat,\(t * 300),5\n" }
        return text
    }

    @Test("CSV output: one row per step and a peak row per series, written atomically with -o")
    func output() throws {
        let input = try write(csv, "in.csv")
        let out = NSTemporaryDirectory() + "\(UUID().uuidString)-out.csv"
        let result = try runProgram(
            TestPaths.shardplace,
            [
                "forecast", "--input", input, "--horizon", "3", "--season", "1", "--quantile", "0.9", "-o", out,
                "--quiet",
            ])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.first == "series_id,step,mean,quantile,model")
        #expect(lines.count == 1 + 2 * 4)
        let rows = lines.dropFirst().map { $0.split(separator: ",").map(String.init) }
        #expect(rows.map { $0[1] } == ["1", "2", "3", "peak", "1", "2", "3", "peak"])
        // The constant series: naive, mean = quantile = 5 everywhere.
        let flat = rows.filter { $0[0] == "flat" }
        #expect(flat.allSatisfy { Double($0[2]) == 5 && Double($0[3]) == 5 && $0[4] == "naive" })
        // The ramp: the peak row holds the largest quantile of its steps.
        let ramp = rows.filter { $0[0] == "ramp" }
        let peak = Double(ramp[3][3])!
        #expect(peak == ramp[0..<3].map { Double($0[3])! }.max())
        #expect(Double(ramp[0][2])! > 110)
    }

    @Test("a fixed model and JSON output")
    func json() throws {
        let input = try write(csv, "in.csv")
        let result = try runProgram(
            TestPaths.shardplace,
            ["forecast", "--input", input, "--horizon", "2", "--season", "1", "--model", "holt", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let series = try #require(object["series"] as? [[String: Any]])
        #expect(series.count == 2 && series.allSatisfy { $0["model"] as? String == "holt" })
        #expect((series[0]["mean"] as? [Double])?.count == 2)
    }

    @Test(
        "malformed CSV exits 2 naming the file and line",
        arguments: [
            ("series_id,timestamp,value\na,0,1\na,300,x\n", ":3:"),
            ("series_id,timestamp,value\na,300,1\na,0,1\n", ":3:"),
            ("series_id,timestamp,value\na,0,1\na,0,1\n", ":3:"),
            ("id,time,value\na,0,1\n", ":1:"),
            ("series_id,timestamp,value\n", "no data rows"),
        ])
    func malformed(_ text: String, _ marker: String) throws {
        let input = try write(text, "bad.csv")
        let out = NSTemporaryDirectory() + "\(UUID().uuidString)-never.csv"
        let result = try runProgram(TestPaths.shardplace, ["forecast", "--input", input, "-o", out])
        #expect(result.status == 2)
        #expect(result.stderr.contains("bad.csv") && result.stderr.contains(marker), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test("--evaluate scores every model and auto; on a clean season Holt-Winters beats seasonal naive")
    func evaluate() throws {
        var text = "series_id,timestamp,value\n"
        for s in 0..<4 {
            for t in 0..<300 {
                let noise = Double((t * 7919 + s * 104_729) % 200) / 100 - 1
                text += "s\(s),\(t * 300),\(50 + 20 * sin(2 * Double.pi * Double(t) / 24) + noise)\n"
            }
        }
        let input = try write(text, "season.csv")
        let result = try runProgram(
            TestPaths.shardplace,
            [
                "forecast", "--input", input, "--evaluate", "--holdout", "48", "--horizon", "12", "--season", "24",
                "--format", "json", "--quiet",
            ])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(rows.map { $0["model"] as? String } == ForecastMethod.allCases.map(\.rawValue) + ["auto"])
        #expect(rows.allSatisfy { $0["forecasts"] as? Int == 16 })
        let hw = try #require(rows.first { $0["model"] as? String == "hw-additive" })
        #expect((hw["relativeToSeasonalNaive"] as? Double ?? 9) < 1)
        let missing = try runProgram(TestPaths.shardplace, ["forecast", "--input", input, "--evaluate"])
        #expect(missing.status != 0 && missing.stderr.contains("--holdout"))
    }

    @Test("place uses the forecast peak for shards with history and says so")
    func place() throws {
        let history = (0..<48).map { String(Double($0 % 12) + 1) }.joined(separator: ", ")
        let scenario = try write(
            """
            {"resources": [{"name": "cpu"}],
             "hosts": [{"id": "a", "capacity": [30]}, {"id": "b", "capacity": [30]}],
             "shards": [{"id": "x", "history": {"samples": [[\(history)]]}}, {"id": "y", "demand": [5]}],
             "policy": {"forecast": {"quantile": 0.9, "horizon": 12, "season": 12}}}
            """, "s.json")
        let result = try runProgram(
            TestPaths.shardplace,
            ["place", "--scenario", scenario, "--iterations", "1000", "--quiet", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let forecast = try #require(object["forecast"] as? [String: Any])
        #expect(forecast["shards"] as? Int == 1 && forecast["horizon"] as? Int == 12)
        let text = try runProgram(
            TestPaths.shardplace, ["place", "--scenario", scenario, "--iterations", "1000", "--quiet"])
        #expect(text.stdout.contains("demand: forecast peak (quantile 0.9, horizon 12 steps) for 1 shard(s)"))
    }

    @Test("an unknown policy.forecast key or a bad quantile is an input error")
    func badPolicy() throws {
        let scenario = try write(
            """
            {"resources": [{"name": "cpu"}], "hosts": [{"id": "a", "capacity": [30]}],
             "shards": [{"id": "x", "demand": [1]}],
             "policy": {"forecast": {"quantile": 1.5, "horizon": 12, "extra": 1}}}
            """, "s.json")
        let result = try runProgram(TestPaths.shardplace, ["validate", "--scenario", scenario])
        #expect(result.status == 2)
        #expect(result.stderr.contains("policy.forecast.quantile") && result.stderr.contains("policy.forecast.extra"))
    }
}
