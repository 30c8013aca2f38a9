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
