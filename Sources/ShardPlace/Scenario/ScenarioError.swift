/// Everything wrong with a scenario file, each problem with the file, the JSON path of the offending
/// field (`hosts[12].capacity[3]`) and what was expected.
public struct ScenarioError: Error, Sendable, Hashable, CustomStringConvertible {
    /// One problem.
    public struct Issue: Sendable, Hashable, CustomStringConvertible {
        /// The JSON path (`shards[3].demand[1]`), or `""` for the whole document.
        public var path: String
        /// What is wrong and what was expected.
        public var message: String

        public init(path: String, message: String) {
            self.path = path
            self.message = message
        }

        public var description: String { path.isEmpty ? message : "\(path): \(message)" }
    }

    /// The file the issues are in, when read from one.
    public var file: String?
    /// Every problem found, in document order.
    public var issues: [Issue]

    public init(file: String? = nil, issues: [Issue]) {
        self.file = file
        self.issues = issues
    }

    /// One line per issue, each starting with the file name when known.
    public var description: String {
        issues.map { issue in (file.map { "\($0): " } ?? "") + issue.description }.joined(separator: "\n")
    }
}
