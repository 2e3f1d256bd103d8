import Foundation
import ShardPlace
import ShardPlaceTestSupport
import Testing

@Suite struct TopologyMapperTests {
    @Test("tree distance: same PU 0, SMT siblings 1, cores of a package 2, across packages 3")
    func distances() throws {
        let topology = try Topology.load(from: .synthetic("pack:2 core:2 pu:2"))
        let d = MappingDistances(topology)
        #expect(d(0, 0) == 0)
        #expect(d(0, 1) == 1)
        #expect(d(0, 2) == 2)
        #expect(d(0, 4) == 3)
        #expect(d(5, 1) == 3)
        // Levels that add no sharing add no hop: one PU per core, a single L3 per package.
        let flat = MappingDistances(try Topology.load(from: .synthetic("pack:2 l3:1 core:2 pu:1")))
        #expect(flat(0, 1) == 1)
        #expect(flat(0, 2) == 2)
    }

    /// Hop-bytes of a mapping (PU OS index per worker) recomputed from the definition.
    private func hopBytes(_ m: CommunicationMatrix, _ mapping: [Int32], _ topology: Topology) -> Double {
        let d = MappingDistances(topology)
        let position = Dictionary(uniqueKeysWithValues: d.pus.enumerated().map { (topology[$1].osIndex!.rawValue, $0) })
        var total = 0.0
        for i in 0..<m.count {
            for j in (i + 1)..<m.count {
                total +=
                    (m.volume[i * m.count + j] + m.volume[j * m.count + i])
                    * Double(d(position[mapping[i]]!, position[mapping[j]]!))
            }
        }
        return total
    }

    @Test("finds the brute-force optimum of small instances", arguments: [UInt64(1), 2, 3, 4])
    func optimum(seed: UInt64) throws {
        let topology = try Topology.load(from: .synthetic("pack:2 core:2 pu:2"))
        var rng = SplitMix64(seed: seed)
        let n = 5
        var volume = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n where i != j && rng.next(below: 3) == 0 {
                volume[i * n + j] = Double(1 + rng.next(below: 9))
            }
        }
        let matrix = CommunicationMatrix(count: n, volume: volume)
        // Every injective map of 5 workers onto 8 PUs.
        var best = Double.infinity
        var mapping = [Int32](repeating: 0, count: n)
        func search(_ i: Int, _ used: UInt32) {
            if i == n {
                best = min(best, hopBytes(matrix, mapping, topology))
                return
            }
            for pu in 0..<8 where used & (1 << pu) == 0 {
                mapping[i] = Int32(pu)
                search(i + 1, used | (1 << pu))
            }
        }
        search(0, 0)
        let result = try TopologyMapper().map(matrix, onto: topology)
        #expect(result.hopBytes == best)
        #expect(hopBytes(matrix, result.mapping, topology) == result.hopBytes)
        #expect(Set(result.mapping).count == n)
    }

    @Test("one worker per core keeps max load per core at 1")
    func onePerCore() throws {
        let topology = try Topology.load(from: .synthetic("pack:2 core:4 pu:2"))
        let n = 8
        let ring = (0..<n * n).map { k -> Double in
            let (i, j) = (k / n, k % n)
            return (j == (i + 1) % n || i == (j + 1) % n) ? 100 : 0
        }
        var options = TopologyMapper.Options()
        options.onePerCore = true
        let result = try TopologyMapper(options: options).map(
            CommunicationMatrix(count: n, volume: ring), onto: topology)
        #expect(result.maxLoadCore == 1)
        #expect(result.hopBytes <= result.packedHopBytes)
        options.onePerCore = false
        let compact = try TopologyMapper(options: options).map(
            CommunicationMatrix(count: n, volume: ring), onto: topology)
        #expect(compact.hopBytes <= result.hopBytes)
        #expect(throws: ScenarioError.self) {
            try TopologyMapper(options: options).map(
                CommunicationMatrix(count: 17, volume: .init(repeating: 0, count: 289)), onto: topology)
        }
    }

    @Test("matrix files: bad numbers and rows name the line")
    func matrixErrors() {
        #expect(throws: ScenarioError.self) { try CommunicationMatrix(parsing: "2\n0 1\n1\n") }
        do {
            _ = try CommunicationMatrix(parsing: "2\n0 x\n1 0\n", file: "m.txt")
            Issue.record("no error")
        } catch {
            #expect(error.description == "m.txt: line 2: expected a finite non-negative number, found \"x\"")
        }
        #expect((try? CommunicationMatrix(parsing: "# c\n2\n0 1 # a\n1 0\n"))?.volume == [0, 1, 1, 0])
    }

    @Test(
        "hop-bytes agree with ../shared/tools/mapping_cost.py and beat packed",
        .enabled(if: TestPaths.shared != nil, "\(TestPaths.sharedMissing)"),
        arguments: ["clustered-64", "stencil2d-64"])
    func agreesWithTool(matrix name: String) throws {
        let shared = try #require(TestPaths.shared)
        let topologyPath = shared.appendingPathComponent("topologies/kunpeng920-2s-arm.xml").path
        let matrixPath = shared.appendingPathComponent("benchmarks/mapping/\(name).txt").path
        let output = NSTemporaryDirectory() + "map-\(UUID().uuidString).txt"
        defer { try? FileManager.default.removeItem(atPath: output) }
        let run = try runProgram(
            TestPaths.shardplace,
            ["map", "--topology", topologyPath, "--matrix", matrixPath, "-o", output, "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let ours = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let tool = try runProgram(
            "python3",
            [
                shared.appendingPathComponent("tools/mapping_cost.py").path, "--topology", topologyPath, "--matrix",
                matrixPath, "--mapping", output, "--json",
            ])
        #expect(tool.status == 0, "\(tool.stderr)")
        let measured = try #require(try JSONSerialization.jsonObject(with: Data(tool.stdout.utf8)) as? [String: Any])
        #expect(measured["hop_bytes"] as? Double == ours["hopBytes"] as? Double)
        #expect((measured["hop_bytes"] as? Double ?? .infinity) < (ours["packedHopBytes"] as? Double ?? 0))
        #expect(measured["max_load_pu"] as? Int == 1)
        #expect((ours["hopBytes"] as? Double ?? .infinity) <= (ours["bestStartHopBytes"] as? Double ?? 0))
    }
}
