import Foundation

/// Reads `series_id,timestamp,value` files (the format of the utilisation traces).
///
/// Rules: the first line is exactly the header `series_id,timestamp,value`; every other non-blank line
/// has three fields: a non-empty id, whole seconds, a finite number; the rows of a series are contiguous
/// and its timestamps strictly increase; at least one row. A trailing `\r` is ignored.
public enum TimeSeriesCSV {
    /// The expected header.
    public static let header = "series_id,timestamp,value"

    /// Reads a file.
    ///
    /// - Throws: ``ForecastInputError`` naming the file and line of the first problem.
    public static func read(contentsOf path: String) throws(ForecastInputError) -> [TimeSeries] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ForecastInputError(file: path, line: 0, message: "cannot read the file")
        }
        return try parse([UInt8](data), file: path)
    }

    /// Parses the bytes of a file named `file` (for messages).
    public static func parse(_ bytes: [UInt8], file: String) throws(ForecastInputError) -> [TimeSeries] {
        var series: [TimeSeries] = []
        var seen: [String: Int] = [:]
        var lineNumber = 0
        var start = 0
        var headerSeen = false
        var currentId = ""
        var timestamps: [Int64] = []
        var values: [Double] = []
        var firstLine = 0
        var lastLineOfSeries = 0
        func fail(_ message: String) -> ForecastInputError {
            ForecastInputError(file: file, line: lineNumber, message: message)
        }
        func flush() {
            if !timestamps.isEmpty {
                seen[currentId] = lastLineOfSeries
                series.append(TimeSeries(id: currentId, timestamps: timestamps, values: values, line: firstLine))
            }
            timestamps = []
            values = []
        }
        while start <= bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
            if start == bytes.count { break }
            lineNumber += 1
            var stop = end
            if stop > start && bytes[stop - 1] == UInt8(ascii: "\r") { stop -= 1 }
            let line = bytes[start..<stop]
            start = end + 1
            if !headerSeen {
                var text = String(decoding: line, as: UTF8.self)
                if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
                guard text == header else {
                    throw fail("expected the header \"\(header)\", found \"\(text.prefix(80))\"")
                }
                headerSeen = true
                continue
            }
            if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { continue }
            let fields = line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
            guard fields.count == 3 else {
                throw fail("expected 3 fields (series_id,timestamp,value), found \(fields.count)")
            }
            let id = String(decoding: fields[0], as: UTF8.self)
            if id.isEmpty { throw fail("empty series_id") }
            let timeText = String(decoding: fields[1], as: UTF8.self)
            guard let timestamp = Int64(timeText) else {
                throw fail("expected a timestamp in whole seconds, found \"\(timeText.prefix(40))\"")
            }
            let valueText = String(decoding: fields[2], as: UTF8.self)
            guard let value = Double(valueText), value.isFinite else {
                throw fail("expected a finite number in column value, found \"\(valueText.prefix(40))\"")
            }
            if id != currentId || timestamps.isEmpty {
                flush()
                if let previous = seen[id] {
                    throw fail(
                        "rows of series \"\(id)\" are not contiguous (its earlier rows end at line \(previous)); "
                            + "expected the rows sorted by series_id, timestamp")
                }
                currentId = id
                firstLine = lineNumber
            } else if let last = timestamps.last, timestamp <= last {
                throw fail(
                    timestamp == last
                        ? "duplicate timestamp \(timestamp) in series \"\(id)\" (also on line \(lastLineOfSeries))"
                        : "timestamps of series \"\(id)\" are not sorted: \(timestamp) after \(last) "
                            + "(line \(lastLineOfSeries))")
            }
            timestamps.append(timestamp)
            values.append(value)
            lastLineOfSeries = lineNumber
        }
        if !headerSeen {
            throw ForecastInputError(file: file, line: 0, message: "empty file; expected the header \"\(header)\"")
        }
        flush()
        if series.isEmpty {
            throw ForecastInputError(file: file, line: 0, message: "no data rows after the header")
        }
        return series
    }
}
