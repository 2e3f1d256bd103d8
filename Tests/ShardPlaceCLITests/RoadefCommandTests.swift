import Foundation
import ShardPlaceTestSupport
import Testing

private let instances = ["a1_1", "a1_2", "a1_3", "a1_4", "a1_5", "a2_1", "a2_2", "a2_3", "a2_4", "a2_5"]

private func setA() -> URL? {
    TestPaths.shared?.appendingPathComponent("benchmarks/roadef2012/A")
}

private func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

/// roadef_check.py's verdict and objective split for an assignment.
private func checker(_ instance: String, _ solution: String) throws -> (feasible: Bool, terms: [String: Double]) {
    let a = try #require(setA())
    let tool = try #require(TestPaths.shared).appendingPathComponent("tools/roadef_check.py").path
    let run = try runProgram(
        "python3",
        [
            tool, a.appendingPathComponent("model_\(instance).txt").path,
            a.appendingPathComponent("assignment_\(instance).txt").path, solution, "--json",
        ])
    let object = try json(run.stdout)
    let key = object["objective"] != nil ? "objective" : "initial_objective"
    let o = try #require(object[key] as? [String: Any])
    var terms: [String: Double] = [:]
    for name in ["load_cost", "balance_cost", "process_move_cost", "service_move_cost", "machine_move_cost", "total"] {
        terms[name] = (o[name] as? Double) ?? (o[name] as? Int).map(Double.init)
    }
    return (run.status == 0, terms)
}

@Suite(.enabled(if: TestPaths.shared != nil, "\(TestPaths.sharedMissing)"))
struct RoadefCommandTests {
    private func ours(_ instance: String, _ solution: String) throws -> [String: Any] {
        let a = try #require(setA())
        let run = try runProgram(
            TestPaths.shardplace,
            [
                "roadef", "-p", a.appendingPathComponent("model_\(instance).txt").path, "-i",
                a.appendingPathComponent("assignment_\(instance).txt").path,
                "--check", solution, "--json",
            ])
        return try json(run.stdout)
    }

    private func expectSameObjective(_ mine: [String: Any], _ theirs: [String: Double], _ context: String) {
        let pairs = [
            ("loadCost", "load_cost"), ("balanceCost", "balance_cost"), ("processMoveCost", "process_move_cost"),
            ("serviceMoveCost", "service_move_cost"), ("machineMoveCost", "machine_move_cost"), ("total", "total"),
        ]
        for (a, b) in pairs {
            #expect(
                mine[a] as? Double == theirs[b],
                "\(context): \(a) \(String(describing: mine[a])) vs \(b) \(String(describing: theirs[b]))")
        }
    }

    @Test(
        "the initial assignment of every set A instance: same verdict and objective, term by term, as roadef_check.py",
        arguments: instances)
    func initialObjective(instance: String) throws {
        let initial = try #require(setA()).appendingPathComponent("assignment_\(instance).txt").path
        let mine = try ours(instance, initial)
        let (feasible, theirs) = try checker(instance, initial)
        #expect(mine["feasible"] as? Bool == feasible)
        expectSameObjective(mine, theirs, instance)
    }

    @Test(
        "a short solve writes a feasible, better solution that both evaluators price alike",
        arguments: [("a1_1", "auto"), ("a1_2", "auto"), ("a2_2", "auto"), ("a2_2", "wide")])
    func solve(instance: String, beam: String) throws {
        let a = try #require(setA())
        let output = NSTemporaryDirectory() + "roadef-\(instance)-\(UUID().uuidString).txt"
        defer { try? FileManager.default.removeItem(atPath: output) }
        let run = try solveRun(a, instance, output, ["-t", "3", "-s", "1", "--quiet", "--beam", beam])
        #expect(run.status == 0, "\(run.stderr)")
        let (feasible, theirs) = try checker(instance, output)
        #expect(feasible)
        expectSameObjective(try ours(instance, output), theirs, instance)
        let (_, initial) = try checker(instance, a.appendingPathComponent("assignment_\(instance).txt").path)
        #expect(try #require(theirs["total"]) <= (try #require(initial["total"])))
    }

    @Test("a --beam that is not auto, wide or narrow is refused before anything is written")
    func badBeam() throws {
        let a = try #require(setA())
        let output = NSTemporaryDirectory() + "roadef-beam-\(UUID().uuidString).txt"
        defer { try? FileManager.default.removeItem(atPath: output) }
        let run = try solveRun(a, "a1_1", output, ["-t", "1", "--beam", "widest"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("--beam") && run.stderr.contains("widest"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    /// `shardplace roadef` on a set A instance, writing `output`, with `extra` arguments.
    private func solveRun(
        _ directory: URL, _ instance: String, _ output: String, _ extra: [String]
    ) throws
        -> ProgramResult
    {
        try runProgram(
            TestPaths.shardplace,
            [
                "roadef", "-p", directory.appendingPathComponent("model_\(instance).txt").path, "-i",
                directory.appendingPathComponent("assignment_\(instance).txt").path, "-o", output,
            ] + extra)
    }

    @Test("-name prints the team name")
    func name() throws {
        let run = try runProgram(TestPaths.shardplace, ["roadef", "-name"])
        #expect(run.status == 0 && run.stdout == "shardplace\n")
    }
}
