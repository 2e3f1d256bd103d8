import Foundation
import ShardPlace
import ShardPlaceTestSupport
import Testing

@Suite struct PlanCommandTests {
    private func write(_ text: String, _ name: String) throws -> String {
        let path = NSTemporaryDirectory() + "\(UUID().uuidString)-\(name)"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Two full hosts and (optionally) a third with room.
    private func swap(staging: Bool) -> String {
        let third = staging ? #", {"id": "c", "capacity": [4, 10], "labels": {"zone": "z3"}}"# : ""
        return """
            {"resources": [{"name": "cpu"}, {"name": "disk", "transient": true}],
             "hosts": [{"id": "a", "capacity": [4, 10], "labels": {"zone": "z1"}},
                       {"id": "b", "capacity": [4, 10], "labels": {"zone": "z2"}}\(third)],
             "shards": [{"id": "x", "demand": [4, 6], "size": 2e9}, {"id": "y", "demand": [4, 6], "size": 1e9}],
             "placement": {"x": "a", "y": "b"}}
            """
    }

    @Test("the sample re-solved under a move budget: exit 0, within budget, JSON with every part, a clean dry run")
    func sample() throws {
        let output = NSTemporaryDirectory() + "\(UUID().uuidString)-plan.json"
        let result = try runProgram(
            TestPaths.shardplace,
            [
                "plan", "--budget-moves", "3", "--iterations", "100000", "--threads", "1", "--quiet", "--dry-run",
                "--format", "json", "-o", output,
            ])
        #expect(result.status == 0, "\(result.stderr)")
        let plan = try json(result.stdout)
        #expect(try String(contentsOfFile: output, encoding: .utf8) == result.stdout)
        for key in ["target", "waves", "cost", "blocked", "deferred", "budget", "simulation", "shardMapVersion"] {
            #expect(plan[key] != nil, "missing \(key)")
        }
        #expect((plan["moves"] as? Int ?? 99) <= 3)
        #expect(plan["complete"] as? Bool == true && plan["feasible"] as? Bool == true)
        let cost = try #require(plan["cost"] as? [String: [String: Any]])
        #expect((cost["after"]?["total"] as? Double ?? .infinity) <= (cost["before"]?["total"] as? Double ?? 0))
        let waves = try #require(plan["waves"] as? [[String: Any]])
        let moves = waves.flatMap { $0["moves"] as? [[String: Any]] ?? [] }
        #expect(!moves.isEmpty)
        for move in moves {
            let phases = try #require(move["phases"] as? [[String: Any]])
            #expect(phases.map { $0["step"] as? String } == MigrationPhase.Step.allCases.map(\.rawValue))
            #expect(move["urgency"] is Double && move["cutOverVersion"] is Int)
        }
        let simulation = try #require(plan["simulation"] as? [[String: Any]])
        #expect(simulation.count == waves.count)
        #expect(simulation.allSatisfy { ($0["violations"] as? [Any])?.isEmpty == true })
        // Sorted keys.
        let keys = result.stdout.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map {
            $0.split(separator: "\"")[1]
        }
        #expect(keys == keys.sorted())
    }

    @Test("a swap of two full hosts through a staging host: exit 0, the plan says so")
    func staged() throws {
        let scenario = try write(swap(staging: true), "swap.json")
        let target = try write(#"{"x": "b", "y": "a"}"#, "target.json")
        let result = try runProgram(
            TestPaths.shardplace, ["plan", "--scenario", scenario, "--target", target, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let plan = try json(result.stdout)
        #expect(plan["stagedMoves"] as? Int == 1)
        let kinds = (plan["waves"] as? [[String: Any]] ?? []).flatMap {
            ($0["moves"] as? [[String: Any]] ?? []).map { $0["kind"] as? String }
        }
        #expect(kinds == ["stage", "move", "unstage"])
    }

    @Test(
        "the plan's fields of the JSON are MigrationPlan.jsonDocument of the library's plan (the C ABI's sp_plan_json)")
    func sameDocumentAsLibrary() throws {
        let text = swap(staging: true)
        let scenario = try write(text, "swap.json")
        let target = try write(#"{"x": "b", "y": "a"}"#, "target.json")
        let result = try runProgram(
            TestPaths.shardplace, ["plan", "--scenario", scenario, "--target", target, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let cli = try json(result.stdout)

        let parsed = try ScenarioLoader.parse(text, format: .json)
        let model = CostModel(try Problem(parsed))
        let goal = try Placement(locations: ["x": "b", "y": "a"], problem: model.problem)
        let limits = parsed.policy.migration
        let planned = Rebalancer(budget: .init(limits: limits)).plan(
            model, target: goal, planner: .init(limits: limits))
        let library = try json(planned.plan.jsonDocument(problem: model.problem, target: planned.resolved.target))
        #expect(library.count == 12)
        for (key, value) in library {
            let same = (cli[key] as? NSObject).map { $0.isEqual(value) } ?? false
            #expect(same, "\(key): CLI \(cli[key] ?? "nothing"), library \(value)")
        }
    }

    @Test("a swap with no room anywhere is blocked: exit 1, each move with its reason")
    func blocked() throws {
        let scenario = try write(swap(staging: false), "swap.json")
        let target = try write(#"{"x": "b", "y": "a"}"#, "target.json")
        let text = try runProgram(TestPaths.shardplace, ["plan", "--scenario", scenario, "--target", target])
        #expect(text.status == 1)
        #expect(text.stdout.contains("blocked: 2 move(s)"))
        #expect(text.stdout.contains("b lacks cpu"))
        #expect(text.stdout.contains("complete: NO"))
        let result = try runProgram(
            TestPaths.shardplace, ["plan", "--scenario", scenario, "--target", target, "--format", "json"])
        let blocked = try #require(try json(result.stdout)["blocked"] as? [[String: Any]])
        #expect(blocked.count == 2 && blocked.allSatisfy { ($0["reasons"] as? [String])?.isEmpty == false })
    }

    @Test("failing a host promotes its standby: exit 0, replicas re-created")
    func failover() throws {
        let scenario = try write(
            """
            {"resources": [{"name": "cpu"}],
             "hosts": [{"id": "a", "capacity": [10], "labels": {"zone": "z1"}},
                       {"id": "b", "capacity": [10], "labels": {"zone": "z2"}},
                       {"id": "c", "capacity": [10], "labels": {"zone": "z3"}},
                       {"id": "d", "capacity": [10], "labels": {"zone": "z4"}}],
             "groups": [{"id": "db", "antiAffinity": "zone", "standby": {"count": 1, "key": "zone"}}],
             "shards": [{"id": "db-0", "group": "db", "demand": [2], "size": 1e9},
                        {"id": "db-1", "group": "db", "demand": [2], "size": 1e9}],
             "placement": {"db-0": "a", "db-1": "b", "db.standby1": "c"}}
            """, "failover.json")
        let result = try runProgram(
            TestPaths.shardplace, ["plan", "--scenario", scenario, "--fail-host", "a", "--format", "json", "--dry-run"])
        #expect(result.status == 0, "\(result.stderr)")
        let plan = try json(result.stdout)
        let promotions = try #require(plan["promotions"] as? [[String: Any]])
        #expect(
            promotions.count == 1 && promotions[0]["primary"] as? String == "db-0"
                && promotions[0]["host"] as? String == "c")
        let target = try #require(plan["target"] as? [String: String])
        #expect(target["db-0"] == "c" && target["db.standby1"] == "d")
    }

    @Test(
        "bad input exits 2 and names it",
        arguments: [
            (["--scenario", "/nonexistent/s.json"], "s.json"),
            (["--fail-host", "nope"], "no host has id \"nope\""),
            (["--current", "/nonexistent/p.json"], "p.json"),
        ])
    func badInput(arguments: [String], fragment: String) throws {
        let result = try runProgram(TestPaths.shardplace, ["plan", "--quiet", "--iterations", "1000"] + arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains(fragment), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test("a malformed scenario exits 2 and writes no plan file")
    func malformed() throws {
        let scenario = try write(#"{"resources": [{"name": "cpu"}], "hosts": [}"#, "bad.json")
        let output = NSTemporaryDirectory() + "\(UUID().uuidString)-plan.json"
        let result = try runProgram(TestPaths.shardplace, ["plan", "--scenario", scenario, "-o", output])
        #expect(result.status == 2)
        #expect(result.stderr.contains("bad.json"))
        #expect(!FileManager.default.fileExists(atPath: output))
    }
}
