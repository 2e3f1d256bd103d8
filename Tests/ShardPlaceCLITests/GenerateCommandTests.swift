import Foundation
import ShardPlace
import ShardPlaceTestSupport
import Testing

private func generate(_ arguments: [String]) throws -> ProgramResult {
    try runProgram(TestPaths.shardplace, ["generate"] + arguments)
}

/// A fresh empty folder, removed by the caller.
private func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("shardplace-generate-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite struct GenerateCommandTests {
    @Test("JSON on stdout is a valid scenario, the library's, with a summary on stderr")
    func jsonOnStdout() throws {
        let result = try generate(["--shards", "300", "--hosts", "12", "--seed", "5"])
        #expect(result.status == 0, "\(result.stderr)")
        let scenario = try ScenarioLoader.parse(result.stdout, format: .json)
        #expect(scenario.validate() == [])
        #expect(scenario.shards.count == 300 && scenario.hosts.count == 12 && scenario.resources.count == 4)
        #expect(scenario == ScenarioGenerator.generate(.init(shards: 300, hosts: 12, seed: 5)))
        #expect(result.stderr.contains("300 shards"))
        #expect(result.stdout.hasPrefix("{"))
    }

    @Test("-o writes a file that loads, and nothing else")
    func outputFile() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("scenario.json").path
        try "old".write(toFile: path, atomically: false, encoding: .utf8)
        let result = try generate(["--shards", "200", "--hosts", "10", "--resources", "6", "-o", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        let scenario = try ScenarioLoader.load(contentsOf: path)
        #expect(scenario.shards.count == 200 && scenario.resources.count == 6)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["scenario.json"])
    }

    @Test("A failed write leaves nothing behind")
    func failedWrite() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The target is a folder: the temporary file is written, the rename fails.
        let target = folder.appendingPathComponent("taken")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
        let result = try generate(["--shards", "50", "--hosts", "4", "--output", target.path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("cannot write"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["taken"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: target.path) == [])

        let missing = folder.appendingPathComponent("no/such/folder/x.json").path
        let second = try generate(["--shards", "50", "--hosts", "4", "-o", missing])
        #expect(second.status != 0)
        #expect(second.stderr.contains(missing))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["taken"])
    }

    @Test("-o into a FIFO writes through it instead of replacing it")
    func fifoTarget() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("pipe").path
        try #require(mkfifo(fifo, 0o600) == 0)
        nonisolated(unsafe) var received = Data()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            received = FileHandle(forReadingAtPath: fifo)?.readDataToEndOfFile() ?? Data()
            done.signal()
        }
        let result = try generate(["--shards", "20", "--hosts", "3", "-o", fifo])
        // Should the program never have opened the FIFO, an empty writer releases the reader.
        while done.wait(timeout: .now() + 0.2) == .timedOut {
            let fd = open(fifo, O_WRONLY | O_NONBLOCK)
            if fd >= 0 { close(fd) }
        }
        #expect(result.status == 0, "\(result.stderr)")
        var info = stat()
        #expect(lstat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
        let scenario = try ScenarioLoader.parse(String(decoding: received, as: UTF8.self), format: .json)
        #expect(scenario.shards.count == 20)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["pipe"])
    }

    @Test("-o through a symbolic link replaces the file it names and keeps the link")
    func symlinkTarget() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let real = folder.appendingPathComponent("real")
        try FileManager.default.createDirectory(at: real, withIntermediateDirectories: false)
        let target = real.appendingPathComponent("target.json").path
        try "old".write(toFile: target, atomically: false, encoding: .utf8)
        let link = folder.appendingPathComponent("link.json").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let result = try generate(["--shards", "20", "--hosts", "3", "-o", link])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
        #expect(try ScenarioLoader.load(contentsOf: target).shards.count == 20)
        #expect(try FileManager.default.contentsOfDirectory(atPath: real.path) == ["target.json"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["link.json", "real"])
    }

    @Test("YAML parses, on stdout and in a .yaml file")
    func yaml() throws {
        let arguments = [
            "--shards", "150", "--hosts", "9", "--resources", "5", "--topology", "synthetic", "--depth", "numa",
            "--format", "yaml",
        ]
        let result = try generate(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        let scenario = try ScenarioLoader.parse(result.stdout, format: .yaml)
        #expect(scenario.validate() == [])
        #expect(scenario.depth == .numa && scenario.shards.count == 150)
        #expect(scenario.hosts.allSatisfy { $0.topology?.synthetic != nil })
        #expect(scenario.placement?.count == 150)

        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("scenario.yaml").path
        let written = try generate(arguments + ["-o", path])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(try ScenarioLoader.load(contentsOf: path).shards.count == 150)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == result.stdout)
    }

    @Test(
        "Bad arguments exit non-zero naming the option",
        arguments: [
            (["--shards", "0", "--hosts", "3"], "--shards"),
            (["--shards", "5", "--hosts", "-2"], "--hosts"),
            (["--shards", "5", "--hosts", "3", "--resources", "0"], "--resources"),
            (["--shards", "5", "--hosts", "3", "--depth", "core"], "--depth"),
            (["--shards", "5", "--hosts", "3", "--depth", "numa", "--topology", "none"], "--depth"),
            (["--shards", "5", "--hosts", "3", "--utilization", "1.5"], "--utilization"),
            (["--shards", "5", "--hosts", "3", "--format", "xml"], "--format"),
            (["--shards", "5", "--hosts", "3", "--topology", "live"], "--topology"),
            (["--shards", "5"], "--hosts"),
        ])
    func badArguments(arguments: [String], option: String) throws {
        let result = try generate(arguments)
        #expect(result.status != 0)
        #expect(result.stderr.contains(option), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test("The same seed gives the same bytes, another seed others")
    func deterministic() throws {
        let arguments = ["--shards", "400", "--hosts", "16", "--resources", "5", "--topology", "synthetic"]
        let first = try generate(arguments + ["--seed", "7"])
        let second = try generate(arguments + ["--seed", "7"])
        let other = try generate(arguments + ["--seed", "8"])
        #expect(first.status == 0 && second.status == 0 && other.status == 0)
        #expect(!first.stdout.isEmpty)
        #expect(first.stdout == second.stdout)
        #expect(first.stdout != other.stdout)
    }
}
