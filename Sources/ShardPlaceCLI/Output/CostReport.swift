import Foundation
import ShardPlace

/// The cost breakdown of a placement as a table or a JSON document.
enum CostReport {
    struct Document: Encodable {
        var feasible: Bool
        var total: Double
        var terms: [String: Double]
        var weightedTerms: [String: Double]
        var hard: [String: Double]
        var violations: [Violation]
        var strandedCapacityPercent: [String: Double]
        var scenario: String
        var shards: Int
        var hosts: Int
        var placed: Int
        var moved: Int
    }

    static func document(_ evaluation: Evaluation, problem: Problem, placement: Placement, scenario: String) -> Document
    {
        let t = evaluation.terms
        var terms: [String: Double] = [:]
        for name in CostTerms.hardNames + CostTerms.softNames { terms[name] = t[name]! }
        var moved = 0
        for (s, leaf) in placement.leaves.enumerated() where leaf >= 0 {
            let initial = problem.initialLeaf[s]
            if initial >= 0 && problem.host(ofLeaf: Int(initial)) != problem.host(ofLeaf: Int(leaf)) { moved += 1 }
        }
        return Document(
            feasible: evaluation.isFeasible, total: evaluation.total, terms: terms,
            weightedTerms: evaluation.weightedTerms,
            hard: Dictionary(uniqueKeysWithValues: CostTerms.hardNames.map { ($0, t[$0]!) }),
            violations: evaluation.violations,
            strandedCapacityPercent: Dictionary(
                uniqueKeysWithValues: zip(problem.resourceNames, evaluation.strandedPercent).map { ($0, $1) }),
            scenario: scenario, shards: problem.shardCount, hosts: problem.hostCount,
            placed: placement.leaves.count { $0 >= 0 }, moved: moved)
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    /// A fixed-width table: term, value, weight, weighted; hard terms first; then violations and
    /// stranded capacity.
    static func text(
        _ evaluation: Evaluation, problem: Problem, placement: Placement, scenario: String, maxViolations: Int = 20
    )
        -> String
    {
        let doc = document(evaluation, problem: problem, placement: placement, scenario: scenario)
        var rows: [[String]] = [["term", "kind", "value", "weight", "weighted"]]
        for name in CostTerms.hardNames {
            rows.append([name, "hard", number(evaluation.terms[name]!), "-", "-"])
        }
        for name in CostTerms.softNames {
            let w = CostTerms.weight(of: name, in: problem.weights)
            rows.append([name, "soft", number(evaluation.terms[name]!), number(w), number(w * evaluation.terms[name]!)])
        }
        rows.append(["total", "", "", "", number(evaluation.total)])
        var out =
            "scenario: \(scenario) — \(doc.shards) shards, \(doc.hosts) hosts, \(doc.placed) placed, \(doc.moved) moved\n"
        out += table(rows)
        let stranded = zip(problem.resourceNames, evaluation.strandedPercent).map {
            "\($0) \(String(format: "%.1f", $1))%"
        }
        out += "stranded capacity: \(stranded.joined(separator: ", "))\n"
        if evaluation.isFeasible {
            out += "feasible: yes\n"
        } else {
            out += "feasible: NO — \(evaluation.violations.count) violation(s)\n"
            for v in evaluation.violations.prefix(maxViolations) { out += "  [\(v.term)] \(v.message)\n" }
            if evaluation.violations.count > maxViolations {
                out += "  … and \(evaluation.violations.count - maxViolations) more (use --format json for all)\n"
            }
        }
        return out
    }

    static func number(_ x: Double) -> String {
        if x == x.rounded() && abs(x) < 1e12 { return String(Int(x)) }
        return String(format: "%.4g", x)
    }

    static func table(_ rows: [[String]]) -> String {
        let widths = (0..<rows[0].count).map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { c, cell in
                c == 0 || c == 1
                    ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[c] - cell.count) + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
