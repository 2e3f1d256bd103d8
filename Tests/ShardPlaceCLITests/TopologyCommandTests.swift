import Foundation
import ShardPlaceTestSupport
import Testing

let cliTopologyFiles = TestPaths.topologySamples + TestPaths.sharedTopologies

private func shardplace(_ arguments: String...) throws -> ProgramResult {
    try runProgram(TestPaths.shardplace, arguments)
}

private func jsonObject(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

@Suite struct TopologyCommandTests {
    @Test("--format json counts equal hwloc-calc's", arguments: cliTopologyFiles)
    func jsonCounts(file: String) throws {
        let result = try shardplace("topology", "--input", file, "--format", "json")
        #expect(result.status == 0, "\(result.stderr)")
        let json = try jsonObject(result.stdout)
        for (key, type) in [
            ("packages", "package"), ("numaNodes", "numa"), ("l3Caches", "l3"), ("cores", "core"), ("pus", "pu"),
        ] {
            #expect(json[key] as? Int == (try hwlocCount(file, type)), "\(key) of \(file)")
        }
        #expect(
            json["hwlocVersion"] as? String == "2.9.0" || (json["hwlocVersion"] as? String)?.hasPrefix("2.") == true)
        #expect(json["source"] as? String == "xml:\(file)")
        let tree = try #require(json["tree"] as? [String: Any])
        #expect(tree["type"] as? String == "Machine")
        #expect(tree["children"] is [Any])
        if let expected = try xmlNUMADistances(file) {
            let matrix = try #require(json["numaDistances"] as? [[Int]])
            #expect(matrix.count == expected.count)
        } else {
            #expect(json["numaDistances"] is NSNull)
        }
    }

    @Test("json tree: cpusets in list form, every PU once")
    func jsonTree() throws {
        let result = try shardplace("topology", "--synthetic", "pack:2 numa:2 l3:1 core:8 pu:2", "--format", "json")
        let json = try jsonObject(result.stdout)
        #expect(json["pus"] as? Int == 64 && json["numaNodes"] as? Int == 4 && json["packages"] as? Int == 2)
        let tree = try #require(json["tree"] as? [String: Any])
        #expect(tree["cpuset"] as? String == "0-63")
        var pus: [Int] = []
        func walk(_ node: [String: Any]) {
            if node["type"] as? String == "PU", let os = node["osIndex"] as? Int { pus.append(os) }
            for child in node["children"] as? [[String: Any]] ?? [] { walk(child) }
        }
        walk(tree)
        #expect(pus.sorted() == Array(0..<64))
    }

    @Test(
        "--format numactl matches numactl --hardware on this machine",
        .enabled(if: programExists("numactl"), "numactl is not installed"))
    func numactlMatches() throws {
        let ours = try shardplace("topology", "--format", "numactl")
        let theirs = try runProgram("numactl", ["--hardware"])
        #expect(ours.status == 0 && theirs.status == 0)
        let dropFree = { (text: String) in
            text.split(separator: "\n").filter { !$0.contains(" free: ") }.map(String.init)
        }
        #expect(dropFree(ours.stdout) == dropFree(theirs.stdout))
    }

    @Test("--format numactl on an XML topology has every node, its cpus and the SLIT matrix")
    func numactlXML() throws {
        let file = try #require(TestPaths.topologySamples.first { $0.contains("4pack-snc2") })
        let result = try shardplace("topology", "--input", file, "--format", "numactl")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines[0] == "available: 8 nodes (0-7)")
        #expect(lines.contains("node 7 cpus: " + (84...95).map(String.init).joined(separator: " ")))
        #expect(lines.contains("node distances:"))
        #expect(lines.contains("  0:  10  11  21  21  21  21  21  21 "))
    }

    @Test("--format text is an lstopo-like tree")
    func textTree() throws {
        let result = try shardplace("topology", "--synthetic", "pack:2 core:2 pu:2")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("Machine") == true)
        #expect(lines.contains("  Package L#1"))
        #expect(lines.contains("    Core L#3"))
        #expect(lines.contains("      PU L#7 (P#7)"))
    }

    @Test("--format xml round-trips through hwloc", arguments: TestPaths.topologySamples.prefix(3))
    func xmlRoundTrip(file: String) throws {
        let xml = try shardplace("topology", "--input", file, "--format", "xml")
        #expect(xml.status == 0)
        let path = NSTemporaryDirectory() + "roundtrip-\(UUID().uuidString).xml"
        try xml.stdout.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let before = try jsonObject(try shardplace("topology", "--input", file, "--format", "json").stdout)
        let after = try jsonObject(try shardplace("topology", "--input", path, "--format", "json").stdout)
        #expect(
            NSDictionary(dictionary: before["tree"] as! [String: Any])
                == NSDictionary(dictionary: after["tree"] as! [String: Any]))
        #expect(try hwlocCount(path, "pu") == (try hwlocCount(file, "pu")))
    }

    @Test("bad inputs: one clear line on stderr, exit status 2")
    func badInputs() throws {
        let truncated = NSTemporaryDirectory() + "trunc-\(UUID().uuidString).xml"
        let full = try String(contentsOfFile: TestPaths.topologySamples[0], encoding: .utf8)
        try String(full.prefix(700)).write(toFile: truncated, atomically: true, encoding: .utf8)
        let foreign = NSTemporaryDirectory() + "foreign-\(UUID().uuidString).xml"
        try "<?xml version=\"1.0\"?>\n<project><name>not hwloc</name></project>\n".write(
            toFile: foreign, atomically: true, encoding: .utf8)
        defer {
            try? FileManager.default.removeItem(atPath: truncated)
            try? FileManager.default.removeItem(atPath: foreign)
        }
        let cases: [([String], String)] = [
            (["--input", "/does/not/exist.xml"], "cannot read '/does/not/exist.xml': No such file or directory"),
            (["--input", truncated], "not a valid hwloc XML topology"),
            (["--input", foreign], "not a valid hwloc XML topology"),
            (["--input", "/tmp"], "is a directory"),
            (["--synthetic", "pack:2 gadget:4 pu:1"], "not a valid hwloc synthetic description"),
        ]
        for (arguments, message) in cases {
            let result = try runProgram(TestPaths.shardplace, ["topology"] + arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stdout.isEmpty)
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(result.stderr)")
            #expect(result.stderr.contains(message), "\(result.stderr)")
        }
    }

    @Test("--input and --synthetic together are refused")
    func exclusiveSources() throws {
        let result = try shardplace("topology", "--input", "a.xml", "--synthetic", "pack:1 pu:1")
        #expect(result.status != 0)
        #expect(result.stderr.contains("exclusive"))
    }
}
