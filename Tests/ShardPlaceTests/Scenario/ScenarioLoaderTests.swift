import Foundation
import ShardPlace
import ShardPlaceTestSupport
import Testing

/// Reading JSON and YAML, writing JSON, and loading files.
@Suite struct ScenarioLoaderTests {
    @Test("the sample scenario parses")
    func sampleParses() throws {
        let scenario = try ScenarioLoader.parse(SampleScenario.json, format: .json, file: "sample-scenario.json")
        #expect(scenario == SampleScenario.scenario)
        #expect(scenario.resources.map(\.name) == ["cpu", "memory", "disk", "net"])
        #expect(scenario.hosts.count == 12)
        #expect(scenario.groups.count == 8)
        #expect(scenario.shards.count == 30)
        #expect(scenario.depth == .host)
        #expect(scenario.placement?.count == 30)
        #expect(scenario.validate().isEmpty)
    }

    @Test("the fixture with every field parses")
    func everyFieldParses() throws {
        let scenario = try ScenarioLoader.parse(ScenarioFixtures.everyField, format: .json)
        #expect(scenario.depth == .numa)
        #expect(scenario.hosts[2].topology == HostTopology(live: true))
        #expect(scenario.shards[1].antiAffinity == ["rack": ["r1"]])
        #expect(scenario.shards[3].demand == [0, 0])
        #expect(scenario.shards[3].history?.samples == [[1, 2, 3], [4, 4, 5]])
        #expect(scenario.policy.levelCosts.domains == ["row": 12])
        #expect(scenario.policy.migration.maxConcurrentPerHost == 2)
        #expect(scenario.policy.weights.bytes == 1e-9)
        #expect(scenario.groups[0].minAvailable == 1 && scenario.groups[0].standby == nil)
        #expect(scenario.groups[1].standby == Group.Standby(count: 1, key: "host"))
        #expect(scenario.policy.migration.bandwidth == 5e8)
        #expect(scenario.standbyShards.map(\.id) == ["web.standby1"])
    }

    @Test("defaults fill what a document leaves out")
    func defaults() throws {
        let text = #"{"resources": [{"name": "cpu"}], "hosts": [{"id": "h", "capacity": [4]}], "shards": []}"#
        let scenario = try ScenarioLoader.parse(text, format: .json)
        #expect(
            scenario == Scenario(resources: [Resource(name: "cpu")], hosts: [Host(id: "h", capacity: [4])], shards: []))
        #expect(scenario.policy == Policy())
        #expect(scenario.depth == .host)
        #expect(scenario.placement == nil)
    }

    @Test("null counts as an absent optional field")
    func nullIsAbsent() throws {
        let text = """
            {"name": null, "resources": [{"name": "cpu", "unit": null}], "groups": null, "traffic": null,
             "hosts": [{"id": "h", "capacity": [4], "labels": null, "topology": null, "trust": null}],
             "shards": [{"id": "s", "demand": [1], "pin": null}], "placement": null, "depth": null}
            """
        let scenario = try ScenarioLoader.parse(text, format: .json)
        #expect(
            scenario
                == Scenario(
                    resources: [Resource(name: "cpu")], hosts: [Host(id: "h", capacity: [4])],
                    shards: [Shard(id: "s", demand: [1])]))
    }

    // MARK: JSON and YAML

    @Test("the same document in JSON and YAML gives the same scenario")
    func jsonAndYAMLAgree() throws {
        let json = """
            {
              "resources": [{"name": "cpu", "unit": "cores"}, {"name": "disk", "transient": true}],
              "hosts": [
                {"id": "h1", "labels": {"zone": "z1"}, "capacity": [8, 100], "trust": 0.5,
                 "topology": {"synthetic": "pack:1 core:4 pu:2"}},
                {"id": "h2", "labels": {"zone": "z2"}, "capacity": [8.5, 100], "price": [0.25, 0]}
              ],
              "groups": [{"id": "g", "antiAffinity": "zone", "spread": {"key": "zone", "min": 2}}],
              "shards": [
                {"id": "a", "group": "g", "demand": [1, 10], "size": 1e9, "antiAffinity": {"zone": "z3"}},
                {"id": "b", "group": "g", "demand": [1.5, 10], "affinity": {"zone": ["z1", "z2"]}}
              ],
              "traffic": [{"from": "a", "to": "b", "volume": 2}],
              "placement": {"a": "h1", "b": "h2"},
              "depth": "host",
              "policy": {"weights": {"traffic": 0.5}, "domainLevels": ["zone"], "migration": {"maxMovesTotal": 3}}
            }
            """
        let yaml = """
            resources:
              - name: cpu
                unit: cores
              - {name: disk, transient: true}
            hosts:
              - id: h1
                labels: {zone: z1}
                capacity: [8, 100]
                trust: 0.5
                topology:
                  synthetic: "pack:1 core:4 pu:2"
              - {id: h2, labels: {zone: z2}, capacity: [8.5, 100], price: [0.25, 0]}
            groups:
              - id: g
                antiAffinity: zone
                spread: {key: zone, min: 2}
            shards:
              - {id: a, group: g, demand: [1, 10], size: 1.0e+9, antiAffinity: {zone: z3}}
              - {id: b, group: g, demand: [1.5, 10], affinity: {zone: [z1, z2]}}
            traffic:
              - {from: a, to: b, volume: 2}
            placement:
              a: h1
              b: h2
            depth: host
            policy:
              weights: {traffic: 0.5}
              domainLevels: [zone]
              migration: {maxMovesTotal: 3}

            """
        let fromJSON = try ScenarioLoader.parse(json, format: .json)
        let fromYAML = try ScenarioLoader.parse(yaml, format: .yaml)
        #expect(fromJSON == fromYAML)
        #expect(fromYAML.shards[0].size == 1e9)
        #expect(fromYAML.hosts[1].capacity == [8.5, 100])
    }

    @Test("the sample read as YAML (JSON is a subset of YAML) equals the sample")
    func sampleAsYAML() throws {
        let scenario = try ScenarioLoader.parse(SampleScenario.json, format: .yaml)
        #expect(scenario == SampleScenario.scenario)
    }

    @Test("the article's JSON and YAML examples parse to the same scenario")
    func articleExamples() throws {
        let json = try ScenarioFixtures.articleBlocks(language: "json")
        let yaml = try ScenarioFixtures.articleBlocks(language: "yaml")
        #expect(json.count == 1)
        #expect(yaml.count == 1)
        let fromJSON = try ScenarioLoader.parse(try #require(json.first), format: .json, file: "ScenarioFormat.md")
        let fromYAML = try ScenarioLoader.parse(try #require(yaml.first), format: .yaml, file: "ScenarioFormat.md")
        #expect(fromJSON == fromYAML)
        #expect(fromJSON.shards.map(\.id) == ["db-0", "db-1", "web-0"])
    }

    @Test(
        "the file format follows the extension",
        arguments: [
            ("a.yaml", ScenarioLoader.Format.yaml), ("dir.json/a.YML", .yaml), ("a.json", .json),
            ("a.yaml.json", .json),
            ("scenario", .json),
        ])
    func formatFromPath(path: String, format: ScenarioLoader.Format) {
        #expect(ScenarioLoader.Format(path: path) == format)
    }

    // MARK: Writing

    static let encodable: [(String, String)] = [
        ("sample", SampleScenario.json), ("every field", ScenarioFixtures.everyField),
        ("validation base", ScenarioDocument().json),
    ]

    @Test("encode writes every object's keys in sorted order", arguments: encodable)
    func encodeSortsKeys(name: String, text: String) throws {
        let encoded = ScenarioLoader.encode(try ScenarioLoader.parse(text, format: .json))
        let objects = Self.objectKeys(encoded)
        #expect(!objects.isEmpty)
        for keys in objects { #expect(keys == keys.sorted(), "\(name): \(keys)") }
        #expect(encoded.hasSuffix("}\n"))
        // Two-space indentation.
        #expect(encoded.split(separator: "\n").dropFirst().first?.hasPrefix("  \"") == true)
    }

    @Test("encode then parse gives the same scenario", arguments: encodable)
    func roundTrip(name: String, text: String) throws {
        let scenario = try ScenarioLoader.parse(text, format: .json)
        let again = try ScenarioLoader.parse(ScenarioLoader.encode(scenario), format: .json, file: name)
        #expect(again == scenario)
    }

    @Test("encode is stable: the same bytes every time and after a round trip", arguments: encodable)
    func encodeIsStable(name: String, text: String) throws {
        let scenario = try ScenarioLoader.parse(text, format: .json)
        let first = ScenarioLoader.encode(scenario)
        #expect(ScenarioLoader.encode(scenario) == first)
        #expect(ScenarioLoader.encode(try ScenarioLoader.parse(first, format: .json)) == first)
    }

    // MARK: Files

    @Test("load resolves relative topology XML paths against the file's folder")
    func relativeTopologyPaths() throws {
        let folder = try ScenarioFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let topologies = folder.appendingPathComponent("topologies")
        try FileManager.default.createDirectory(at: topologies, withIntermediateDirectories: true)
        let sample = TestPaths.packageRoot.appendingPathComponent("topology-samples/1pack-1numa.xml")
        try FileManager.default.copyItem(at: sample, to: topologies.appendingPathComponent("small.xml"))
        let yaml = """
            resources: [{name: cpu}]
            hosts:
              - {id: h1, capacity: [8], topology: {xml: topologies/small.xml}}
              - {id: h2, capacity: [8], topology: {xml: /elsewhere/big.xml}}
              - {id: h3, capacity: [8], topology: {synthetic: "pack:1 core:2 pu:1"}}
            shards: []

            """
        let path = folder.appendingPathComponent("cluster.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)

        let scenario = try ScenarioLoader.load(contentsOf: path)
        let resolved = topologies.appendingPathComponent("small.xml").path
        #expect(scenario.hosts[0].topology?.xml == resolved)
        #expect(scenario.hosts[1].topology?.xml == "/elsewhere/big.xml")
        #expect(scenario.hosts[2].topology == HostTopology(synthetic: "pack:1 core:2 pu:1"))
        let topology = try Topology.load(from: .xmlFile(resolved))
        #expect(topology.count(of: .core) == 4)

        // parse(_:format:file:) leaves paths as written.
        let parsed = try ScenarioLoader.parse(yaml, format: .yaml, file: path)
        #expect(parsed.hosts[0].topology?.xml == "topologies/small.xml")
    }

    @Test("load reads JSON files too and names the file in its errors")
    func loadJSONFile() throws {
        let folder = try ScenarioFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = folder.appendingPathComponent("sample.json").path
        try SampleScenario.json.write(toFile: good, atomically: true, encoding: .utf8)
        #expect(try ScenarioLoader.load(contentsOf: good) == SampleScenario.scenario)

        let bad = folder.appendingPathComponent("bad.json").path
        try ScenarioDocument().with { $0.members["colour"] = "1" }.json.write(
            toFile: bad, atomically: true, encoding: .utf8)
        let error = try #require(throws: ScenarioError.self) { try ScenarioLoader.load(contentsOf: bad) }
        #expect(error.file == bad)
        #expect(error.description.hasPrefix("\(bad): colour: unknown key"))
    }

    @Test("a missing file is an issue naming it")
    func missingFile() throws {
        let folder = try ScenarioFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("nowhere.json").path
        let error = try #require(throws: ScenarioError.self) { try ScenarioLoader.load(contentsOf: path) }
        #expect(error.file == path)
        #expect(error.issues == [ScenarioError.Issue(path: "", message: "no such file")])
        #expect(error.description == "\(path): no such file")

        // A folder exists but cannot be read as a scenario.
        let folderError = try #require(throws: ScenarioError.self) {
            try ScenarioLoader.load(contentsOf: folder.path)
        }
        #expect(folderError.file == folder.path)
        #expect(folderError.issues.first?.message == "cannot read the file")
    }

    // MARK: Helpers

    /// The keys of every object in a JSON text, in the order written, one array per object.
    static func objectKeys(_ text: String) -> [[String]] {
        let chars = Array(text.unicodeScalars)
        var objects: [[String]] = []
        var open: [[String]?] = []  // nil for an array
        var i = 0
        while i < chars.count {
            switch chars[i] {
            case "{": open.append([])
            case "[": open.append(nil)
            case "}": if let keys = open.removeLast() { objects.append(keys) }
            case "]": open.removeLast()
            case "\"":
                var string = String.UnicodeScalarView()
                i += 1
                while chars[i] != "\"" {
                    if chars[i] == "\\" {
                        string.append(chars[i])
                        i += 1
                    }
                    string.append(chars[i])
                    i += 1
                }
                var j = i + 1
                while j < chars.count, chars[j] == " " || chars[j] == "\n" { j += 1 }
                if j < chars.count, chars[j] == ":", let innermost = open.last, innermost != nil {
                    open[open.count - 1]!.append(String(string))
                }
            default: break
            }
            i += 1
        }
        return objects
    }
}
