import Foundation
import ShardPlace
import ShardPlaceTestSupport
import Testing

@Suite struct SimulateCommandTests {
    private func write(_ text: String, _ name: String) throws -> String {
        let path = NSTemporaryDirectory() + "\(UUID().uuidString)-\(name)"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Four shards at 300 s: warm-up demand 40, 30, 20, 10 (two steps), then s1 jumps to 65 from the
    /// fourth step after warm-up. On 3 hosts at ρ = 1/3, C = 100 and h0 = {s0, s1, s3} reaches 115.
    private var cpu: String {
        var text = "series_id,timestamp,value\n"
        let s1: [Double] = [30, 30, 30, 30, 30, 65, 65, 65, 30, 30]
        for (i, level) in [40.0, 30, 20, 10].enumerated() {
            for t in 0..<10 { text += "s\(i),\(t * 300),\(i == 1 ? s1[t] : level)\n" }
        }
        return text
    }

    private func arguments(_ file: String, _ policy: String) -> [String] {
        [
            "simulate", "--resource", "cpu=\(file)", "--hosts", "3", "--target-load", "0.3333333333333333",
            "--warmup", "2", "--policy", policy, "--horizon", "3", "--format", "json", "--quiet",
        ]
    }

    @Test("JSON output: static overloads for 3 steps × 5 min; oracle migrates and avoids it")
    func json() throws {
        let input = try write(cpu, "cpu.csv")
        let staticRun = try runProgram(TestPaths.shardplace, arguments(input, "static"))
        #expect(staticRun.status == 0, "\(staticRun.stderr)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(staticRun.stdout.utf8)) as? [String: Any])
        #expect(object["overloadMinutes"] as? Double == 15)
        #expect(object["migrations"] as? Int == 0)
        for key in ["bytesMoved", "peakUtilization", "p99Utilization", "blocked", "severity"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        #expect(object["controllerMicrosecondsPerStep"] == nil)
        let oracle = try runProgram(TestPaths.shardplace, arguments(input, "oracle"))
        let oracleObject = try #require(
            try JSONSerialization.jsonObject(with: Data(oracle.stdout.utf8)) as? [String: Any])
        #expect(oracleObject["overloadMinutes"] as? Double == 0)
        #expect(oracleObject["migrations"] as? Int == 1)
        #expect(oracleObject["bytesMoved"] as? Double == 1_073_741_824)
    }

    @Test("the same inputs give byte-identical JSON; the table names the metrics")
    func deterministic() throws {
        let input = try write(cpu, "cpu.csv")
        let a = try runProgram(TestPaths.shardplace, arguments(input, "predictive"))
        let b = try runProgram(TestPaths.shardplace, arguments(input, "predictive"))
        #expect(a.status == 0, "\(a.stderr)")
        #expect(a.stdout == b.stdout)
        let table = try runProgram(
            TestPaths.shardplace,
            ["simulate", "--resource", "cpu=\(input)", "--hosts", "3", "--warmup", "2", "--policy", "reactive"])
        #expect(table.status == 0)
        #expect(table.stdout.contains("overload minutes") && table.stdout.contains("p99 utilization"))
        #expect(table.stderr.contains("4 shards"))
    }

    @Test("bad input: a bad CSV line, a series missing from a resource, a warm-up too long: exit 2")
    func badInput() throws {
        let bad = try write("series_id,timestamp,value\ns0,0,1\ns0,300,oops\n", "bad.csv")
        let result = try runProgram(TestPaths.shardplace, arguments(bad, "reactive"))
        #expect(result.status == 2)
        #expect(result.stderr.contains("bad.csv:3:") && result.stderr.contains("finite number"))

        let input = try write(cpu, "cpu.csv")
        let memory = try write("series_id,timestamp,value\ns0,0,1\ns1,0,1\n", "mem.csv")
        let missing = try runProgram(
            TestPaths.shardplace,
            ["simulate", "--resource", "cpu=\(input)", "--resource", "mem=\(memory)", "--warmup", "2", "--quiet"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("mem.csv") && missing.stderr.contains("no series \"s2\""))

        let long = try runProgram(
            TestPaths.shardplace, ["simulate", "--resource", "cpu=\(input)", "--warmup", "50", "--quiet"])
        #expect(long.status == 2)
        #expect(long.stderr.contains("warm-up"))
    }
}
