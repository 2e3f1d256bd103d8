/// Reads a parsed document into a ``Scenario``, collecting every problem with its path instead of
/// stopping at the first: unknown keys, wrong types, missing fields, non-finite or negative numbers.
struct ScenarioReader {
    private(set) var issues: [ScenarioError.Issue] = []

    mutating func report(_ path: String, _ message: String) {
        issues.append(ScenarioError.Issue(path: path, message: message))
    }

    // MARK: Primitive readers

    /// The members of an object, reporting keys outside `keys`.
    mutating func object(_ value: JSONValue, _ path: String, keys: Set<String>) -> [String: JSONValue]? {
        guard case .object(let members) = value else {
            report(path, "expected an object, found \(value.kindName)")
            return nil
        }
        var result: [String: JSONValue] = [:]
        for (key, member) in members {
            if keys.contains(key) {
                result[key] = member
            } else {
                let known = keys.sorted().joined(separator: ", ")
                report(join(path, key), "unknown key \"\(key)\" (expected one of: \(known))")
            }
        }
        return result
    }

    mutating func string(_ value: JSONValue?, _ path: String, required: Bool = false) -> String? {
        guard let value, value != .null else {
            if required { report(path, "missing; expected a string") }
            return nil
        }
        guard case .string(let s) = value else {
            report(path, "expected a string, found \(value.kindName)")
            return nil
        }
        if required && s.isEmpty { report(path, "expected a non-empty string") }
        return s
    }

    mutating func bool(_ value: JSONValue?, _ path: String) -> Bool? {
        guard let value, value != .null else { return nil }
        guard case .bool(let b) = value else {
            report(path, "expected true or false, found \(value.kindName)")
            return nil
        }
        return b
    }

    /// A finite number; `nonNegative` also rejects values below 0.
    mutating func number(
        _ value: JSONValue?, _ path: String, required: Bool = false, nonNegative: Bool = true
    ) -> Double? {
        guard let value, value != .null else {
            if required { report(path, "missing; expected a number") }
            return nil
        }
        var n: Double
        switch value {
        case .number(let v): n = v
        case .string(let s) where ["nan", ".nan", "inf", "-inf", ".inf", "-.inf", "infinity"].contains(s.lowercased()):
            n = s.lowercased().hasSuffix("nan") ? .nan : .infinity
        default:
            report(path, "expected a number, found \(value.kindName)")
            return nil
        }
        if !n.isFinite {
            report(path, "expected a finite number, found \(n.isNaN ? "NaN" : "infinity")")
            return nil
        }
        if nonNegative && n < 0 {
            report(path, "expected a number ≥ 0, found \(format(n))")
            return nil
        }
        if n == 0 { n = 0 }  // no negative zero
        return n
    }

    mutating func integer(_ value: JSONValue?, _ path: String, minimum: Int = 0) -> Int? {
        guard let n = number(value, path, nonNegative: false) else { return nil }
        guard n == n.rounded(), n >= Double(minimum), n < 1e15 else {
            report(path, "expected an integer ≥ \(minimum), found \(format(n))")
            return nil
        }
        return Int(n)
    }

    mutating func array(_ value: JSONValue?, _ path: String, required: Bool = false) -> [JSONValue]? {
        guard let value, value != .null else {
            if required { report(path, "missing; expected an array") }
            return nil
        }
        guard case .array(let items) = value else {
            report(path, "expected an array, found \(value.kindName)")
            return nil
        }
        return items
    }

    /// A vector of finite non-negative numbers; with `count`, of exactly that length.
    mutating func vector(
        _ value: JSONValue?, _ path: String, count: Int?, required: Bool = false, what: String = "resources"
    )
        -> [Double]?
    {
        guard let items = array(value, path, required: required) else { return nil }
        if let count, items.count != count {
            report(path, "expected \(count) numbers (one per entry of \(what)), found \(items.count)")
        }
        var result: [Double] = []
        var ok = true
        for (i, item) in items.enumerated() {
            if let n = number(item, "\(path)[\(i)]") { result.append(n) } else { ok = false }
        }
        return ok && (count == nil || items.count == count) ? result : nil
    }

    mutating func stringArray(_ value: JSONValue?, _ path: String) -> [String]? {
        guard let items = array(value, path) else { return nil }
        return items.enumerated().compactMap { string($1, "\(path)[\($0)]", required: true) }
    }

    /// An object whose values are strings (labels).
    mutating func stringMap(_ value: JSONValue?, _ path: String) -> [String: String]? {
        guard let value, value != .null else { return nil }
        guard case .object(let members) = value else {
            report(path, "expected an object of strings, found \(value.kindName)")
            return nil
        }
        var result: [String: String] = [:]
        for (key, member) in members {
            if let s = string(member, join(path, key), required: false) { result[key] = s }
        }
        return result
    }

    /// An object whose values are arrays of strings (label requirements).
    mutating func stringListMap(_ value: JSONValue?, _ path: String) -> [String: [String]]? {
        guard let value, value != .null else { return nil }
        guard case .object(let members) = value else {
            report(path, "expected an object of string arrays, found \(value.kindName)")
            return nil
        }
        var result: [String: [String]] = [:]
        for (key, member) in members {
            if case .string(let single) = member {
                result[key] = [single]
            } else if let list = stringArray(member, join(path, key)) {
                result[key] = list
            }
        }
        return result
    }

    func join(_ path: String, _ key: String) -> String {
        let simple = key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
        let part = simple ? key : "[\"\(key)\"]"
        if path.isEmpty { return part }
        return simple ? "\(path).\(part)" : "\(path)\(part)"
    }

    private func format(_ n: Double) -> String {
        n == n.rounded() && abs(n) < 1e15 ? String(Int(n)) : String(n)
    }
}
