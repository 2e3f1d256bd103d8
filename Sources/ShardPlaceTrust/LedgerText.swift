/// The text fields of a ledger line (provider, reason) and their escapes, and the timestamp spelling.
///
/// A text field is UTF-8 in which a backslash, a tab, a line feed, a carriage return and every other
/// control character (U+0000–U+001F, U+007F) are escaped: `\\`, `\t`, `\n`, `\r`, and `\xHH` (two
/// lowercase hexadecimal digits) for the rest. Nothing else is escaped, so each string has exactly
/// one spelling; a reader rejects any other backslash sequence and any raw control character.
enum LedgerText {
    /// The escaped spelling of `text`.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += "\\x" + LedgerHex.encode([UInt8(scalar.value)])
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The string an escaped field spells; `nil` when the bytes are not UTF-8, hold a raw control
    /// character or an unknown or non-canonical escape.
    static func unescape(_ field: ArraySlice<UInt8>) -> String? {
        // Fast path: nothing escaped.
        if !field.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == UInt8(ascii: "\\") }) {
            return String(validating: field, as: UTF8.self)
        }
        var out = [UInt8]()
        out.reserveCapacity(field.count)
        var i = field.startIndex
        while i < field.endIndex {
            let c = field[i]
            if c < 0x20 || c == 0x7F { return nil }
            if c != UInt8(ascii: "\\") {
                out.append(c)
                i += 1
                continue
            }
            guard i + 1 < field.endIndex else { return nil }
            switch field[i + 1] {
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "x"):
                guard i + 3 < field.endIndex, let byte = LedgerHex.decode(field[(i + 2)...(i + 3)]),
                    let value = byte.first, value < 0x20 || value == 0x7F, value != 0x09, value != 0x0A,
                    value != 0x0D
                else { return nil }
                out.append(value)
                i += 4
                continue
            default: return nil
            }
            i += 2
        }
        // Strict UTF-8: String(validating:) refuses overlong forms, surrogates and truncated sequences.
        return String(validating: out, as: UTF8.self)
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` for whole seconds since 1970 in UTC (years 1970–9999).
    static func timestamp(_ seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let second = seconds - days * 86_400
        let (y, m, d) = civil(fromDays: days)
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let year = String(y)
        return String(repeating: "0", count: max(0, 4 - year.count)) + year + "-\(two(m))-\(two(d))T"
            + "\(two(second / 3600)):\(two(second / 60 % 60)):\(two(second % 60))Z"
    }

    /// Seconds since 1970 of a canonical timestamp (as UTF-8); `nil` for any other spelling or an
    /// impossible date (31 April, 29 February of a common year, hour 24, …).
    static func seconds(fromTimestamp u: ArraySlice<UInt8>) -> Int64? {
        guard u.count == 20 else { return nil }
        let o = u.startIndex
        guard u[o + 4] == UInt8(ascii: "-"), u[o + 7] == UInt8(ascii: "-"), u[o + 10] == UInt8(ascii: "T"),
            u[o + 13] == UInt8(ascii: ":"), u[o + 16] == UInt8(ascii: ":"), u[o + 19] == UInt8(ascii: "Z")
        else { return nil }
        func number(_ from: Int, _ count: Int) -> Int64? {
            var v: Int64 = 0
            for i in (o + from)..<(o + from + count) {
                guard u[i] >= UInt8(ascii: "0"), u[i] <= UInt8(ascii: "9") else { return nil }
                v = v * 10 + Int64(u[i] - UInt8(ascii: "0"))
            }
            return v
        }
        guard let y = number(0, 4), let m = number(5, 2), let d = number(8, 2), let h = number(11, 2),
            let mi = number(14, 2), let s = number(17, 2), y >= 1970, (1...12).contains(m), h < 24, mi < 60, s < 60
        else { return nil }
        let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
        let monthDays: [Int64] = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard d >= 1, d <= monthDays[Int(m - 1)] else { return nil }
        return days(fromCivil: y, m, d) * 86_400 + h * 3600 + mi * 60 + s
    }

    // Howard Hinnant's days-from-civil and civil-from-days (proleptic Gregorian calendar).
    private static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp + (mp < 10 ? 3 : -9)
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
