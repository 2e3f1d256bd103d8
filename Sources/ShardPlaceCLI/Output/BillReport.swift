import Foundation
import ShardPlace

/// A bill as fixed-width tables.
enum BillReport {
    static func money(_ x: Double) -> String { String(format: "%.2f", x) }

    /// The totals, then per provider, per offer type, the most expensive groups, and used offer hosts.
    static func text(_ bill: Bill, scenario: String, placement: String, groups: Int) -> String {
        var out = "bill of \(placement) for \(scenario): \(CostReport.number(bill.hours)) hours\n"
        out += "total \(money(bill.total)) = compute \(money(bill.compute)) + egress \(money(bill.egress))\n"
        var rows = [["provider", "compute", "egress", "total"]]
        for (name, line) in bill.providers.sorted(by: { $0.key < $1.key }) {
            rows.append([name, money(line.compute), money(line.egress), money(line.total)])
        }
        out += "\n" + table(rows)
        rows = [["offer type", "compute"]]
        for (name, cost) in bill.offerTypes.sorted(by: { $0.key < $1.key }) { rows.append([name, money(cost)]) }
        out += "\n" + table(rows)
        if groups > 0 && !bill.groups.isEmpty {
            rows = [["group", "compute", "egress", "total"]]
            let ranked = bill.groups.sorted { ($1.value.total, $0.key) < ($0.value.total, $1.key) }
            for (name, line) in ranked.prefix(groups) {
                rows.append([name, money(line.compute), money(line.egress), money(line.total)])
            }
            out += "\n" + table(rows)
            if ranked.count > groups { out += "… and \(ranked.count - groups) more groups (--format json for all)\n" }
        }
        let offerHosts = bill.offerHosts.values.reduce(0, +)
        out += "\nhosts used: \(bill.declaredHosts) declared, \(offerHosts) from offers"
        if !bill.offerHosts.isEmpty {
            out +=
                " ("
                + bill.offerHosts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                + ")"
        }
        out += "\n"
        if bill.reservedCommitment > 0 {
            out +=
                "reserved commitment of the reserved hosts in use (hourly price × term): \(money(bill.reservedCommitment))\n"
        }
        return out
    }

    private static func table(_ rows: [[String]]) -> String {
        let widths = (0..<rows[0].count).map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { c, cell in
                c == 0
                    ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[c] - cell.count) + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
