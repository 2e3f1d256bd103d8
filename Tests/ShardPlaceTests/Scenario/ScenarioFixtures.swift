import Foundation
import ShardPlace
import ShardPlaceTestSupport
import Testing

/// A small valid scenario document kept in parts, so that a test can change one part and look for the
/// error it causes: three resources (cpu, memory, disk), two hosts in two zones, one group of two shards
/// on distinct hosts, one traffic edge and a placement.
struct ScenarioDocument: Sendable {
    var resources = [#"{"name": "cpu"}"#, #"{"name": "memory"}"#, #"{"name": "disk"}"#]
    var hosts = [
        #"{"id": "h1", "labels": {"zone": "z1", "rack": "r1"}, "capacity": [8, 32, 100]}"#,
        #"{"id": "h2", "labels": {"zone": "z2", "rack": "r2"}, "capacity": [8, 32, 100]}"#,
    ]
    var groups = [#"{"id": "g1", "antiAffinity": "host"}"#]
    var shards = [
        #"{"id": "s1", "group": "g1", "demand": [1, 4, 10]}"#,
        #"{"id": "s2", "group": "g1", "demand": [1, 4, 10]}"#,
    ]
    var traffic = [#"{"from": "s1", "to": "s2", "volume": 5}"#]
    var placement: String? = #"{"s1": "h1", "s2": "h2"}"#
    /// Top-level members as raw JSON text, replacing the member of the same key or added after the others.
    var members: [String: String] = [:]
    /// Top-level keys left out.
    var removed: Set<String> = []

    /// The document as JSON text, one top-level member per line.
    var json: String {
        var parts: [(String, String)] = [
            ("resources", list(resources)), ("hosts", list(hosts)), ("groups", list(groups)),
            ("shards", list(shards)), ("traffic", list(traffic)),
        ]
        if let placement { parts.append(("placement", placement)) }
        for (key, text) in members.sorted(by: { $0.key < $1.key }) {
            if let i = parts.firstIndex(where: { $0.0 == key }) {
                parts[i].1 = text
            } else {
                parts.append((key, text))
            }
        }
        let lines = parts.filter { !removed.contains($0.0) }.map { "  \"\($0.0)\": \($0.1)" }
        return "{\n" + lines.joined(separator: ",\n") + "\n}\n"
    }

    /// A copy with `change` applied.
    func with(_ change: (inout ScenarioDocument) -> Void) -> ScenarioDocument {
        var copy = self
        change(&copy)
        return copy
    }

    private func list(_ items: [String]) -> String {
        items.isEmpty ? "[]" : "[\n    " + items.joined(separator: ",\n    ") + "\n  ]"
    }
}

/// The issues of a document that must not parse, or `nil` when it parses.
func scenarioIssues(
    _ text: String, format: ScenarioLoader.Format = .json, file: String? = nil
) -> [ScenarioError.Issue]? {
    do {
        _ = try ScenarioLoader.parse(text, format: format, file: file)
        return nil
    } catch {
        return error.issues
    }
}

/// Expects an issue at exactly `path` whose message contains every one of `fragments`.
func expectIssue(
    _ issues: [ScenarioError.Issue], at path: String, saying fragments: [String],
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let match = issues.contains { issue in
        issue.path == path && fragments.allSatisfy { issue.message.contains($0) }
    }
    let listing = issues.map { "  \($0.path): \($0.message)" }.joined(separator: "\n")
    #expect(match, "no issue at \(path) saying \(fragments); issues:\n\(listing)", sourceLocation: sourceLocation)
}

/// An invalid document and the issue it must produce.
struct InvalidScenario: Sendable, CustomTestStringConvertible {
    var name: String
    var text: String
    var format: ScenarioLoader.Format = .json
    /// The exact JSON path of the expected issue.
    var path: String
    /// Parts of the expected message.
    var fragments: [String]

    init(
        _ name: String, _ document: ScenarioDocument, at path: String, saying fragments: [String]
    ) {
        self.name = name
        self.text = document.json
        self.path = path
        self.fragments = fragments
    }

    init(
        _ name: String, text: String, format: ScenarioLoader.Format = .json, at path: String,
        saying fragments: [String]
    ) {
        self.name = name
        self.text = text
        self.format = format
        self.path = path
        self.fragments = fragments
    }

    var testDescription: String { name }
}

/// Scenario documents shared by the loader and schema tests.
enum ScenarioFixtures {
    /// A valid document that uses every key of the format at least once.
    static let everyField = """
        {
          "$schema": "scenario.schema.json",
          "name": "every field",
          "depth": "numa",
          "resources": [
            { "name": "cpu", "unit": "cores", "transient": false, "loadWeight": 2, "weight": 1 },
            { "name": "memory", "unit": "GiB", "transient": true, "loadWeight": 1, "weight": 0.5 }
          ],
          "hosts": [
            { "id": "h1", "labels": { "zone": "z1", "rack": "r1", "row": "w1", "provider": "own", "offerType": "reserved" },
              "capacity": [16, 64],
              "safetyCapacity": [14, 56], "price": [0.03, 0.004], "trust": 0.9, "moveCost": [0, 2, 5],
              "topology": { "synthetic": "pack:1 numa:2 l3:1 core:8 pu:2" } },
            { "id": "h2", "labels": { "zone": "z1", "rack": "r2" }, "capacity": [16, 64], "moveCost": [2, 0, 5],
              "topology": { "xml": "topologies/h2.xml" } },
            { "id": "h3", "labels": { "zone": "z2" }, "capacity": [32, 128], "moveCost": [5, 5, 0],
              "topology": { "live": true } }
          ],
          "groups": [
            { "id": "db", "antiAffinity": "zone", "spread": { "key": "zone", "min": 2 }, "minAvailable": 1,
              "minTrust": 0.5, "residency": { "providers": ["own", "cloud"] } },
            { "id": "web", "antiAffinity": "host", "dependsOn": [{ "group": "db", "key": "zone" }],
              "standby": { "count": 1, "key": "host" } },
            { "id": "batch", "residency": { "regions": ["eu"] }, "maxSpotReplicas": 2 }
          ],
          "shards": [
            { "id": "db-0", "group": "db", "demand": [4, 16], "size": 1e10, "moveCost": 5, "minTrust": 0.5 },
            { "id": "db-1", "group": "db", "demand": [4, 16], "size": 1e10, "moveCost": 5,
              "antiAffinity": { "rack": "r1" } },
            { "id": "web-0", "group": "web", "demand": [2, 4], "allowedHosts": ["h1", "h2"],
              "affinity": { "zone": ["z1"] } },
            { "id": "job-0", "pin": "h3", "history": { "samples": [[1, 2, 3], [4, 4, 5]] } },
            { "id": "job-1", "demand": [1, 1],
              "history": { "csv": "history.csv", "series": ["job-1.cpu", "job-1.memory"] } }
          ],
          "traffic": [{ "from": "web-0", "to": "db-0", "volume": 3 }],
          "placement": { "db-0": "h1/numa:0", "db-1": "h3", "web-0": "h1", "job-0": "h3", "job-1": "h2" },
          "policy": {
            "weights": { "load": 1, "balance": 1, "imbalance": 0.5, "traffic": 1, "fragmentation": 0.1,
                         "migration": 1, "bytes": 1e-9, "groupMoves": 1, "hostMoves": 1, "price": 1, "egress": 1 },
            "levelCosts": { "core": 0, "l3": 1, "numa": 2, "package": 3, "host": 4, "rack": 8, "zone": 16,
                            "cluster": 32, "domains": { "row": 12 }, "latency": 0.5 },
            "domainLevels": ["zone", "row", "rack"],
            "balance": [{ "resource": "cpu", "over": "memory", "target": 4, "weight": 1 }],
            "fragmentationReference": [2, 8],
            "migration": { "maxMovesTotal": 10, "maxMovesPerHost": 3, "maxMovesPerDomain": 5,
                           "maxConcurrentPerHost": 2, "maxBytesPerWave": 1e11,
                           "bandwidth": 5e8 },
            "cpuResource": "cpu",
            "memoryResource": "memory",
            "forecast": { "quantile": 0.9, "horizon": 12, "season": 96, "model": "auto" },
            "egressGBPerVolume": 0.5,
            "spotReplicas": 1
          },
          "providers": [
            { "id": "cloud", "trust": 0.8, "regions": ["eu", "us"], "egressPerGB": 0.09,
              "prices": { "onDemand": [0.04, 0.005], "reserved": { "price": [0.025, 0.003], "termHours": 8760 },
                          "spot": { "price": [0.012, 0.0015], "reclaimProbability": 0.05 } },
              "latency": [{ "from": "eu", "to": "cloud/us", "milliseconds": 80 }, { "to": "own", "milliseconds": 20 }] },
            { "id": "own", "trust": 1 }
          ],
          "offers": [
            { "id": "cloud-eu-spot", "provider": "cloud", "region": "eu", "type": "spot", "count": 2, "price": 0.5,
              "shape": { "capacity": [16, 64], "safetyCapacity": [14, 56], "labels": { "zone": "ce1" } } }
          ]
        }
        """

    /// The fenced code blocks of one language in the DocC article on the format.
    static func articleBlocks(language: String) throws -> [String] {
        let url = TestPaths.packageRoot.appendingPathComponent(
            "Sources/ShardPlace/Documentation.docc/ScenarioFormat.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        var blocks: [String] = []
        var current: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line == "```\(language)" {
                current = []
            } else if current != nil, line == "```" {
                blocks.append(current!.joined(separator: "\n") + "\n")
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks
    }

    /// A fresh empty folder, removed by the caller.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("shardplace-scenario-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
