import DNSWire

/// Splits an inclusive address range into the fewest CIDR prefixes that cover it exactly
/// (the classic "range to CIDR" walk: at each step take the largest aligned block that
/// starts at the cursor and does not pass the end).
enum RangeToPrefixes {
    /// The prefixes covering `first...last`; both must be the same family, `first <= last`.
    static func prefixes(from first: IPAddress, to last: IPAddress) -> [IPPrefix] {
        switch (first, last) {
        case (.v4(let a), .v4(let b)):
            return walk(UInt128(a.value), UInt128(b.value), bits: 32).compactMap {
                IPPrefix(address: .v4(IPv4Address(UInt32($0.start))), length: $0.length)
            }
        case (.v6(let a), .v6(let b)):
            return walk(a.value, b.value, bits: 128).compactMap {
                IPPrefix(address: .v6(IPv6Address($0.start)), length: $0.length)
            }
        default:
            return []
        }
    }

    private static func walk(_ first: UInt128, _ last: UInt128, bits: Int) -> [(start: UInt128, length: Int)] {
        var out: [(start: UInt128, length: Int)] = []
        var cursor = first
        while true {
            // Largest block aligned at `cursor`...
            var size = cursor == 0 ? bits : min(cursor.trailingZeroBitCount, bits)
            // ...that ends at or before `last`.
            while size > 0 {
                let end = cursor | ((UInt128(1) << UInt128(size)) &- 1)
                if end <= last { break }
                size -= 1
            }
            out.append((cursor, bits - size))
            let end = size == 0 ? cursor : cursor | ((UInt128(1) << UInt128(size)) &- 1)
            if end >= last { break }
            cursor = end + 1
        }
        return out
    }
}
