import Foundation
import ShardPlace
import Testing

/// Every error the loader reports, each at the exact JSON path of the offending field.
@Suite struct ScenarioValidationTests {
    static let base = ScenarioDocument()

    @Test("the base document used by these tests is valid")
    func baseDocumentParses() throws {
        let scenario = try ScenarioLoader.parse(Self.base.json, format: .json)
        #expect(scenario.hosts.map(\.id) == ["h1", "h2"])
        #expect(scenario.shards.map(\.id) == ["s1", "s2"])
    }

    // MARK: Unknown keys

    static let unknownKeys: [InvalidScenario] = [
        .init(
            "at the top level", base.with { $0.members["colour"] = #""blue""# }, at: "colour",
            saying: [#"unknown key "colour""#, "expected one of", "resources"]),
        .init(
            "in a host",
            base.with { $0.hosts[0] = #"{"id": "h1", "labels": {"zone": "z1"}, "capcity": [8, 32, 100]}"# },
            at: "hosts[0].capcity", saying: [#"unknown key "capcity""#, "capacity"]),
        .init(
            "in a shard", base.with { $0.shards[1] = #"{"id": "s2", "demand": [1, 4, 10], "pinned": "h1"}"# },
            at: "shards[1].pinned", saying: [#"unknown key "pinned""#, "pin"]),
        .init(
            "in a host topology",
            base.with {
                $0.hosts[1] =
                    #"{"id": "h2", "labels": {"zone": "z2"}, "capacity": [8, 32, 100], "topology": {"xlm": "a.xml"}}"#
            }, at: "hosts[1].topology.xlm", saying: [#"unknown key "xlm""#, "xml"]),
        .init(
            "in a group's spread",
            base.with { $0.groups[0] = #"{"id": "g1", "spread": {"key": "zone", "min": 2, "max": 3}}"# },
            at: "groups[0].spread.max", saying: [#"unknown key "max""#]),
        .init(
            "in policy weights", base.with { $0.members["policy"] = #"{"weights": {"lod": 1}}"# },
            at: "policy.weights.lod", saying: [#"unknown key "lod""#, "load"]),
    ]

    @Test("an unknown key is reported at its path", arguments: unknownKeys)
    func unknownKey(_ invalid: InvalidScenario) throws {
        try check(invalid)
    }

    @Test("a misspelt required key is unknown, and the real one missing")
    func misspeltRequiredKey() throws {
        let document = Self.base.with {
            $0.hosts[0] = #"{"id": "h1", "labels": {"zone": "z1"}, "capcity": [8, 32, 100]}"#
        }
        let issues = try #require(scenarioIssues(document.json))
        expectIssue(issues, at: "hosts[0].capcity", saying: ["unknown key"])
        expectIssue(issues, at: "hosts[0].capacity", saying: ["missing", "expected an array"])
    }

    // MARK: Duplicate ids

    static let duplicates: [InvalidScenario] = [
        .init(
            "hosts",
            base.with { $0.hosts[1] = #"{"id": "h1", "labels": {"zone": "z2"}, "capacity": [8, 32, 100]}"# },
            at: "hosts[1].id", saying: [#"duplicate host id "h1""#, "hosts[0]"]),
        .init(
            "shards", base.with { $0.shards[1] = #"{"id": "s1", "group": "g1", "demand": [1, 4, 10]}"# },
            at: "shards[1].id", saying: [#"duplicate shard id "s1""#, "shards[0]"]),
        .init(
            "groups", base.with { $0.groups.append(#"{"id": "g1"}"#) }, at: "groups[1].id",
            saying: [#"duplicate group id "g1""#, "groups[0]"]),
        .init(
            "resources", base.with { $0.resources[2] = #"{"name": "cpu"}"# }, at: "resources[2].name",
            saying: [#"duplicate resource name "cpu""#, "resources[0]"]),
    ]

    @Test("a duplicate id is reported at the second occurrence", arguments: duplicates)
    func duplicateID(_ invalid: InvalidScenario) throws {
        try check(invalid)
    }

    // MARK: References

    static let references: [InvalidScenario] = [
        .init(
            "a shard's pin", base.with { $0.shards[0] = #"{"id": "s1", "demand": [1, 4, 10], "pin": "h9"}"# },
            at: "shards[0].pin", saying: [#"no host has id "h9""#]),
        .init(
            "a shard's allowed hosts",
            base.with { $0.shards[0] = #"{"id": "s1", "demand": [1, 4, 10], "allowedHosts": ["h1", "h9"]}"# },
            at: "shards[0].allowedHosts[1]", saying: [#"no host has id "h9""#]),
        .init(
            "a shard's group", base.with { $0.shards[0] = #"{"id": "s1", "group": "g9", "demand": [1, 4, 10]}"# },
            at: "shards[0].group", saying: [#"no group has id "g9""#]),
        .init(
            "a dependency's group",
            base.with { $0.groups[0] = #"{"id": "g1", "dependsOn": [{"group": "g9", "key": "zone"}]}"# },
            at: "groups[0].dependsOn[0].group", saying: [#"no group has id "g9""#]),
        .init(
            "a dependency's label key",
            base.with {
                $0.groups = [#"{"id": "g1", "dependsOn": [{"group": "g2", "key": "region"}]}"#, #"{"id": "g2"}"#]
            }, at: "groups[0].dependsOn[0].key", saying: [#"no host has a label "region""#]),
        .init(
            "a traffic source", base.with { $0.traffic = [#"{"from": "s9", "to": "s2", "volume": 5}"#] },
            at: "traffic[0].from", saying: [#"no shard has id "s9""#]),
        .init(
            "a traffic destination", base.with { $0.traffic = [#"{"from": "s1", "to": "s9", "volume": 5}"#] },
            at: "traffic[0].to", saying: [#"no shard has id "s9""#]),
        .init(
            "traffic from a shard to itself", base.with { $0.traffic = [#"{"from": "s1", "to": "s1", "volume": 5}"#] },
            at: "traffic[0]", saying: ["cannot send traffic to itself"]),
        .init(
            "a placement key", base.with { $0.placement = #"{"s1": "h1", "s2": "h2", "s9": "h1"}"# },
            at: #"placement["s9"]"#, saying: [#"no shard has id "s9""#]),
        .init(
            "a placement value", base.with { $0.placement = #"{"s1": "h9/numa:0", "s2": "h2"}"# },
            at: #"placement["s1"]"#, saying: [#"no host has id "h9""#]),
        .init(
            "a balance objective's resource",
            base.with {
                $0.members["policy"] = #"{"balance": [{"resource": "gpu", "over": "cpu", "target": 1, "weight": 1}]}"#
            }, at: "policy.balance[0].resource", saying: [#"no resource is named "gpu""#]),
    ]

    @Test("a reference to something missing is reported where it is made", arguments: references)
    func missingReference(_ invalid: InvalidScenario) throws {
        try check(invalid)
    }

    // MARK: Vector lengths

    static let vectorLengths: [InvalidScenario] = [
        .init(
            "capacity",
            base.with { $0.hosts[1] = #"{"id": "h2", "labels": {"zone": "z2"}, "capacity": [8, 32]}"# },
            at: "hosts[1].capacity", saying: ["expected 3 numbers (one per entry of resources), found 2"]),
        .init(
            "safetyCapacity",
            base.with {
                $0.hosts[0] =
                    #"{"id": "h1", "labels": {"zone": "z1"}, "capacity": [8, 32, 100], "safetyCapacity": [7]}"#
            }, at: "hosts[0].safetyCapacity", saying: ["expected 3 numbers", "found 1"]),
        .init(
            "price",
            base.with {
                $0.hosts[0] =
                    #"{"id": "h1", "labels": {"zone": "z1"}, "capacity": [8, 32, 100], "price": [1, 1, 1, 1]}"#
            }, at: "hosts[0].price", saying: ["expected 3 numbers", "found 4"]),
        .init(
            "demand", base.with { $0.shards[1] = #"{"id": "s2", "group": "g1", "demand": [1, 4]}"# },
            at: "shards[1].demand", saying: ["expected 3 numbers (one per entry of resources), found 2"]),
        .init(
            "a host's move costs (one per host)",
            base.with {
                $0.hosts[0] = #"{"id": "h1", "labels": {"zone": "z1"}, "capacity": [8, 32, 100], "moveCost": [0]}"#
            }, at: "hosts[0].moveCost", saying: ["expected 2 numbers (one per host), found 1"]),
        .init(
            "the fragmentation reference",
            base.with { $0.members["policy"] = #"{"fragmentationReference": [1, 2]}"# },
            at: "policy.fragmentationReference", saying: ["expected 3 numbers", "found 2"]),
        .init(
            "history samples (one series per resource)",
            base.with { $0.shards[1] = #"{"id": "s2", "group": "g1", "history": {"samples": [[1, 2], [3, 4]]}}"# },
            at: "shards[1].history.samples", saying: ["expected 3 series (one per resource), found 2"]),
    ]

    @Test("a vector whose length is not the number of resources", arguments: vectorLengths)
    func vectorLength(_ invalid: InvalidScenario) throws {
        try check(invalid)
    }

    // MARK: Numbers and types

    static let numbers: [InvalidScenario] = [
        .init(
            "a negative capacity",
            base.with { $0.hosts[1] = #"{"id": "h2", "labels": {"zone": "z2"}, "capacity": [8, 32, -5]}"# },
            at: "hosts[1].capacity[2]", saying: ["expected a number ≥ 0, found -5"]),
        .init(
            "a negative size", base.with { $0.shards[0] = #"{"id": "s1", "demand": [1, 4, 10], "size": -1}"# },
            at: "shards[0].size", saying: ["expected a number ≥ 0, found -1"]),
        .init(
            "a negative traffic volume", base.with { $0.traffic = [#"{"from": "s1", "to": "s2", "volume": -0.5}"#] },
            at: "traffic[0].volume", saying: ["expected a number ≥ 0, found -0.5"]),
        .init(
            "a negative weight", base.with { $0.members["policy"] = #"{"weights": {"traffic": -2}}"# },
            at: "policy.weights.traffic", saying: ["expected a number ≥ 0, found -2"]),
        .init(
            "a negative domain level cost",
            base.with { $0.members["policy"] = #"{"levelCosts": {"domains": {"row": -1}}}"# },
            at: "policy.levelCosts.domains.row", saying: ["expected a number ≥ 0"]),
        .init(
            "a host trust above 1",
            base.with {
                $0.hosts[0] = #"{"id": "h1", "labels": {"zone": "z1"}, "capacity": [8, 32, 100], "trust": 1.5}"#
            }, at: "hosts[0].trust", saying: ["expected a trust score between 0 and 1, found 1.5"]),
        .init(
            "a shard's minimum trust above 1",
            base.with { $0.shards[0] = #"{"id": "s1", "demand": [1, 4, 10], "minTrust": 2}"# },
            at: "shards[0].minTrust", saying: ["expected a trust score between 0 and 1"]),
        .init(
            "a string where a number is expected",
            base.with { $0.hosts[0] = #"{"id": "h1", "labels": {"zone": "z1"}, "capacity": [8, "32", 100]}"# },
            at: "hosts[0].capacity[1]", saying: ["expected a number, found a string"]),
        .init(
            "a boolean where a number is expected",
            base.with { $0.shards[0] = #"{"id": "s1", "demand": [1, 4, 10], "size": true}"# },
            at: "shards[0].size", saying: ["expected a number, found a boolean"]),
        .init(
            "a number where a string is expected",
            base.with { $0.hosts[0] = #"{"id": 1, "labels": {"zone": "z1"}, "capacity": [8, 32, 100]}"# },
            at: "hosts[0].id", saying: ["expected a string, found a number"]),
        .init(
            "a number as a label value",
            base.with { $0.hosts[0] = #"{"id": "h1", "labels": {"zone": 1}, "capacity": [8, 32, 100]}"# },
            at: "hosts[0].labels.zone", saying: ["expected a string, found a number"]),
        .init(
            "an object where an array is expected", base.with { $0.members["hosts"] = "{}" }, at: "hosts",
            saying: ["expected an array, found an object"]),
        .init(
            "a spread minimum of 0", base.with { $0.groups[0] = #"{"id": "g1", "spread": {"key": "zone", "min": 0}}"# },
            at: "groups[0].spread.min", saying: ["expected an integer ≥ 1, found 0"]),
        .init(
            "a fractional spread minimum",
            base.with { $0.groups[0] = #"{"id": "g1", "spread": {"key": "zone", "min": 1.5}}"# },
            at: "groups[0].spread.min", saying: ["expected an integer ≥ 1, found 1.5"]),
        .init(
            "a spread without a minimum", base.with { $0.groups[0] = #"{"id": "g1", "spread": {"key": "zone"}}"# },
            at: "groups[0].spread.min", saying: ["missing"]),
        .init(
            "a negative move limit", base.with { $0.members["policy"] = #"{"migration": {"maxMovesTotal": -1}}"# },
            at: "policy.migration.maxMovesTotal", saying: ["expected an integer ≥ 0, found -1"]),
        .init(
            "no concurrent moves per host",
            base.with { $0.members["policy"] = #"{"migration": {"maxConcurrentPerHost": 0}}"# },
            at: "policy.migration.maxConcurrentPerHost", saying: ["expected an integer ≥ 1, found 0"]),
        .init(
            "four domain levels",
            base.with { $0.members["policy"] = #"{"domainLevels": ["region", "zone", "row", "rack"]}"# },
            at: "policy.domainLevels", saying: ["expected at most 3 label keys, found 4"]),
        .init(
            "domain level costs that are not an object",
            base.with { $0.members["policy"] = #"{"levelCosts": {"domains": [1]}}"# },
            at: "policy.levelCosts.domains", saying: ["expected an object of numbers, found an array"]),
    ]

    @Test("a number out of range or a value of the wrong type", arguments: numbers)
    func badNumberOrType(_ invalid: InvalidScenario) throws {
        try check(invalid)
    }

    // MARK: Missing and malformed fields

    static let shapes: [InvalidScenario] = [
        .init(
            "no shards", base.with { $0.removed = ["shards"] }, at: "shards",
            saying: ["missing; expected an array"]),
        .init(
            "a host without an id",
            base.with { $0.hosts[0] = #"{"labels": {"zone": "z1"}, "capacity": [8, 32, 100]}"# },
            at: "hosts[0].id", saying: ["missing; expected a string"]),
        .init(
            "an empty shard id", base.with { $0.shards[0] = #"{"id": "", "demand": [1, 4, 10]}"# }, at: "shards[0].id",
            saying: ["expected a non-empty string"]),
        .init(
            "no resources", base.with { $0.resources = [] }, at: "resources",
            saying: ["expected at least one resource"]),
        .init(
            "a history without samples or csv",
            base.with { $0.shards[1] = #"{"id": "s2", "group": "g1", "history": {"series": ["a", "b", "c"]}}"# },
            at: "shards[1].history", saying: ["expected samples or csv"]),
        .init(
            "a topology with both xml and synthetic",
            base.with {
                $0.hosts[0] =
                    #"{"id": "h1", "capacity": [8, 32, 100], "topology": {"xml": "a.xml", "synthetic": "core:2"}}"#
            }, at: "hosts[0].topology", saying: ["expected exactly one of xml, synthetic or live: true"]),
        .init(
            "a topology with live false only",
            base.with {
                $0.hosts[0] =
                    #"{"id": "h1", "capacity": [8, 32, 100], "topology": {"live": false}}"#
            }, at: "hosts[0].topology", saying: ["expected exactly one of xml, synthetic or live: true"]),
        .init(
            "a top level that is not an object", text: "[1, 2]", at: "",
            saying: ["expected an object, found an array"]),
    ]

    @Test("a missing or malformed field", arguments: shapes)
    func malformedField(_ invalid: InvalidScenario) throws {
        try check(invalid)
    }

    @Test("missing or empty resources are one error, not one per vector", arguments: [false, true])
    func noResources(missing: Bool) throws {
        let document = Self.base.with {
            $0.resources = []
            if missing { $0.removed = ["resources"] }
        }
        let issues = try #require(scenarioIssues(document.json))
        #expect(issues.count == 1, "\(issues)")
        expectIssue(issues, at: "resources", saying: [missing ? "missing; expected an array" : "at least one resource"])
    }

    @Test("a resource entry with an error does not make every vector the wrong length")
    func badResourceEntry() throws {
        let document = Self.base.with { $0.resources[1] = #"{"nme": "memory"}"# }
        let issues = try #require(scenarioIssues(document.json))
        expectIssue(issues, at: "resources[1].nme", saying: ["unknown key"])
        expectIssue(issues, at: "resources[1].name", saying: ["missing"])
        #expect(issues.count == 2, "\(issues)")
    }

    @Test("an unknown depth", arguments: ["socket", "HOST", ""])
    func badDepth(_ depth: String) throws {
        let document = Self.base.with { $0.members["depth"] = "\"\(depth)\"" }
        let issues = try #require(scenarioIssues(document.json))
        expectIssue(issues, at: "depth", saying: ["expected one of host, numa, l3, core", "\"\(depth)\""])
    }

    @Test("placing below host depth needs a cpu or memory resource")
    func depthNeedsCPUOrMemory() throws {
        let document = Self.base.with {
            $0.resources = [#"{"name": "cores"}"#, #"{"name": "ram"}"#, #"{"name": "disk"}"#]
            $0.members["depth"] = #""numa""#
        }
        let issues = try #require(scenarioIssues(document.json))
        expectIssue(issues, at: "policy.cpuResource", saying: ["below host depth", "\"cpu\"", "\"memory\""])
    }

    // MARK: NaN and infinity

    /// A small YAML document with one host's capacity, its trust and one shard's demand given as text.
    static func yaml(capacity: String = "[8, 32, 100]", trust: String = "1", demand: String = "[1, 4, 10]") -> String {
        """
        resources: [{name: cpu}, {name: memory}, {name: disk}]
        hosts:
          - {id: h1, labels: {zone: z1}, capacity: \(capacity), trust: \(trust)}
          - {id: h2, labels: {zone: z2}, capacity: [8, 32, 100]}
        shards:
          - {id: s1, demand: \(demand)}

        """
    }

    @Test("the YAML helper document is valid")
    func yamlBaseParses() throws {
        let scenario = try ScenarioLoader.parse(Self.yaml(), format: .yaml)
        #expect(scenario.hosts[0].capacity == [8, 32, 100])
        #expect(scenario.hosts[0].trust == 1)
    }

    static let nonFinite: [InvalidScenario] = [
        .init(
            "YAML .nan", text: yaml(capacity: "[8, .nan, 100]"), format: .yaml, at: "hosts[0].capacity[1]",
            saying: ["expected a finite number, found NaN"]),
        .init(
            "YAML .NaN as a trust", text: yaml(trust: ".NaN"), format: .yaml, at: "hosts[0].trust",
            saying: ["expected a finite number, found NaN"]),
        .init(
            "YAML .inf", text: yaml(capacity: "[.inf, 32, 100]"), format: .yaml, at: "hosts[0].capacity[0]",
            saying: ["expected a finite number, found infinity"]),
        .init(
            "YAML -.inf", text: yaml(demand: "[1, -.inf, 10]"), format: .yaml, at: "shards[0].demand[1]",
            saying: ["expected a finite number, found infinity"]),
        .init(
            "JSON 1e400 (overflows a double to infinity)",
            base.with { $0.hosts[0] = #"{"id": "h1", "labels": {"zone": "z1"}, "capacity": [1e400, 32, 100]}"# },
            at: "hosts[0].capacity[0]", saying: ["expected a finite number, found infinity"]),
        .init(
            "JSON -1e400", base.with { $0.traffic = [#"{"from": "s1", "to": "s2", "volume": -1e400}"#] },
            at: "traffic[0].volume", saying: ["expected a finite number, found infinity"]),
        .init(
            "a JSON string \"NaN\"",
            base.with { $0.hosts[0] = #"{"id": "h1", "labels": {"zone": "z1"}, "capacity": [8, "NaN", 100]}"# },
            at: "hosts[0].capacity[1]", saying: ["expected a finite number, found NaN"]),
        .init(
            "a JSON string \"Infinity\"",
            base.with { $0.hosts[0] = #"{"id": "h1", "labels": {"zone": "z1"}, "capacity": [8, "Infinity", 100]}"# },
            at: "hosts[0].capacity[1]", saying: ["expected a finite number, found infinity"]),
    ]

    @Test("NaN and infinity are rejected", arguments: nonFinite)
    func notFinite(_ invalid: InvalidScenario) throws {
        try check(invalid)
    }

    @Test("a tiny JSON number underflows to 0 and is accepted")
    func underflow() throws {
        let document = Self.base.with { $0.shards[0] = #"{"id": "s1", "group": "g1", "demand": [1e-400, 4, 10]}"# }
        let scenario = try ScenarioLoader.parse(document.json, format: .json)
        #expect(scenario.shards[0].demand[0] == 0)
    }

    // MARK: Constraints that can never be met

    static let impossible: [InvalidScenario] = [
        .init(
            "anti-affinity with more replicas than domains",
            base.with {
                $0.groups[0] = #"{"id": "g1", "antiAffinity": "zone"}"#
                $0.shards.append(#"{"id": "s3", "group": "g1", "demand": [1, 4, 10]}"#)
            }, at: "groups[0].antiAffinity",
            saying: ["can never be met", #"3 shards of group "g1""#, #"only 2 distinct "zone" domains"#]),
        .init(
            "anti-affinity on a label no host has",
            base.with { $0.groups[0] = #"{"id": "g1", "antiAffinity": "region"}"# }, at: "groups[0].antiAffinity",
            saying: [#"no host has a label "region""#, #"use "host""#]),
        .init(
            "a spread wider than the domains",
            base.with { $0.groups[0] = #"{"id": "g1", "spread": {"key": "zone", "min": 3}}"# },
            at: "groups[0].spread.min",
            saying: ["can never be met", #"3 distinct "zone" domains required, hosts have 2"#]),
        .init(
            "a spread wider than the group",
            base.with {
                $0.groups[0] = #"{"id": "g1", "spread": {"key": "host", "min": 2}}"#
                $0.shards[1] = #"{"id": "s2", "demand": [1, 4, 10]}"#
            }, at: "groups[0].spread.min", saying: ["can never be met", #"group "g1" has 1 shards"#]),
        .init(
            "a shard no host may hold (pin against affinity)",
            base.with {
                $0.shards[0] =
                    #"{"id": "s1", "group": "g1", "demand": [1, 4, 10], "pin": "h1", "affinity": {"zone": "z2"}}"#
            }, at: "shards[0]", saying: ["no host satisfies", #"shard "s1""#]),
        .init(
            "a shard no host may hold (trust)",
            base.with { $0.shards[1] = #"{"id": "s2", "group": "g1", "demand": [1, 4, 10], "minTrust": 1}"# }
                .with {
                    $0.hosts = $0.hosts.map {
                        $0.replacingOccurrences(of: #""capacity""#, with: #""trust": 0.5, "capacity""#)
                    }
                }, at: "shards[1]", saying: ["no host satisfies", "minTrust", #"shard "s2""#]),
        .init(
            "a shard no host can hold (demand above every capacity)",
            base.with { $0.shards[0] = #"{"id": "s1", "group": "g1", "demand": [100, 4, 10]}"# },
            at: "shards[0].demand",
            saying: [#"no eligible host can hold shard "s1""#, "cpu demand 100", "largest capacity 8"]),
    ]

    @Test("a constraint that can never be met", arguments: impossible)
    func impossibleConstraint(_ invalid: InvalidScenario) throws {
        try check(invalid)
    }

    @Test("a host without a label is a domain of its own for that key")
    func unlabelledHostIsADomain() throws {
        // Two replicas kept apart by zone, and only h1 has a zone: h2 is a zone domain of its own (as in
        // the cost model), so the constraint can be met.
        let document = Self.base.with {
            $0.hosts[1] = #"{"id": "h2", "capacity": [8, 32, 100]}"#
            $0.groups[0] = #"{"id": "g1", "antiAffinity": "zone", "spread": {"key": "zone", "min": 2}}"#
        }
        let scenario = try ScenarioLoader.parse(document.json, format: .json)
        #expect(scenario.groups[0].antiAffinity == "zone")
        // A third replica cannot be kept apart on two domains.
        let three = document.with { $0.shards.append(#"{"id": "s3", "group": "g1", "demand": [1, 4, 10]}"#) }
        let issues = try #require(scenarioIssues(three.json))
        expectIssue(issues, at: "groups[0].antiAffinity", saying: [#"only 2 distinct "zone" domains"#])
    }

    // MARK: Syntax

    @Test("a JSON syntax error gives its line and column")
    func jsonSyntaxError() throws {
        let text = "{\n  \"name\": \"x\"\n  \"resources\": []\n}\n"
        let issues = try #require(scenarioIssues(text, file: "broken.json"))
        #expect(issues.count == 1)
        let issue = try #require(issues.first)
        #expect(issue.path == "")
        #expect(issue.message.hasPrefix("line 3, column 3: "), "\(issue.message)")
        #expect(issue.message.contains("expected ',' or '}'"), "\(issue.message)")
    }

    @Test(
        "other JSON syntax errors",
        arguments: [
            ("{\"name\": \"x", "line 1, column 12: unterminated string"),
            ("{\n\n  \"depth\": tru\n}", "line 3, column 12: invalid literal"),
            ("{\"a\": 1, \"a\": 2}", "duplicate key \"a\""),
            ("{\"a\": 01}", "leading zeros"),
            ("{} x", "unexpected text after the document"),
            ("", "line 1, column 1: unexpected end of input"),
        ])
    func otherJSONSyntaxErrors(text: String, expected: String) throws {
        let issues = try #require(scenarioIssues(text))
        #expect(issues.count == 1)
        #expect(issues.first?.message.contains(expected) == true, "\(issues)")
    }

    @Test("a YAML syntax error is one issue for the whole document")
    func yamlSyntaxError() throws {
        let issues = try #require(scenarioIssues("hosts: [1, 2\nshards: x\n", format: .yaml))
        #expect(issues.count == 1)
        #expect(issues.first?.path == "")
        #expect(issues.first?.message.hasPrefix("invalid YAML") == true, "\(issues)")
    }

    // MARK: All errors at once

    @Test("every reading error of a file is reported at once")
    func allReadingErrorsAtOnce() throws {
        let document = Self.base.with {
            $0.members["colour"] = #""blue""#
            $0.hosts[1] = #"{"id": "h2", "labels": {"zone": "z2"}, "capacity": [8, 32, -5]}"#
            $0.shards[0] = #"{"id": "s1", "group": "g1", "demand": [1, "4", 10]}"#
        }
        let issues = try #require(scenarioIssues(document.json))
        #expect(issues.count >= 3)
        expectIssue(issues, at: "colour", saying: ["unknown key"])
        expectIssue(issues, at: "hosts[1].capacity[2]", saying: ["≥ 0"])
        expectIssue(issues, at: "shards[0].demand[1]", saying: ["expected a number, found a string"])
    }

    @Test("every semantic error of a file is reported at once")
    func allSemanticErrorsAtOnce() throws {
        let document = Self.base.with {
            $0.hosts.append(#"{"id": "h1", "capacity": [8, 32, 100]}"#)
            $0.shards[0] = #"{"id": "s1", "group": "g1", "demand": [1, 4, 10], "pin": "h9"}"#
            $0.traffic = [#"{"from": "s1", "to": "s7", "volume": 5}"#]
        }
        let issues = try #require(scenarioIssues(document.json))
        #expect(issues.count >= 3)
        expectIssue(issues, at: "hosts[2].id", saying: ["duplicate host id"])
        expectIssue(issues, at: "shards[0].pin", saying: ["no host has id"])
        expectIssue(issues, at: "traffic[0].to", saying: ["no shard has id"])
    }

    @Test("the description has one line per issue, each starting with the file name")
    func descriptionNamesTheFile() throws {
        let document = Self.base.with {
            $0.members["colour"] = #""blue""#
            $0.members["depth"] = #""socket""#
        }
        let error = try #require(throws: ScenarioError.self) {
            try ScenarioLoader.parse(document.json, format: .json, file: "cluster.json")
        }
        #expect(error.file == "cluster.json")
        let lines = error.description.split(separator: "\n").map(String.init)
        #expect(lines.count == error.issues.count)
        #expect(lines.count >= 2)
        for line in lines { #expect(line.hasPrefix("cluster.json: "), "\(line)") }
        #expect(lines.contains { $0.hasPrefix("cluster.json: colour: unknown key \"colour\"") })
        #expect(lines.contains { $0.hasPrefix("cluster.json: depth: expected one of host, numa, l3, core") })

        // Without a file, each line starts with the path.
        let anonymous = ScenarioError(issues: error.issues)
        #expect(anonymous.description.split(separator: "\n").contains { $0.hasPrefix("colour: unknown key") })
        // An issue about the whole document has no path part.
        let whole = ScenarioError(file: "x.json", issues: [.init(path: "", message: "line 1, column 1: oops")])
        #expect(whole.description == "x.json: line 1, column 1: oops")
    }

    // MARK: Helpers

    private func check(_ invalid: InvalidScenario, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let issues = try #require(
            scenarioIssues(invalid.text, format: invalid.format), "the document parsed:\n\(invalid.text)",
            sourceLocation: sourceLocation)
        expectIssue(issues, at: invalid.path, saying: invalid.fragments, sourceLocation: sourceLocation)
    }
}
