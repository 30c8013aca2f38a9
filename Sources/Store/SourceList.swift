import FluxModel

/// The `sources` column of a sighting: a JSON array of source ids in ascending order,
/// e.g. `[1,4]`, which SQL can merge with `json_each`.
enum SourceList {
    /// Encodes a set of ids.
    static func encode(_ ids: Set<SourceID>) -> String {
        if ids.count == 1, let only = ids.first { return "[\(only)]" }
        return "[" + ids.sorted().map(String.init).joined(separator: ",") + "]"
    }

    /// Decodes the column; `nil` when it is not an array of integers. Reads the UTF-8 octets
    /// directly: every sighting read from the store passes through here.
    static func decode(_ text: String) -> Set<SourceID>? {
        var text = text
        return text.withUTF8 { decode(UnsafeRawBufferPointer($0)) }
    }

    /// Decodes the column from its UTF-8 octets.
    static func decode(_ bytes: UnsafeRawBufferPointer) -> Set<SourceID>? {
        guard bytes.count >= 2, bytes.first == UInt8(ascii: "["), bytes.last == UInt8(ascii: "]") else { return nil }
        var ids = Set<SourceID>()
        var value: SourceID = 0
        var digits = 0
        var negative = false
        var expectMore = false  // after a comma, another id must follow
        var ended = false       // a space after digits: only a comma or the end may follow
        for b in bytes[1..<(bytes.count - 1)] {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if ended { return nil }
                let (times, o1) = value.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times.addingReportingOverflow(SourceID(b - UInt8(ascii: "0")))
                if o1 || o2 { return nil }
                value = sum
                digits += 1
            case UInt8(ascii: "-") where digits == 0 && !negative && !ended:
                negative = true
            case UInt8(ascii: ","):
                guard digits > 0 else { return nil }
                ids.insert(negative ? -value : value)
                (value, digits, negative, expectMore, ended) = (0, 0, false, true, false)
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                if negative && digits == 0 { return nil }
                if digits > 0 { ended = true }
            default:
                return nil
            }
        }
        if digits > 0 {
            ids.insert(negative ? -value : value)
        } else if expectMore || negative {
            return nil
        }
        return ids
    }
}
