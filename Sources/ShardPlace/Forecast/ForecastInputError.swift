/// A problem in a forecasting input file, with the file, the line and what was expected.
public struct ForecastInputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file.
    public var file: String
    /// The 1-based line, 0 for the whole file.
    public var line: Int
    /// What is wrong and what was expected.
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)" }
}
