import Foundation
import ShardPlaceTestSupport
import Testing

/// `shardplace ledger …` and `--trust-ledger` end to end, through the built executable.
@Suite struct LedgerCommandTests {
    /// A new folder for one test's files.
    private func folder() throws -> String {
        let path = NSTemporaryDirectory() + "ledger-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func run(_ arguments: [String]) throws -> ProgramResult {
        try runProgram(TestPaths.shardplace, arguments)
    }

    private func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// A key pair and a ledger: aws 0.9 → 0.4 (incident), gcp 0.95.
    private func ledger(in dir: String) throws -> (ledger: String, key: String) {
        let key = dir + "/signing.key"
        let ledger = dir + "/trust.ledger"
        #expect(try run(["ledger", "keygen", "--out", key]).status == 0)
        for (provider, score, kind) in [("aws", "0.9", "audit"), ("gcp", "0.95", "audit"), ("aws", "0.4", "incident")] {
            let result = try run([
                "ledger", "append", "--ledger", ledger, "--key", key, "--provider", provider, "--score", score,
                "--reason", "\(kind) of \(provider)", "--kind", kind,
            ])
            #expect(result.status == 0, "\(result.stderr)")
        }
        return (ledger, key)
    }

    @Test("keygen writes KEY (0600) and KEY.pub, refuses to overwrite without --force")
    func keygen() throws {
        let dir = try folder()
        let first = try run(["ledger", "keygen", "--out", dir + "/k"])
        #expect(first.status == 0 && first.stdout.contains("key id"))
        let mode = try FileManager.default.attributesOfItem(atPath: dir + "/k")[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let publicKey = try String(contentsOfFile: dir + "/k.pub", encoding: .utf8)
        #expect(publicKey.hasPrefix("-----BEGIN PUBLIC KEY-----"))
        let again = try run(["ledger", "keygen", "--out", dir + "/k"])
        #expect(again.status == 2 && again.stderr.contains("already exists"))
        #expect(try String(contentsOfFile: dir + "/k.pub", encoding: .utf8) == publicKey)
        #expect(try run(["ledger", "keygen", "--out", dir + "/k", "--force"]).status == 0)
        #expect(try String(contentsOfFile: dir + "/k.pub", encoding: .utf8) != publicKey)
    }

    @Test("append, verify and show: scores replayed, JSON documents, exit 0")
    func appendVerifyShow() throws {
        let dir = try folder()
        let (ledger, key) = try ledger(in: dir)
        let verify = try run(["ledger", "verify", "--ledger", ledger, "--public-key", key + ".pub"])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("intact — 3 entries, 2 providers"))
        let document = try json(
            try run(["ledger", "verify", "--ledger", ledger, "--public-key", key + ".pub", "--format", "json"]).stdout)
        #expect(document["intact"] as? Bool == true && document["entries"] as? Int == 3)
        #expect(document["scores"] as? [String: Double] == ["aws": 0.4, "gcp": 0.95])

        let table = try run(["ledger", "show", "--ledger", ledger])
        #expect(table.status == 0)
        #expect(table.stdout.contains("0.900000  0.400000  incident"))
        #expect(table.stderr.contains("signatures not checked"))
        let shown = try json(
            try run(["ledger", "show", "--ledger", ledger, "--public-key", key + ".pub", "--format", "json"]).stdout)
        #expect(shown["signaturesChecked"] as? Bool == true)
        let entries = try #require(shown["entries"] as? [[String: Any]])
        #expect(entries.map { $0["provider"] as? String } == ["aws", "gcp", "aws"])
        #expect(entries[0]["oldScore"] is NSNull && entries[2]["oldScore"] as? Double == 0.9)
        #expect(shown["scores"] as? [String: Double] == ["aws": 0.4, "gcp": 0.95])
    }

    @Test("verify exits 1 naming the line of an edited, dropped or reordered entry")
    func broken() throws {
        let dir = try folder()
        let (ledger, key) = try ledger(in: dir)
        let text = try String(contentsOfFile: ledger, encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        let cases: [(String, String, String)] = [
            (text.replacingOccurrences(of: "\t0.400000\t", with: "\t0.990000\t"), "line 4", "edited"),
            (([lines[0], lines[1], lines[3], lines[4]]).joined(separator: "\n") + "\n", "line 3", "dropped"),
            (
                ([lines[0], lines[2], lines[1], lines[3], lines[4]]).joined(separator: "\n") + "\n", "line 2",
                "reordered"
            ),
        ]
        for (content, line, kind) in cases {
            try content.write(toFile: ledger, atomically: true, encoding: .utf8)
            let result = try run(["ledger", "verify", "--ledger", ledger, "--public-key", key + ".pub"])
            #expect(result.status == 1, "\(kind)")
            #expect(result.stdout.contains("BROKEN at \(line) (\(kind))"), "\(result.stdout)")
            let show = try run(["ledger", "show", "--ledger", ledger])
            #expect(show.status == 1 && show.stderr.contains(line), "\(kind): \(show.stderr)")
        }
        lines.removeLast()
        try (lines.joined(separator: "\n") + "\n").write(toFile: ledger, atomically: true, encoding: .utf8)
        let json = try json(
            try run(["ledger", "verify", "--ledger", ledger, "--public-key", key + ".pub", "--format", "json"]).stdout)
        let fault = try #require(json["fault"] as? [String: Any])
        #expect(
            json["intact"] as? Bool == false && fault["kind"] as? String == "truncated" && fault["line"] as? Int == 5)
    }

    @Test("a rollback to an older complete copy verifies alone, and fails against the recorded head or count")
    func rollback() throws {
        let dir = try folder()
        let key = dir + "/signing.key"
        let ledger = dir + "/trust.ledger"
        #expect(try run(["ledger", "keygen", "--out", key]).status == 0)
        var older = ""
        var printed = ""
        for (i, (provider, score)) in [("aws", "0.9"), ("gcp", "0.95"), ("aws", "0.4")].enumerated() {
            let append = try run([
                "ledger", "append", "--ledger", ledger, "--key", key, "--provider", provider, "--score", score,
                "--reason", "r",
            ])
            #expect(append.status == 0, "\(append.stderr)")
            printed = append.stdout
            if i == 1 { older = try String(contentsOfFile: ledger, encoding: .utf8) }
        }
        // What append prints to record elsewhere: the head and the count.
        let head = try #require(printed.split(separator: "\n").last { $0.hasPrefix("head ") }).dropFirst(5).prefix(64)
        #expect(printed.contains("head \(head), 3 entries"))
        let shown = try json(try run(["ledger", "show", "--ledger", ledger, "--format", "json"]).stdout)
        #expect(shown["head"] as? String == String(head))
        let verify = ["ledger", "verify", "--ledger", ledger, "--public-key", key + ".pub"]
        let current = try run(verify + ["--expect-head", String(head).uppercased(), "--min-entries", "3"])
        #expect(current.status == 0 && current.stdout.contains("expected head: entry 3, 0 appended since"))

        try older.write(toFile: ledger, atomically: true, encoding: .utf8)
        #expect(try run(verify).status == 0)  // undetectable from the file alone
        let byHead = try run(verify + ["--expect-head", String(head)])
        #expect(byHead.status == 1, "\(byHead.stdout)")
        #expect(byHead.stdout.contains("BROKEN at line 4 (rolledBack)") && byHead.stdout.contains("recorded head"))
        let byCount = try json(try run(verify + ["--min-entries", "3", "--format", "json"]).stdout)
        let fault = try #require(byCount["fault"] as? [String: Any])
        #expect(byCount["intact"] as? Bool == false && fault["kind"] as? String == "rolledBack")
        #expect(fault["expectedSequence"] as? Int == 3)
        // A head recorded when the copy was current still passes (the ledger may grow after it).
        let earlier = try json(try run(verify + ["--min-entries", "2", "--format", "json"]).stdout)
        #expect(earlier["intact"] as? Bool == true)

        for (option, value) in [("--expect-head", "abc"), ("--min-entries", "-1")] {
            let bad = try run(verify + ["\(option)=\(value)"])
            #expect(bad.status == 2 && bad.stderr.contains(option), "\(bad.stderr)")
        }
    }

    @Test("bad input exits 2 naming the file or option: missing ledger or key, malformed key, bad score")
    func badInput() throws {
        let dir = try folder()
        let (ledger, key) = try ledger(in: dir)
        let cases: [([String], String)] = [
            (["ledger", "verify", "--ledger", dir + "/none", "--public-key", key + ".pub"], "none"),
            (["ledger", "verify", "--ledger", ledger, "--public-key", dir + "/none.pub"], "none.pub"),
            (["ledger", "verify", "--ledger", ledger, "--public-key", key], "not an Ed25519 public key"),
            (["ledger", "verify", "--ledger", ledger, "--public-key", ledger], "not an Ed25519 public key"),
            (
                [
                    "ledger", "append", "--ledger", ledger, "--key", key + ".pub", "--provider", "x", "--score", "1",
                    "--reason", "r",
                ],
                "not an Ed25519 private key"
            ),
            (
                [
                    "ledger", "append", "--ledger", ledger, "--key", key, "--provider", "x", "--score", "1.5",
                    "--reason", "r",
                ],
                "--score"
            ),
            (
                [
                    "ledger", "append", "--ledger", ledger, "--key", key, "--provider", "x", "--score=-0.1",
                    "--reason", "r",
                ],
                "--score"
            ),
            (
                [
                    "ledger", "append", "--ledger", ledger, "--key", key, "--provider", "", "--score", "1", "--reason",
                    "r",
                ],
                "--provider"
            ),
            (["ledger", "show", "--ledger", dir + "/none"], "none"),
        ]
        let before = try String(contentsOfFile: ledger, encoding: .utf8)
        for (arguments, needle) in cases {
            let result = try run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.contains(needle), "\(arguments): \(result.stderr)")
        }
        #expect(try String(contentsOfFile: ledger, encoding: .utf8) == before)
        // A ledger signed with another key is not appended to.
        #expect(try run(["ledger", "keygen", "--out", dir + "/other"]).status == 0)
        let other = try run([
            "ledger", "append", "--ledger", ledger, "--key", dir + "/other", "--provider", "x", "--score", "1",
            "--reason", "r",
        ])
        #expect(other.status == 2 && other.stderr.contains("signed by key"))
    }

    /// Two providers; `db` shards need trust 0.8 and currently sit on aws hosts.
    private let scenario = """
        {"resources": [{"name": "cpu"}],
         "hosts": [{"id": "a1", "capacity": [4], "labels": {"provider": "aws"}},
                   {"id": "a2", "capacity": [4], "labels": {"provider": "aws"}},
                   {"id": "g1", "capacity": [4], "labels": {"provider": "gcp"}},
                   {"id": "g2", "capacity": [4], "labels": {"provider": "gcp"}},
                   {"id": "o1", "capacity": [4], "labels": {"provider": "onprem"}, "trust": 0.3}],
         "shards": [{"id": "db0", "demand": [1], "minTrust": 0.8}, {"id": "db1", "demand": [1], "minTrust": 0.8},
                    {"id": "web", "demand": [1]}],
         "placement": {"db0": "a1", "db1": "a2", "web": "o1"}}
        """

    @Test(
        "place, evaluate and validate take trust from a verified ledger; minTrust shards leave the distrusted provider")
    func placement() throws {
        let dir = try folder()
        let (ledger, key) = try ledger(in: dir)
        let scenarioPath = dir + "/s.json"
        try scenario.write(toFile: scenarioPath, atomically: true, encoding: .utf8)
        let trust = ["--trust-ledger", ledger, "--ledger-public-key", key + ".pub"]

        #expect(try run(["evaluate", "--scenario", scenarioPath]).status == 0)
        let evaluate = try run(["evaluate", "--scenario", scenarioPath] + trust)
        #expect(evaluate.status == 1, "\(evaluate.stdout)")
        #expect(evaluate.stderr.contains("scores of 2 provider(s) applied to 4 host(s)"))
        #expect(try run(["validate", "--scenario", scenarioPath] + trust).status == 0)

        let output = dir + "/p.json"
        let place = try run(
            ["place", "--scenario", scenarioPath, "--iterations", "20000", "--threads", "1", "--quiet", "-o", output]
                + trust)
        #expect(place.status == 0, "\(place.stderr)")
        let placement = try #require(
            try json(String(contentsOfFile: output, encoding: .utf8))["placement"] as? [String: String])
        #expect(placement["db0"]?.hasPrefix("g") == true && placement["db1"]?.hasPrefix("g") == true, "\(placement)")
    }

    @Test("a broken ledger, a lone option, or trust that leaves a shard nowhere: exit 2 with the reason")
    func placementRefusals() throws {
        let dir = try folder()
        let (ledger, key) = try ledger(in: dir)
        let scenarioPath = dir + "/s.json"
        try scenario.write(toFile: scenarioPath, atomically: true, encoding: .utf8)
        let trust = ["--trust-ledger", ledger, "--ledger-public-key", key + ".pub"]

        let lone = try run(["place", "--scenario", scenarioPath, "--trust-ledger", ledger, "--quiet"])
        #expect(lone.status == 2 && lone.stderr.contains("--ledger-public-key"))

        // gcp falls too: no host is trusted enough for the db shards.
        #expect(
            try run([
                "ledger", "append", "--ledger", ledger, "--key", key, "--provider", "gcp", "--score", "0.5", "--reason",
                "breach", "--kind", "incident",
            ]).status == 0)
        let nowhere = try run(["place", "--scenario", scenarioPath, "--quiet"] + trust)
        #expect(nowhere.status == 2 && nowhere.stderr.contains("minTrust"), "\(nowhere.stderr)")

        let text = try String(contentsOfFile: ledger, encoding: .utf8)
        try text.replacingOccurrences(of: "breach", with: "bReach").write(
            toFile: ledger, atomically: true, encoding: .utf8)
        let broken = try run(["place", "--scenario", scenarioPath, "--quiet"] + trust)
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("line 5: entry 4 was edited"), "\(broken.stderr)")
    }
}
