import ShardPlaceTrust
import Testing

@Suite struct TrustScoreTests {
    @Test("people's spellings are read exactly; the canonical one has six decimals")
    func parsing() throws {
        let cases: [(String, Int)] = [
            ("0.95", 950_000), (".5", 500_000), ("1", 1_000_000), ("0", 0), ("0.950000", 950_000),
            ("1.000000000", 1_000_000), ("0.000001", 1), ("0.1234560", 123_456),
        ]
        for (text, micros) in cases {
            let score = try #require(TrustScore(parsing: text), "\(text)")
            #expect(score.micros == micros, "\(text)")
        }
        #expect(try #require(TrustScore(parsing: "0.95")).description == "0.950000")
        #expect(try #require(TrustScore(parsing: "1")).description == "1.000000")
        #expect(try #require(TrustScore(parsing: "0.000001")).description == "0.000001")
        for bad in ["", ".", "1.5", "2", "-0.1", "0.1234567", "1e-1", "0,5", " 0.5", "nan", "1.000001", "abc"] {
            #expect(TrustScore(parsing: bad) == nil, "\(bad)")
        }
    }
}
