// Shared by the test targets: where the samples and ../shared are, and how to run a program.
public import Foundation

public enum TestPaths {
    /// The package root, found from this file's path (Tests/Support/TestSupport.swift).
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `topology-samples/*.xml`, sorted.
    public static var topologySamples: [String] { xmlFiles(in: packageRoot.appendingPathComponent("topology-samples")) }

    /// `../shared`, beside the checkout, when present.
    public static var shared: URL? {
        let url = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// `../shared/topologies/*.xml`, or empty when ../shared is absent.
    public static var sharedTopologies: [String] {
        guard let shared else { return [] }
        return xmlFiles(in: shared.appendingPathComponent("topologies"))
    }

    /// Why tests that need ../shared are skipped.
    public static let sharedMissing = "../shared is absent beside the checkout: tests on its data are skipped"

    /// The built `shardplace` executable (it sits beside the test bundle).
    public static var shardplace: String {
        var candidates: [URL] = []
        let bundle = Bundle.main.bundleURL
        candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("shardplace"))
        candidates.append(bundle.appendingPathComponent("shardplace"))
        candidates.append(
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
                "shardplace"))
        candidates.append(packageRoot.appendingPathComponent(".build/debug/shardplace"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }?.path ?? candidates.last!.path
    }

    private static func xmlFiles(in directory: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".xml") }.sorted().map { directory.appendingPathComponent($0).path }
    }
}

/// What a finished program left behind.
public struct ProgramResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// Runs a program to completion (found on PATH when `executable` has no slash).
public func runProgram(_ executable: String, _ arguments: [String], stdin: String? = nil) throws -> ProgramResult {
    let process = Process()
    if executable.contains("/") {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
    } else {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
    }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let input = Pipe()
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try? input.fileHandleForWriting.close()
    // Read both pipes while the program runs, so that a large output cannot block it.
    nonisolated(unsafe) var errData = Data()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return ProgramResult(
        status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self))
}

/// Whether a program is on PATH.
public func programExists(_ name: String) -> Bool {
    (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains {
        FileManager.default.isExecutableFile(atPath: "\($0)/\(name)")
    }
}

/// hwloc's own count of objects of a type (`hwloc-calc --input FILE --number-of TYPE all`).
public func hwlocCount(_ file: String, _ type: String) throws -> Int {
    let result = try runProgram("hwloc-calc", ["--input", file, "--number-of", type, "all"])
    // hwloc-calc says "unavailable --number-of type Die" when the machine has no object of the type.
    if result.status == 0 && result.stderr.contains("unavailable") { return 0 }
    guard result.status == 0, let n = Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) else {
        throw NSError(
            domain: "hwloc-calc", code: Int(result.status), userInfo: [NSLocalizedDescriptionKey: result.stderr])
    }
    return n
}

/// The NUMA latency matrix written in an hwloc v2 XML file (`<distances2 type="NUMANode"
/// indexing="os">`), keyed by NUMA OS index; `nil` when the file has none.
public func xmlNUMADistances(_ file: String) throws -> [Int: [Int: UInt64]]? {
    let text = try String(contentsOfFile: file, encoding: .utf8)
    guard let start = text.range(of: "<distances2 type=\"NUMANode\"") else { return nil }
    let rest = text[start.lowerBound...]
    guard let end = rest.range(of: "</distances2>") else { return nil }
    let block = String(rest[..<end.lowerBound])
    func numbers(in tag: String) -> [UInt64] {
        var values: [UInt64] = []
        var search = block[...]
        while let open = search.range(of: "<\(tag)"), let close = search[open.upperBound...].range(of: "</\(tag)>") {
            let inner = search[open.upperBound..<close.lowerBound]
            let body = inner[(inner.firstIndex(of: ">").map { inner.index(after: $0) } ?? inner.startIndex)...]
            values += body.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { UInt64($0) }
            search = search[close.upperBound...]
        }
        return values
    }
    let indexes = numbers(in: "indexes").map(Int.init)
    let values = numbers(in: "u64values")
    guard !indexes.isEmpty, values.count == indexes.count * indexes.count else { return nil }
    var matrix: [Int: [Int: UInt64]] = [:]
    for (i, a) in indexes.enumerated() {
        for (j, b) in indexes.enumerated() { matrix[a, default: [:]][b] = values[i * indexes.count + j] }
    }
    return matrix
}
