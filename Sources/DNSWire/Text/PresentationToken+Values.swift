extension PresentationToken {
    /// A decimal number that fits `T`, without sign or units; `nil` otherwise.
    public func integer<T: FixedWidthInteger & UnsignedInteger>(_: T.Type = T.self) -> T? {
        guard !quoted, !text.isEmpty, text.count <= 20 else { return nil }
        var value: T = 0
        for c in text {
            guard c >= 48 && c <= 57 else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(T(c - 48))
            guard !o1 && !o2 else { return nil }
            value = s
        }
        return value
    }

    /// A TTL in seconds: a decimal number, or BIND's unit form (`1h30m`, `2D`, `1w`) with
    /// units s, m, h, d, w in any case. `nil` if malformed or above 2^32 - 1.
    public var ttlValue: UInt32? {
        if let plain = integer(UInt32.self) { return plain }
        guard !quoted, !text.isEmpty else { return nil }
        var total: UInt64 = 0, number: UInt64 = 0, digits = 0
        for c in text {
            switch c {
            case 48...57:
                number = number * 10 + UInt64(c - 48)
                digits += 1
                guard digits <= 10 else { return nil }
            default:
                let unit: UInt64
                switch c | 0x20 {
                case UInt8(ascii: "s"): unit = 1
                case UInt8(ascii: "m"): unit = 60
                case UInt8(ascii: "h"): unit = 3600
                case UInt8(ascii: "d"): unit = 86400
                case UInt8(ascii: "w"): unit = 604_800
                default: return nil
                }
                guard digits > 0 else { return nil }
                total += number * unit
                number = 0
                digits = 0
                guard total <= UInt64(UInt32.max) else { return nil }
            }
        }
        guard digits == 0 else { return nil }  // "1h30" has a number without a unit
        return UInt32(total)
    }
}

/// Text codecs for RDATA fields: hexadecimal, Base64 (RFC 4648 section 4) and Base32 with
/// the extended hex alphabet (RFC 4648 section 7).
enum TextCodec {
    static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: return c - 48
        case 65...70: return c - 55
        case 97...102: return c - 87
        default: return nil
        }
    }

    static func hex(_ text: [UInt8]) -> [UInt8]? {
        guard text.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(text.count / 2)
        var i = 0
        while i < text.count {
            guard let h = hexValue(text[i]), let l = hexValue(text[i + 1]) else { return nil }
            out.append(h << 4 | l)
            i += 2
        }
        return out
    }

    static func base64(_ text: [UInt8]) -> [UInt8]? {
        guard text.count % 4 == 0 else { return nil }
        var out: [UInt8] = []
        var buffer: UInt32 = 0, bits = 0, padding = 0
        for c in text {
            let v: UInt32
            switch c {
            case 65...90: v = UInt32(c - 65)
            case 97...122: v = UInt32(c - 71)
            case 48...57: v = UInt32(c + 4)
            case UInt8(ascii: "+"): v = 62
            case UInt8(ascii: "/"): v = 63
            case UInt8(ascii: "="): padding += 1; continue
            default: return nil
            }
            guard padding == 0 else { return nil }  // data after padding
            buffer = buffer << 6 | v
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        guard padding <= 2 else { return nil }
        return out
    }

    static func base32hex(_ text: [UInt8]) -> [UInt8]? {
        var out: [UInt8] = []
        var buffer: UInt32 = 0, bits = 0
        for c in text {
            let v: UInt32
            switch c {
            case 48...57: v = UInt32(c - 48)
            case 65...86: v = UInt32(c - 55)
            case 97...118: v = UInt32(c - 87)
            default: return nil
            }
            buffer = (buffer << 5 | v) & 0xFFFF
            bits += 5
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        return bits >= 5 ? nil : out
    }
}

/// Calendar arithmetic in UTC, for the date forms found in presentation text and logs.
public enum CivilTime {
    /// Seconds since the Unix epoch for a proleptic Gregorian date and time in UTC
    /// (Howard Hinnant's days-from-civil).
    public static func epoch(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = Int64(era) * 146_097 + Int64(doe) - 719_468
        return days * 86400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// True if the fields name a real date and time (seconds up to 60 for a leap second).
    public static func isValid(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) -> Bool {
        guard (1...12).contains(month), day >= 1, (0...23).contains(hour), (0...59).contains(minute),
              (0...60).contains(second) else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }
}
