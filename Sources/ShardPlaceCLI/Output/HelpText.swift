/// Help discussions are written in the source as hard-wrapped paragraphs; the argument parser wraps every
/// line again at the terminal's width, which left a short fragment after each source line. `reflow` joins
/// the lines of each paragraph so that the parser's wrapping is the only one.
///
/// A line joins the one before it unless either is blank, it is indented (tables, examples, and their
/// continuation lines keep their layout), it starts a list item (`- `, `* `) or the exit-status line, or
/// the line before ends with a colon (a heading such as "Examples:"). The parser still wraps an indented
/// line wider than the terminal, so the tables in the discussions are kept within 80 columns.
enum HelpText {
    static func reflow(_ text: String) -> String {
        var lines: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if let previous = lines.last, joins(line, after: previous) {
                lines[lines.count - 1] = previous + " " + line
            } else {
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func joins(_ line: Substring, after previous: Substring) -> Bool {
        guard let first = line.first, let previousFirst = previous.first else { return false }
        if first == " " || first == "\t" || previousFirst == " " || previousFirst == "\t" { return false }
        if line.hasPrefix("- ") || line.hasPrefix("* ") || line.hasPrefix("Exit status:") { return false }
        return previous.last != ":"
    }
}
