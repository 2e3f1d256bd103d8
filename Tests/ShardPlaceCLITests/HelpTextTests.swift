import Foundation
import ShardPlaceTestSupport
import Testing

private let commands: [[String]] = [
    [], ["topology"], ["place"], ["plan"], ["evaluate"], ["validate"], ["generate"], ["bench"], ["map"],
    ["forecast"], ["simulate"], ["bill"], ["roadef"], ["ledger"], ["ledger", "append"], ["ledger", "show"],
    ["ledger", "verify"], ["ledger", "keygen"],
]

@Suite struct HelpTextTests {
    /// The discussions are wrapped once, by the argument parser: a source line break inside a paragraph
    /// used to leave a short fragment before the next line went on with the same sentence.
    @Test("--help wraps each paragraph once (no short fragment followed by its sentence's rest)", arguments: commands)
    func noFragments(command: [String]) throws {
        let result = try runProgram(TestPaths.shardplace, command + ["--help"])
        #expect(result.status == 0)
        let text = result.stdout
        let discussion = text.components(separatedBy: "USAGE:").first ?? text
        let lines = discussion.components(separatedBy: "\n")
        #expect(lines.count > 2, "no help text for \(command)")
        for (line, next) in zip(lines, lines.dropFirst()) {
            guard !line.isEmpty, !line.hasPrefix(" "), let first = next.first, !next.hasPrefix(" ") else { continue }
            // A wrapped line is filled close to the width; a fragment is much shorter and its sentence
            // goes on in lower case on the next line.
            let fragment = line.count < 50 && first.isLowercase && !line.hasSuffix(".") && !line.hasSuffix(":")
            #expect(!fragment, "\(command): a fragment \"\(line)\" before \"\(next)\"")
        }
    }
}
