import Foundation
import Yams

/// Reads and writes scenario files: JSON or YAML in, JSON with sorted keys out.
public enum ScenarioLoader {
    /// The syntax of a scenario document.
    public enum Format: String, Sendable, CaseIterable {
        case json, yaml

        /// `.yaml` for `*.yaml` / `*.yml` paths, `.json` otherwise.
        public init(path: String) {
            let lower = path.lowercased()
            self = lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") ? .yaml : .json
        }
    }

    /// Reads, parses and validates a scenario file.
    ///
    /// - Parameter path: a `.json`, `.yaml` or `.yml` file.
    /// - Returns: the scenario; relative topology XML paths are resolved against the file's folder.
    /// - Throws: ``ScenarioError`` with every problem of the file (syntax, unknown keys, types, numbers,
    ///   references, impossible constraints), each with its JSON path.
    public static func load(contentsOf path: String) throws(ScenarioError) -> Scenario {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot read the file" : "no such file"
            throw ScenarioError(file: path, issues: [.init(path: "", message: reason)])
        }
        var scenario = try parse(text, format: Format(path: path), file: path)
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        for i in scenario.hosts.indices {
            if let xml = scenario.hosts[i].topology?.xml, !xml.hasPrefix("/") {
                scenario.hosts[i].topology?.xml = folder + "/" + xml
            }
        }
        return scenario
    }

    /// Parses and validates a scenario document.
    ///
    /// - Throws: ``ScenarioError`` naming `file` (when given) and every problem found.
    public static func parse(_ text: String, format: Format, file: String? = nil) throws(ScenarioError) -> Scenario {
        let root: JSONValue
        switch format {
        case .json:
            do {
                root = try JSONParser.parse(text)
            } catch {
                throw ScenarioError(
                    file: file,
                    issues: [.init(path: "", message: "line \(error.line), column \(error.column): \(error.message)")])
            }
        case .yaml:
            do {
                guard let any = try Yams.load(yaml: text) else {
                    throw ScenarioError(file: file, issues: [.init(path: "", message: "the document is empty")])
                }
                root = try jsonValue(fromYAML: any, path: "")
            } catch let error as ScenarioError {
                throw ScenarioError(file: file, issues: error.issues)
            } catch {
                throw ScenarioError(file: file, issues: [.init(path: "", message: "invalid YAML: \(error)")])
            }
        }
        var reader = ScenarioReader()
        guard let scenario = reader.scenario(root) else { throw ScenarioError(file: file, issues: reader.issues) }
        let issues = reader.issues.isEmpty ? scenario.validate() : reader.issues
        guard issues.isEmpty else { throw ScenarioError(file: file, issues: issues) }
        return scenario
    }

    /// The scenario as JSON with sorted keys and two-space indentation, so that files diff cleanly.
    public static func encode(_ scenario: Scenario) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain value types cannot fail.
        return String(decoding: try! encoder.encode(scenario), as: UTF8.self) + "\n"
    }

    private static func jsonValue(fromYAML any: Any, path: String) throws -> JSONValue {
        switch any {
        case is NSNull: return .null
        case let b as Bool: return .bool(b)
        case let i as Int: return .number(Double(i))
        case let d as Double: return .number(d)
        case let s as String: return .string(s)
        case let a as [Any]:
            return .array(try a.enumerated().map { try jsonValue(fromYAML: $1, path: "\(path)[\($0)]") })
        case let o as [String: Any]:
            return .object(
                try o.keys.sorted().map {
                    ($0, try jsonValue(fromYAML: o[$0]!, path: path.isEmpty ? $0 : "\(path).\($0)"))
                })
        case let o as [AnyHashable: Any]:
            var members: [(key: String, value: JSONValue)] = []
            for (key, value) in o {
                guard let k = key.base as? String else {
                    throw ScenarioError(issues: [.init(path: path, message: "keys must be strings, found \(key)")])
                }
                members.append((k, try jsonValue(fromYAML: value, path: path.isEmpty ? k : "\(path).\(k)")))
            }
            return .object(members.sorted { $0.key < $1.key })
        default:
            throw ScenarioError(issues: [.init(path: path, message: "unsupported YAML value \(any)")])
        }
    }
}
