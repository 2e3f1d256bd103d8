import Foundation
import ShardPlace
import ShardPlaceTestSupport
import Testing

@Suite struct EvaluateCommandTests {
    private func write(_ text: String, _ name: String) throws -> String {
        let path = NSTemporaryDirectory() + "\(UUID().uuidString)-\(name)"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private let tiny = """
        {"resources": [{"name": "cpu"}, {"name": "disk", "transient": true}],
         "hosts": [{"id": "a", "capacity": [4, 10], "labels": {"zone": "z1"}},
                   {"id": "b", "capacity": [4, 10], "labels": {"zone": "z2"}}],
         "groups": [{"id": "g", "antiAffinity": "host"}],
         "shards": [{"id": "x", "group": "g", "demand": [3, 6]}, {"id": "y", "group": "g", "demand": [2, 6]}],
         "placement": {"x": "a", "y": "b"}}
        """

    @Test("the bundled sample evaluates as feasible, with every term in the JSON")
    func sample() throws {
        let result = try runProgram(TestPaths.shardplace, ["evaluate", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["feasible"] as? Bool == true)
        #expect((json["total"] as? Double ?? 0) > 0)
        let terms = try #require(json["terms"] as? [String: Double])
        #expect(Set(terms.keys) == Set(CostTerms.hardNames + CostTerms.softNames))
        #expect((json["violations"] as? [Any])?.isEmpty == true)
    }

    @Test("a placement breaking anti-affinity and capacity exits 1 and lists both violations")
    func infeasible() throws {
        let scenario = try write(tiny, "tiny.json")
        let placement = try write(#"{"placement": {"x": "a", "y": "a"}}"#, "p.json")
        let text = try runProgram(TestPaths.shardplace, ["evaluate", "--scenario", scenario, "--placement", placement])
        #expect(text.status == 1)
        #expect(text.stdout.contains("feasible: NO"))
        let json = try runProgram(
            TestPaths.shardplace, ["evaluate", "--scenario", scenario, "--placement", placement, "--format", "json"])
        #expect(json.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["feasible"] as? Bool == false)
        let violations = try #require(object["violations"] as? [[String: Any]])
        let terms = Set(violations.compactMap { $0["term"] as? String })
        #expect(terms == ["antiAffinity", "capacity"])
        let capacity = try #require(violations.first { $0["term"] as? String == "capacity" })
        #expect(
            capacity["location"] as? String == "a" && capacity["resource"] as? String == "cpu"
                && capacity["amount"] as? Double == 1)
    }

    @Test("swapping two shards that hold transient disk on both hosts violates transient capacity")
    func transient() throws {
        let scenario = try write(tiny, "tiny.json")
        let placement = try write(#"{"x": "b", "y": "a"}"#, "p.json")
        let result = try runProgram(
            TestPaths.shardplace, ["evaluate", "--scenario", scenario, "--placement", placement, "--format", "json"])
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let terms = try #require(object["terms"] as? [String: Double])
        #expect(terms["transient"] == 4)  // 6 GB arriving + 6 GB still held, on each 10 GB host
        #expect(terms["capacity"] == 0)
        #expect(terms["migration"] == 2)
    }

    @Test("the current placement of a valid file is feasible: exit 0")
    func feasibleCurrent() throws {
        let scenario = try write(tiny, "tiny.json")
        let result = try runProgram(TestPaths.shardplace, ["evaluate", "--scenario", scenario])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("feasible: yes"))
    }

    @Test("validate reports every error of a file with its path, exit 2")
    func validateErrors() throws {
        let bad = try write(
            #"{"resources": [{"name": "cpu"}], "hosts": [{"id": "a", "capacity": [1, 2]}], "shards": [{"id": "x", "demand": [-1]}], "extra": 1}"#,
            "bad.json")
        let result = try runProgram(TestPaths.shardplace, ["validate", "--scenario", bad])
        #expect(result.status == 2)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.contains { $0.contains("\(bad): extra: unknown key") })
        #expect(lines.contains { $0.contains("hosts[0].capacity: expected 1 numbers") })
        #expect(lines.contains { $0.contains("shards[0].demand[0]: expected a number ≥ 0") })
        let good = try runProgram(TestPaths.shardplace, ["validate", "--scenario", try write(tiny, "ok.json")])
        #expect(good.status == 0)
        #expect(good.stdout.contains("valid"))
    }

    @Test("a bad placement file names the unknown shard and location")
    func badPlacement() throws {
        let scenario = try write(tiny, "tiny.json")
        let placement = try write(#"{"x": "nowhere", "zz": "a"}"#, "p.json")
        let result = try runProgram(
            TestPaths.shardplace, ["evaluate", "--scenario", scenario, "--placement", placement])
        #expect(result.status == 2)
        #expect(result.stderr.contains("placement[\"x\"]: no location named \"nowhere\""))
        #expect(result.stderr.contains("placement[\"zz\"]: no shard has id \"zz\""))
    }
}
