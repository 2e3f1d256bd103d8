import ShardPlace
import Testing

@Suite struct TimeSeriesCSVTests {
    private func parse(_ text: String) throws(ForecastInputError) -> [TimeSeries] {
        try TimeSeriesCSV.parse(Array(text.utf8), file: "in.csv")
    }

    private func error(_ text: String) -> ForecastInputError? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test("reads series in order, with their first lines; CRLF and blank lines are fine")
    func reads() throws {
        let series = try parse("series_id,timestamp,value\r\na,0,1.5\r\na,300,2\r\n\r\nb,0,-3e2\r\n")
        #expect(series.map(\.id) == ["a", "b"])
        #expect(series[0].values == [1.5, 2] && series[0].timestamps == [0, 300] && series[1].values == [-300])
        #expect(series[0].line == 2 && series[1].line == 5)
    }

    @Test(
        "malformed input names the line",
        arguments: [
            ("series,timestamp,value\na,0,1\n", 1, "header"),
            ("series_id,timestamp,value\na,0,1\na,300,abc\n", 3, "finite number"),
            ("series_id,timestamp,value\na,0,1\na,300,nan\n", 3, "finite number"),
            ("series_id,timestamp,value\na,0,1\na,0,2\n", 3, "duplicate timestamp"),
            ("series_id,timestamp,value\na,300,1\na,0,2\n", 3, "not sorted"),
            ("series_id,timestamp,value\na,0,1\nb,0,2\na,300,2\n", 4, "not contiguous"),
            ("series_id,timestamp,value\na,0\n", 2, "3 fields"),
            ("series_id,timestamp,value\n,0,1\n", 2, "empty series_id"),
            ("series_id,timestamp,value\na,1.5,1\n", 2, "whole seconds"),
            ("series_id,timestamp,value\n", 0, "no data rows"),
            ("", 0, "empty file"),
        ])
    func malformed(_ text: String, _ line: Int, _ words: String) {
        let e = error(text)
        #expect(e?.line == line, "\(String(describing: e))")
        #expect(e?.message.contains(words) == true, "\(String(describing: e))")
        #expect(e?.description.hasPrefix("in.csv") == true)
    }

    @Test("the grid: nearest slot, averaging, linear interpolation of gaps")
    func grid() {
        let s = TimeSeries(id: "a", timestamps: [0, 290, 310, 1200], values: [0, 2, 4, 12])
        #expect(s.typicalStep == 290)
        // Slots of 300 s: 0 → 0; 290 and 310 → slot 1 (mean 3); 1200 → slot 4; slots 2, 3 interpolated.
        #expect(s.regular(step: 300) == [0, 3, 6, 9, 12])
    }
}
