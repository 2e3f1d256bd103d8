import Foundation

/// Writes to stderr: progress, warnings and errors never go to stdout.
enum StandardError {
    static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
