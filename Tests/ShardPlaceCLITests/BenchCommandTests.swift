import Foundation
import ShardPlaceTestSupport
import Testing

/// `shardplace bench --providers` end to end: bills and overload risks, with the risk guard.
@Suite struct BenchCommandTests {
    @Test("--providers --risk-guard --iterations: the annealed bill below both baselines, its risk within the bound")
    func providersRiskGuard() throws {
        let result = try runProgram(
            TestPaths.shardplace,
            [
                "bench", "--providers", "2", "--shards", "40", "--hosts", "4", "--resources", "3", "--iterations",
                "20000", "--threads", "1", "--seed", "2", "--risk-guard", "--format", "json",
            ])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        func solve(_ key: String) throws -> (bill: Double, risk: Double) {
            let s = try #require(report[key] as? [String: Any])
            #expect(s["feasible"] as? Bool == true, "\(key)")
            return (try #require(s["monthlyBill"] as? Double), try #require(s["overloadRisk"] as? Double))
        }
        let greedy = try solve("greedy")
        let annealed = try solve("annealed")
        let onDemand = try solve("allOnDemand")
        let limit = try #require(report["riskLimit"] as? Double)
        #expect(limit == min(greedy.risk, onDemand.risk))
        #expect(annealed.risk <= limit && annealed.bill < greedy.bill && annealed.bill < onDemand.bill)

        let lone = try runProgram(TestPaths.shardplace, ["bench", "--risk-guard"])
        #expect(lone.status != 0 && lone.stderr.contains("--providers"))
    }
}
