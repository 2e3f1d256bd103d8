import Foundation

/// A communication matrix: `volume[i][j]` is what worker i sends to worker j. The text format is the
/// TreeMatch/Scotch benchmark one: first non-comment line `N`, then N rows of N non-negative numbers;
/// `#` starts a comment.
public struct CommunicationMatrix: Sendable, Hashable {
    public let count: Int
    /// Row-major `count × count` volumes.
    public let volume: [Double]

    public init(count: Int, volume: [Double]) {
        precondition(volume.count == count * count, "matrix needs count × count volumes")
        self.count = count
        self.volume = volume
    }

    /// Reads a matrix file.
    /// - Throws: ``ScenarioError`` naming the file and the line of the first problem (a bad number, a
    ///   row of the wrong length, too few rows, a negative volume).
    public init(contentsOf path: String) throws(ScenarioError) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ScenarioError(file: path, issues: [.init(path: "", message: "cannot read the file")])
        }
        try self.init(parsing: text, file: path)
    }

    /// Parses matrix text (see the type's documentation).
    public init(parsing text: String, file: String? = nil) throws(ScenarioError) {
        func fail(_ line: Int, _ message: String) -> ScenarioError {
            ScenarioError(file: file, issues: [.init(path: "line \(line)", message: message)])
        }
        var n = -1
        var rows: [Double] = []
        var rowCount = 0
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            if fields.isEmpty { continue }
            if n < 0 {
                guard let value = Int(fields[0]), value > 0 else {
                    throw fail(index + 1, "expected the worker count N > 0")
                }
                n = value
                rows.reserveCapacity(n * n)
                continue
            }
            guard rowCount < n else { throw fail(index + 1, "more than \(n) rows") }
            guard fields.count == n else { throw fail(index + 1, "expected \(n) numbers, found \(fields.count)") }
            for field in fields {
                guard let v = Double(field), v.isFinite, v >= 0 else {
                    throw fail(index + 1, "expected a finite non-negative number, found \"\(field)\"")
                }
                rows.append(v)
            }
            rowCount += 1
        }
        guard n > 0 else { throw ScenarioError(file: file, issues: [.init(path: "", message: "the matrix is empty")]) }
        guard rowCount == n else {
            throw ScenarioError(file: file, issues: [.init(path: "", message: "expected \(n) rows, found \(rowCount)")])
        }
        self.init(count: n, volume: rows)
    }
}
