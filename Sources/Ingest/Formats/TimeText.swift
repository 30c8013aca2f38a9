import DNSWire
import FluxModel

/// Time stamps as the input formats write them.
enum TimeText {
    /// Seconds since the epoch written as a decimal (`1322849924.408856`).
    static func epoch(_ text: some StringProtocol) -> Timestamp? {
        var dots = 0, digits = 0
        for c in text.utf8 {
            if c == UInt8(ascii: ".") { dots += 1 } else if c >= 48 && c <= 57 { digits += 1 } else { return nil }
        }
        guard dots <= 1, digits > 0, digits <= 24, let v = Double(text), v.isFinite else { return nil }
        return v
    }

    /// ISO 8601 / RFC 3339 date-time: `2013-01-14T19:23:53Z`, with an optional fraction and
    /// an offset `+01:00` / `+0100` / `Z` (a missing offset is taken as UTC); `T` or a space.
    static func iso8601(_ text: some StringProtocol) -> Timestamp? {
        let b = Array(text.utf8)
        guard b.count >= 19 else { return nil }
        func num(_ from: Int, _ n: Int) -> Int? {
            guard from + n <= b.count else { return nil }
            var v = 0
            for c in b[from..<(from + n)] {
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            return v
        }
        guard let y = num(0, 4), b[4] == UInt8(ascii: "-"), let mo = num(5, 2), b[7] == UInt8(ascii: "-"),
              let d = num(8, 2), b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t") || b[10] == UInt8(ascii: " "),
              let h = num(11, 2), b[13] == UInt8(ascii: ":"), let mi = num(14, 2), b[16] == UInt8(ascii: ":"),
              let s = num(17, 2), CivilTime.isValid(year: y, month: mo, day: d, hour: h, minute: mi, second: s) else { return nil }
        var i = 19
        var fraction = 0.0
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            var scale = 0.1
            let start = i
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                fraction += Double(b[i] - 48) * scale
                scale /= 10
                i += 1
            }
            guard i > start, i - start <= 12 else { return nil }
        }
        var offset = 0
        if i < b.count {
            if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
                i += 1
            } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
                let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
                guard let oh = num(i + 1, 2), oh < 24 else { return nil }
                var j = i + 3
                if j < b.count, b[j] == UInt8(ascii: ":") { j += 1 }
                guard let om = num(j, 2), om < 60 else { return nil }
                offset = sign * (oh * 3600 + om * 60)
                i = j + 2
            }
        }
        guard i == b.count else { return nil }
        let base = CivilTime.epoch(year: y, month: mo, day: d, hour: h, minute: mi, second: s)
        return Double(base - Int64(offset)) + fraction
    }

    /// A JSON time: a number of seconds, or a string holding seconds or ISO 8601.
    static func json(_ v: JSONValue) -> Timestamp? {
        switch v {
        case .number(let n):
            guard let v = Double(n), v.isFinite, v >= 0 else { return nil }
            return v
        case .string(let s): return epoch(s) ?? iso8601(s)
        default: return nil
        }
    }
}
