import Foundation
import ShardPlace
import ShardPlaceTestSupport
import Testing

@Suite struct BillCommandTests {
    private func folder() throws -> String {
        let path = NSTemporaryDirectory() + "shardplace-bill-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("generate --providers, place, bill: the place report's monthly bill is the bill command's, and it adds up")
    func endToEnd() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let scenario = "\(dir)/s.json"
        let generated = try runProgram(
            TestPaths.shardplace,
            ["generate", "--shards", "60", "--hosts", "4", "--providers", "2", "--seed", "4", "-o", scenario])
        #expect(generated.status == 0, "\(generated.stderr)")
        #expect(generated.stderr.contains("2 providers, 24 offers"))
        let placed = try runProgram(
            TestPaths.shardplace,
            [
                "place", "--scenario", scenario, "--iterations", "20000", "--threads", "1", "--quiet", "--format",
                "json",
                "-o", "\(dir)/p.json",
            ])
        #expect(placed.status == 0, "\(placed.stderr)")
        let document = try json(placed.stdout)
        let bills = try #require(document["bill"] as? [String: Any])
        let after = try #require(bills["placed"] as? [String: Any])
        let current = try #require(bills["current"] as? [String: Any])
        #expect(current["total"] as? Double == 0, "no current placement: nothing runs yet")
        let plan = try #require(document["offerPlan"] as? [String: Any])
        #expect((plan["entries"] as? [Any])?.count == 24)

        let billed = try runProgram(
            TestPaths.shardplace,
            ["bill", "--scenario", scenario, "--placement", "\(dir)/p.json", "--format", "json"])
        #expect(billed.status == 0, "\(billed.stderr)")
        let bill = try #require(try json(billed.stdout)["bill"] as? [String: Any])
        let total = try #require(bill["total"] as? Double)
        #expect(abs(total - (after["total"] as? Double ?? -1)) <= 1e-6 * total)
        #expect(bill["hours"] as? Double == 730)
        let providers = try #require(bill["providers"] as? [String: [String: Double]])
        #expect(Set(providers.keys).isSubset(of: ["aster", "boreal"]))
        #expect(abs(providers.values.reduce(0) { $0 + $1["total"]! } - total) <= 1e-6 * total)
        let types = try #require(bill["offerTypes"] as? [String: Double])
        #expect(abs(types.values.reduce(0, +) + (bill["egress"] as? Double ?? 0) - total) <= 1e-6 * total)

        let table = try runProgram(
            TestPaths.shardplace, ["bill", "--scenario", scenario, "--placement", "\(dir)/p.json", "--hours", "24"])
        #expect(table.status == 0)
        #expect(
            table.stdout.contains("24 hours") && table.stdout.contains("provider")
                && table.stdout.contains("offer type"))
    }

    @Test("bad input: an unknown placement location exits 2 naming it; a bad --hours is refused")
    func badInput() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let placement = "\(dir)/p.json"
        try #"{"orders-db-0": "nowhere"}"#.write(toFile: placement, atomically: true, encoding: .utf8)
        let result = try runProgram(TestPaths.shardplace, ["bill", "--placement", placement])
        #expect(result.status == 2)
        #expect(result.stderr.contains("nowhere"))
        let hours = try runProgram(TestPaths.shardplace, ["bill", "--hours", "-1"])
        #expect(hours.status != 0 && hours.stderr.contains("--hours"))
    }
}
