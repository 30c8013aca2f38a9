/// The header of a Zeek TSV log: the `#separator`, `#set_separator`, `#empty_field`,
/// `#unset_field`, `#path`, `#fields` and `#types` lines. Column positions come from
/// `#fields`; nothing is assumed about their order.
struct ZeekTSVHeader {
    var separator: String = "\t"
    var setSeparator: String = ","
    var emptyField: String = "(empty)"
    var unsetField: String = "-"
    var path: String?
    var fields: [String] = []
    var columns: [String: Int] = [:]

    /// Takes one `#` line; comments and directives it does not use are ignored.
    /// Throws a reason when a directive is malformed.
    mutating func apply(_ line: String) throws(RecordProblem) {
        if line.hasPrefix("#separator ") {
            guard let sep = ZeekTSVHeader.unescape(String(line.dropFirst("#separator ".count))), !sep.isEmpty else {
                throw RecordProblem("bad_header", "#separator value is empty or badly escaped")
            }
            separator = sep
            return
        }
        let parts = line.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
        guard let directive = parts.first, parts.count >= 2 else { return }
        let values = Array(parts.dropFirst())
        switch directive {
        case "#set_separator": setSeparator = ZeekTSVHeader.unescape(values[0]) ?? values[0]
        case "#empty_field": emptyField = values[0]
        case "#unset_field": unsetField = values[0]
        case "#path": path = values[0]
        case "#fields":
            fields = values
            columns = [:]
            for (i, f) in values.enumerated() where columns[f] == nil { columns[f] = i }
        default: break  // #types, #open, #close, comments
        }
    }

    /// Zeek's `\xHH` escapes undone; `nil` if one is malformed.
    static func unescape(_ s: String) -> String? {
        guard s.contains("\\x") else { return s }
        guard let bytes = unescapeBytes(s) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Zeek's `\xHH` escapes undone, as bytes (a DNS label may hold any octet).
    static func unescapeBytes(_ s: some StringProtocol) -> [UInt8]? {
        let b = Array(s.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0
        while i < b.count {
            if b[i] == UInt8(ascii: "\\"), i + 1 < b.count, b[i + 1] == UInt8(ascii: "x") {
                guard i + 3 < b.count, let h = TextHex.value(b[i + 2]), let l = TextHex.value(b[i + 3]) else { return nil }
                out.append(h << 4 | l)
                i += 4
            } else {
                out.append(b[i])
                i += 1
            }
        }
        return out
    }
}
