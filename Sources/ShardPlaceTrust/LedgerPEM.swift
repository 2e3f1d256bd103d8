internal import Foundation

/// PEM armour (RFC 7468) for the key files: one labelled block of base64 in lines of 64 characters.
enum LedgerPEM {
    /// The PEM text of `der` under `label`, ending with a line feed.
    static func encode(_ der: [UInt8], label: String) -> String {
        let base64 = Data(der).base64EncodedString()
        var lines = ["-----BEGIN \(label)-----"]
        var rest = Substring(base64)
        while !rest.isEmpty {
            lines.append(String(rest.prefix(64)))
            rest = rest.dropFirst(64)
        }
        lines.append("-----END \(label)-----")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The bytes of the single block labelled `label` in `text`; `nil` when there is none, there is
    /// more than one, or its base64 is malformed. Blank lines and surrounding whitespace are allowed.
    static func decode(_ text: String, label: String) -> [UInt8]? {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        guard let begin = lines.firstIndex(of: "-----BEGIN \(label)-----"),
            let end = lines.firstIndex(of: "-----END \(label)-----"), begin < end,
            lines.filter({ $0.hasPrefix("-----BEGIN ") }).count == 1
        else { return nil }
        let body = lines[(begin + 1)..<end].joined()
        return Data(base64Encoded: body).map { Array($0) }
    }
}
