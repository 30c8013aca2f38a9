/// An IPv4 address as a host-order 32-bit number (RFC 791).
public struct IPv4Address: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The address as a number, most significant octet first (so `1.2.3.4` is `0x01020304`).
    public var value: UInt32

    /// Creates an address from its numeric value.
    public init(_ value: UInt32) { self.value = value }

    /// Creates an address from four octets in network order.
    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        value = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    /// Parses dotted-quad text (`192.0.2.1`); returns `nil` for anything else, including
    /// leading zeros and octets above 255.
    @inlinable  // specialised where called: stores parse millions of addresses from text
    public init?(_ text: some StringProtocol) {
        self.init(utf8: text.utf8)
    }

    /// Parses dotted-quad text given as UTF-8 octets (a stored column read in place), by the
    /// rules of `init?(_:)`.
    @inlinable
    public init?(utf8: some Sequence<UInt8>) {
        var result: UInt32 = 0
        var octet: UInt32 = 0
        var digits = 0
        var dots = 0
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if digits > 0 && octet == 0 { return nil }  // leading zero
                octet = octet * 10 + UInt32(byte - UInt8(ascii: "0"))
                digits += 1
                if digits > 3 || octet > 255 { return nil }
            case UInt8(ascii: "."):
                if digits == 0 || dots == 3 { return nil }
                result = result << 8 | octet
                octet = 0
                digits = 0
                dots += 1
            default:
                return nil
            }
        }
        if digits == 0 || dots != 3 { return nil }
        value = result << 8 | octet
    }

    /// The four octets in network order.
    public var octets: (UInt8, UInt8, UInt8, UInt8) {
        (UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16),
         UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value))
    }

    /// Dotted-quad text (at most 15 bytes, so a small string: no allocation).
    public var description: String {
        String(unsafeUninitializedCapacity: 15) { write(to: $0) }
    }

    /// Appends the dotted-quad text to `out` (for text built from many addresses).
    public func appendText(to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 15) { buffer in
            out.append(contentsOf: buffer[..<write(to: buffer)])
        }
    }

    /// Writes the dotted-quad text to `buffer` (15 bytes or more); returns the bytes written.
    /// Digits by hand: string interpolation of four integers was a visible part of encoding a
    /// probe's rows (`perf`).
    private func write(to buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var n = 0
        for shift in stride(from: 24, through: 0, by: -8) {
            let octet = UInt8(truncatingIfNeeded: value >> UInt32(shift))
            if shift != 24 {
                buffer[n] = UInt8(ascii: ".")
                n += 1
            }
            if octet >= 100 {
                buffer[n] = UInt8(ascii: "0") + octet / 100
                n += 1
            }
            if octet >= 10 {
                buffer[n] = UInt8(ascii: "0") + (octet / 10) % 10
                n += 1
            }
            buffer[n] = UInt8(ascii: "0") + octet % 10
            n += 1
        }
        return n
    }

    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool { lhs.value < rhs.value }
}

/// An IPv6 address as a 128-bit number, most significant bit first (RFC 4291).
public struct IPv6Address: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The address as a number (`::1` is `1`).
    public var value: UInt128

    /// Creates an address from its numeric value.
    public init(_ value: UInt128) { self.value = value }

    /// Creates an address from 16 bytes in network order; `nil` unless exactly 16 are given.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 16 else { return nil }
        var v: UInt128 = 0
        for b in bytes { v = v << 8 | UInt128(b) }
        value = v
    }

    /// Parses RFC 4291 section 2.2 text: eight groups, `::` once, an embedded IPv4 tail.
    /// A zone suffix (`%eth0`) is refused.
    public init?(_ text: some StringProtocol) {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 2, utf8.count <= 45 else { return nil }
        var head: [UInt16] = []
        var tail: [UInt16] = []
        var sawGap = false
        var i = 0
        if utf8.starts(with: [UInt8(ascii: ":"), UInt8(ascii: ":")]) {
            sawGap = true
            i = 2
            if i == utf8.count { value = 0; return }
        } else if utf8[0] == UInt8(ascii: ":") {
            return nil
        }
        while i < utf8.count {
            // Find the extent of this group.
            var j = i
            while j < utf8.count && utf8[j] != UInt8(ascii: ":") { j += 1 }
            let group = utf8[i..<j]
            if group.isEmpty { return nil }
            if j == utf8.count, group.contains(UInt8(ascii: ".")) {
                // Embedded IPv4 in the last 32 bits.
                guard let v4 = IPv4Address(String(decoding: group, as: UTF8.self)) else { return nil }
                let words = [UInt16(v4.value >> 16), UInt16(truncatingIfNeeded: v4.value)]
                if sawGap { tail += words } else { head += words }
                i = j
                break
            }
            guard group.count <= 4 else { return nil }
            var word: UInt16 = 0
            for c in group {
                guard let d = IPv6Address.hexValue(c) else { return nil }
                word = word << 4 | UInt16(d)
            }
            if sawGap { tail.append(word) } else { head.append(word) }
            i = j
            if i < utf8.count {
                // Skip ':' or '::'.
                i += 1
                if i < utf8.count && utf8[i] == UInt8(ascii: ":") {
                    if sawGap { return nil }
                    sawGap = true
                    i += 1
                } else if i == utf8.count {
                    return nil  // trailing single ':'
                }
            }
            if head.count + tail.count > 8 { return nil }
        }
        let total = head.count + tail.count
        if sawGap ? total > 7 : total != 8 { return nil }
        var words = head
        words += Array(repeating: 0, count: 8 - total)
        words += tail
        var v: UInt128 = 0
        for w in words { v = v << 16 | UInt128(w) }
        value = v
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// The 16 bytes in network order.
    public var bytes: [UInt8] {
        (0..<16).map { UInt8(truncatingIfNeeded: value >> (120 - 8 * UInt128($0))) }
    }

    /// The eight 16-bit groups.
    public var words: [UInt16] {
        (0..<8).map { UInt16(truncatingIfNeeded: value >> (112 - 16 * UInt128($0))) }
    }

    /// The IPv4 address of an IPv4-mapped address (`::ffff:a.b.c.d`), else `nil`.
    public var mappedIPv4: IPv4Address? {
        value >> 32 == 0xffff ? IPv4Address(UInt32(truncatingIfNeeded: value)) : nil
    }

    /// RFC 5952 text: lower-case hex, zeros suppressed, the longest run of two or more zero
    /// groups (the first on a tie) as `::`, IPv4-mapped addresses with a dotted tail.
    public var description: String {
        let w = words
        if let v4 = mappedIPv4 { return "::ffff:\(v4)" }
        var bestStart = -1, bestLen = 0, runStart = -1
        for idx in 0...8 {
            if idx < 8 && w[idx] == 0 {
                if runStart < 0 { runStart = idx }
            } else if runStart >= 0 {
                let len = idx - runStart
                if len > bestLen && len >= 2 { bestStart = runStart; bestLen = len }
                runStart = -1
            }
        }
        var out = ""
        var idx = 0
        while idx < 8 {
            if idx == bestStart {
                out += idx == 0 ? "::" : ":"
                idx += bestLen
                continue
            }
            out += String(w[idx], radix: 16)
            if idx < 7 { out += ":" }
            idx += 1
        }
        return out
    }

    public static func < (lhs: IPv6Address, rhs: IPv6Address) -> Bool { lhs.value < rhs.value }
}

/// An IPv4 or IPv6 address.
public enum IPAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    case v4(IPv4Address)
    case v6(IPv6Address)

    /// Parses either text form.
    public init?(_ text: some StringProtocol) {
        if let a = IPv4Address(text) {
            self = .v4(a)
        } else if let a = IPv6Address(text) {
            self = .v6(a)
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .v4(let a): return a.description
        case .v6(let a): return a.description
        }
    }

    /// True for IPv4.
    public var isV4: Bool { if case .v4 = self { return true } else { return false } }

    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        switch (lhs, rhs) {
        case (.v4(let a), .v4(let b)): return a < b
        case (.v6(let a), .v6(let b)): return a < b
        case (.v4, .v6): return true
        case (.v6, .v4): return false
        }
    }
}
