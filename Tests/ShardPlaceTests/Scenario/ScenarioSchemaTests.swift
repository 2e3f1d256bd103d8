import Foundation
import ShardPlace
import ShardPlaceTestSupport
import Testing

/// Whether `python3` can import the `jsonschema` package.
private let jsonSchemaAvailable: Bool = {
    guard let result = try? runProgram("python3", ["-c", "import jsonschema"]) else { return false }
    return result.status == 0
}()

private let jsonSchemaMissing: Comment =
    "python3 with the jsonschema package is not available (pip install jsonschema): schema validation is skipped"

/// `Sources/ShardPlace/Scenario/scenario.schema.json` agrees with the loader: documents the loader
/// accepts pass the schema, and documents both must reject fail both.
@Suite struct ScenarioSchemaTests {
    static let schemaURL = TestPaths.packageRoot.appendingPathComponent(
        "Sources/ShardPlace/Scenario/scenario.schema.json")

    /// Checks the schema itself, then prints `{file: [error, …]}` for every document file given.
    static let validator = """
        import json, sys
        from jsonschema import Draft202012Validator

        with open(sys.argv[1]) as f:
            schema = json.load(f)
        Draft202012Validator.check_schema(schema)
        validator = Draft202012Validator(schema)
        result = {}
        for path in sys.argv[2:]:
            with open(path) as f:
                document = json.load(f)
            result[path] = sorted(
                "/".join(str(p) for p in error.absolute_path) + ": " + error.message
                for error in validator.iter_errors(document)
            )
        print(json.dumps(result))
        """

    /// Writes each document to a file and validates them all with one python run.
    ///
    /// - Returns: the schema's errors per document name (empty: valid).
    func schemaErrors(_ documents: [(name: String, text: String)]) throws -> [String: [String]] {
        let folder = try ScenarioFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var names: [String: String] = [:]
        for (i, document) in documents.enumerated() {
            let path = folder.appendingPathComponent("document-\(i).json").path
            try document.text.write(toFile: path, atomically: true, encoding: .utf8)
            names[path] = document.name
        }
        let result = try runProgram(
            "python3", ["-c", Self.validator, Self.schemaURL.path] + names.keys.sorted())
        try #require(result.status == 0, "the validator failed:\n\(result.stderr)")
        let byPath = try JSONDecoder().decode([String: [String]].self, from: Data(result.stdout.utf8))
        return Dictionary(uniqueKeysWithValues: byPath.map { (names[$0.key]!, $0.value) })
    }

    // MARK: Through python's jsonschema

    @Test("the schema is a valid draft 2020-12 schema", .enabled(if: jsonSchemaAvailable, jsonSchemaMissing))
    func schemaIsValid() throws {
        #expect(try schemaErrors([]).isEmpty)
    }

    @Test("documents the loader accepts pass the schema", .enabled(if: jsonSchemaAvailable, jsonSchemaMissing))
    func validDocuments() throws {
        let sample = SampleScenario.scenario
        let everyField = try ScenarioLoader.parse(ScenarioFixtures.everyField, format: .json)
        let article = try #require(try ScenarioFixtures.articleBlocks(language: "json").first)
        let documents: [(name: String, text: String)] = [
            ("sample", SampleScenario.json),
            ("sample, encoded", ScenarioLoader.encode(sample)),
            ("every field", ScenarioFixtures.everyField),
            ("every field, encoded", ScenarioLoader.encode(everyField)),
            ("the article's example", article),
            ("the validation tests' base", ScenarioDocument().json),
            (
                "generated with two providers",
                ScenarioLoader.encode(ScenarioGenerator.generate(.init(shards: 20, hosts: 2, providers: 2)))
            ),
            (
                "a minimal document",
                #"{"resources": [{"name": "cpu"}], "hosts": [{"id": "h", "capacity": [1]}], "shards": []}"#
            ),
        ]
        for document in documents {
            #expect(throws: Never.self, "\(document.name)") {
                try ScenarioLoader.parse(document.text, format: .json)
            }
        }
        let errors = try schemaErrors(documents)
        #expect(errors.count == documents.count)
        for (name, list) in errors.sorted(by: { $0.key < $1.key }) {
            #expect(list.isEmpty, "\(name): \(list.joined(separator: "\n"))")
        }
    }

    static let invalid: [(name: String, document: ScenarioDocument)] = {
        let base = ScenarioDocument()
        return [
            ("an unknown top-level key", base.with { $0.members["colour"] = #""blue""# }),
            (
                "an unknown host key",
                base.with { $0.hosts[0] = #"{"id": "h1", "labels": {"zone": "z1"}, "capcity": [8, 32, 100]}"# }
            ),
            ("an unknown weight", base.with { $0.members["policy"] = #"{"weights": {"lod": 1}}"# }),
            ("a bad depth", base.with { $0.members["depth"] = #""socket""# }),
            (
                "a negative capacity",
                base.with { $0.hosts[1] = #"{"id": "h2", "labels": {"zone": "z2"}, "capacity": [8, 32, -5]}"# }
            ),
            ("a negative volume", base.with { $0.traffic = [#"{"from": "s1", "to": "s2", "volume": -1}"#] }),
            (
                "a trust above 1",
                base.with {
                    $0.hosts[0] = #"{"id": "h1", "labels": {"zone": "z1"}, "capacity": [8, 32, 100], "trust": 1.5}"#
                }
            ),
            (
                "a string capacity",
                base.with { $0.hosts[0] = #"{"id": "h1", "labels": {"zone": "z1"}, "capacity": [8, "32", 100]}"# }
            ),
            ("a spread of 0", base.with { $0.groups[0] = #"{"id": "g1", "spread": {"key": "zone", "min": 0}}"# }),
            (
                "a fractional spread",
                base.with { $0.groups[0] = #"{"id": "g1", "spread": {"key": "zone", "min": 1.5}}"# }
            ),
            (
                "two topology sources",
                base.with {
                    $0.hosts[0] =
                        #"{"id": "h1", "capacity": [8, 32, 100], "topology": {"xml": "a.xml", "synthetic": "core:2"}}"#
                }
            ),
            (
                "a topology of live false",
                base.with {
                    $0.hosts[0] =
                        #"{"id": "h1", "capacity": [8, 32, 100], "topology": {"live": false}}"#
                }
            ),
            ("four domain levels", base.with { $0.members["policy"] = #"{"domainLevels": ["a", "b", "c", "d"]}"# }),
            (
                "no concurrent moves",
                base.with { $0.members["policy"] = #"{"migration": {"maxConcurrentPerHost": 0}}"# }
            ),
            ("a shard without demand or history", base.with { $0.shards[1] = #"{"id": "s2", "group": "g1"}"# }),
            (
                "a history without samples or csv",
                base.with { $0.shards[1] = #"{"id": "s2", "demand": [1, 4, 10], "history": {"series": ["x"]}}"# }
            ),
            ("an empty host id", base.with { $0.hosts[0] = #"{"id": "", "capacity": [8, 32, 100]}"# }),
            ("no resources", base.with { $0.resources = [] }),
            ("no shards", base.with { $0.removed = ["shards"] }),
            (
                "a number as a label",
                base.with { $0.hosts[0] = #"{"id": "h1", "labels": {"zone": 1}, "capacity": [8, 32, 100]}"# }
            ),
        ]
    }()

    @Test("documents the loader rejects fail the schema too", .enabled(if: jsonSchemaAvailable, jsonSchemaMissing))
    func invalidDocuments() throws {
        for (name, document) in Self.invalid {
            #expect(scenarioIssues(document.json) != nil, "the loader accepted \(name)")
        }
        let errors = try schemaErrors(Self.invalid.map { ($0.name, $0.document.json) })
        #expect(errors.count == Self.invalid.count)
        for (name, list) in errors.sorted(by: { $0.key < $1.key }) {
            #expect(!list.isEmpty, "the schema accepted \(name)")
        }
    }

    // MARK: The schema's own shape

    func schema() throws -> [String: Any] {
        let data = try Data(contentsOf: Self.schemaURL)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Every `properties` object in a schema node, with the path to it.
    static func propertyLists(_ node: Any, _ path: String = "#") -> [(path: String, node: [String: Any])] {
        var found: [(path: String, node: [String: Any])] = []
        if let object = node as? [String: Any] {
            if object["properties"] is [String: Any] { found.append((path, object)) }
            for (key, child) in object { found += propertyLists(child, "\(path)/\(key)") }
        } else if let array = node as? [Any] {
            for (i, child) in array.enumerated() { found += propertyLists(child, "\(path)/\(i)") }
        }
        return found
    }

    /// Every key of every object in a JSON value.
    static func allKeys(_ node: Any) -> Set<String> {
        if let object = node as? [String: Any] {
            return object.reduce(into: Set(object.keys)) { $0.formUnion(allKeys($1.value)) }
        }
        if let array = node as? [Any] { return array.reduce(into: []) { $0.formUnion(allKeys($1)) } }
        return []
    }

    @Test("every property has a description and every object rejects unknown keys")
    func describedAndClosed() throws {
        let lists = Self.propertyLists(try schema())
        #expect(lists.count >= 15)
        for (path, node) in lists {
            let properties = node["properties"] as! [String: Any]
            for (key, value) in properties {
                let description = (value as? [String: Any])?["description"] as? String
                #expect(description?.isEmpty == false, "\(path)/properties/\(key) has no description")
            }
            // The oneOf branches of the topology only restrict values; every other object is closed.
            if node["type"] as? String == "object" {
                #expect(node["additionalProperties"] as? Bool == false, "\(path) accepts unknown keys")
            }
        }
    }

    @Test("the top-level description names what the schema cannot express")
    func topLevelDescription() throws {
        let description = try #require(try schema()["description"] as? String)
        #expect(description.contains("one number per entry of resources"))
        #expect(description.contains("cannot be written in JSON Schema"))
        #expect(try schema()["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
    }

    @Test("the fixture with every field uses every key the schema names")
    func fixtureCoversSchema() throws {
        var schemaKeys = Set<String>()
        for (_, node) in Self.propertyLists(try schema()) {
            schemaKeys.formUnion((node["properties"] as! [String: Any]).keys)
        }
        let fixture = try JSONSerialization.jsonObject(with: Data(ScenarioFixtures.everyField.utf8))
        let missing = schemaKeys.subtracting(Self.allKeys(fixture))
        #expect(missing.isEmpty, "keys the fixture does not use: \(missing.sorted())")
        #expect(schemaKeys.count > 60)
    }
}
