import Foundation

extension Placement {
    /// Reads a placement file: a JSON object `{"placement": {"shard": "location", …}}` as `shardplace
    /// place` writes it, or a bare `{"shard": "location", …}` object.
    ///
    /// - Throws: ``ScenarioError`` naming the file and every problem (syntax with line and column,
    ///   unknown shards or locations).
    public init(contentsOf path: String, problem: Problem) throws(ScenarioError) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ScenarioError(file: path, issues: [.init(path: "", message: "cannot read the file")])
        }
        let root: JSONValue
        do {
            root = try JSONParser.parse(text)
        } catch {
            throw ScenarioError(
                file: path,
                issues: [.init(path: "", message: "line \(error.line), column \(error.column): \(error.message)")])
        }
        var map = root
        if case .object(let members) = root, let inner = members.first(where: { $0.key == "placement" })?.value {
            map = inner
        }
        guard case .object(let members) = map else {
            throw ScenarioError(
                file: path, issues: [.init(path: "placement", message: "expected an object of shard id → location")])
        }
        var locations: [String: String] = [:]
        var issues: [ScenarioError.Issue] = []
        for (key, value) in members {
            if case .string(let location) = value {
                locations[key] = location
            } else {
                issues.append(
                    .init(path: "placement[\"\(key)\"]", message: "expected a location string, found \(value.kindName)")
                )
            }
        }
        guard issues.isEmpty else { throw ScenarioError(file: path, issues: issues) }
        do {
            try self.init(locations: locations, problem: problem)
        } catch {
            throw ScenarioError(file: path, issues: error.issues)
        }
    }
}
