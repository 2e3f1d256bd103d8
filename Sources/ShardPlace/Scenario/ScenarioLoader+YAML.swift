import Yams

extension ScenarioLoader {
    /// The scenario as YAML with sorted keys, readable back with ``parse(_:format:file:)`` and
    /// ``load(contentsOf:)``.
    ///
    /// Numbers are written with 15 significant digits (Yams' float format), so a value with more digits
    /// reads back rounded; use ``encode(_:)`` (JSON) where a bit-exact round trip matters.
    ///
    /// - Parameter scenario: any scenario (every field is plain data, so encoding cannot fail).
    /// - Returns: a YAML document ending in a newline.
    public static func encodeYAML(_ scenario: Scenario) -> String {
        let encoder = YAMLEncoder()
        encoder.options.sortKeys = true
        // Encoding plain value types cannot fail.
        return try! encoder.encode(scenario)
    }
}
