import Foundation
import ShardPlaceTestSupport
import Testing

/// `shardplace place` end to end, through the built executable: the risk guard.
@Suite struct PlaceCommandTests {
    private func folder() throws -> String {
        let path = NSTemporaryDirectory() + "shardplace-place-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("--no-riskier-than greedy reports the risk of the reference and the result, the result within it")
    func riskGuard() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let scenario = "\(dir)/s.json"
        let generated = try runProgram(
            TestPaths.shardplace,
            ["generate", "--shards", "40", "--hosts", "4", "--providers", "2", "--seed", "3", "-o", scenario])
        #expect(generated.status == 0, "\(generated.stderr)")
        let place = ["place", "--scenario", scenario, "--iterations", "20000", "--threads", "1", "--quiet"]
        let placed = try runProgram(TestPaths.shardplace, place + ["--no-riskier-than", "greedy", "--format", "json"])
        #expect(placed.status == 0, "\(placed.stderr)")
        let risk = try #require(try json(placed.stdout)["risk"] as? [String: Any])
        let limit = try #require(risk["limit"] as? Double)
        let value = try #require((risk["placed"] as? [String: Any])?["expectedOverloadedHosts"] as? Double)
        #expect(risk["reference"] as? String == "greedy" && risk["met"] as? Bool == true)
        #expect(value <= limit && limit > 0, "\(risk)")

        let text = try runProgram(TestPaths.shardplace, place + ["--no-riskier-than", "greedy"])
        #expect(text.status == 0 && text.stdout.contains("overload risk (overloaded hosts per hour): greedy"))
        // `current` needs a current placement of every shard; the generated scenario has none.
        let current = try runProgram(TestPaths.shardplace, place + ["--no-riskier-than", "current"])
        #expect(current.status == 2 && current.stderr.contains("40 shard(s) have no current placement"))
        // With the placement found as the current one, the bound is its risk.
        var document = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: scenario))) as? [String: Any])
        document["placement"] = try json(placed.stdout)["placement"]
        try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: scenario))
        let again = try runProgram(TestPaths.shardplace, place + ["--no-riskier-than", "current", "--format", "json"])
        #expect(again.status == 0, "\(again.stderr)")
        let bound = try #require(try json(again.stdout)["risk"] as? [String: Any])
        #expect(bound["limit"] as? Double == value && bound["met"] as? Bool == true)
        // Without the option, no risk is computed.
        let plain = try runProgram(TestPaths.shardplace, place + ["--format", "json"])
        #expect(try json(plain.stdout)["risk"] == nil)
        let greedy = try runProgram(
            TestPaths.shardplace, place + ["--solver", "greedy", "--no-riskier-than", "greedy"])
        #expect(greedy.status == 2 && greedy.stderr.contains("--no-riskier-than"))
    }
}
