/// Formatting of index sets in hwloc's list form (`0-3,8,10-11`), as `hwloc-calc --li`,
/// `taskset -c` and `numactl --physcpubind` write them.
public enum CPUSetList {
    /// Formats indexes (any order, duplicates ignored) as ranges: `[0,1,2,3,8]` → `"0-3,8"`.
    public static func format<S: Sequence>(_ indexes: S) -> String where S.Element: BinaryInteger {
        let sorted = Set(indexes.map { Int($0) }).sorted()
        var parts: [String] = []
        var i = 0
        while i < sorted.count {
            var j = i
            while j + 1 < sorted.count && sorted[j + 1] == sorted[j] + 1 { j += 1 }
            parts.append(j == i ? "\(sorted[i])" : "\(sorted[i])-\(sorted[j])")
            i = j + 1
        }
        return parts.joined(separator: ",")
    }

    /// Parses the list form back into ascending indexes; `nil` when malformed.
    public static func parse(_ text: String) -> [Int]? {
        if text.isEmpty { return [] }
        var result: Set<Int> = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false)
            guard bounds.count == 1 || bounds.count == 2,
                let low = Int(bounds[0]), let high = Int(bounds[bounds.count - 1]), low >= 0, low <= high
            else { return nil }
            result.formUnion(low...high)
        }
        return result.sorted()
    }
}
