/// A domain name kept as wire-format labels (RFC 1035 section 3.1).
///
/// Labels are bytes, never `String`: a label may hold any octet. The original case is kept
/// for printing, while equality and hashing ignore ASCII case (RFC 4343).
public struct DNSName: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Length-prefixed labels without the final root octet; empty for the root.
    public private(set) var wire: [UInt8]

    /// The root name `.`.
    public static let root = DNSName(uncheckedWire: [])

    /// Maximum length of a name in wire form, root octet included (RFC 1035 section 2.3.4).
    public static let maxWireLength = 255
    /// Maximum length of one label (RFC 1035 section 2.3.4).
    public static let maxLabelLength = 63

    /// Wraps length-prefixed labels already checked by the caller.
    init(uncheckedWire: [UInt8]) { wire = uncheckedWire }

    /// Builds a name from labels; throws if a label is empty or too long, or the name too long.
    public init(labels: some Sequence<some Collection<UInt8>>) throws(DNSWireError) {
        var out: [UInt8] = []
        for label in labels {
            guard !label.isEmpty else { throw DNSWireError(.badText, at: out.count, "empty label") }
            guard label.count <= DNSName.maxLabelLength else {
                throw DNSWireError(.labelTooLong, at: out.count, "label of \(label.count) octets (at most 63)")
            }
            out.append(UInt8(label.count))
            out.append(contentsOf: label)
            guard out.count < DNSName.maxWireLength else {
                throw DNSWireError(.nameTooLong, at: out.count, "name longer than 255 octets")
            }
        }
        wire = out
    }

    /// A name from its wire form as `wire` gives it (length-prefixed labels, no root octet),
    /// checked as `init(labels:)` checks labels: for names written out and read back.
    public init(wire octets: some Collection<UInt8>) throws(DNSWireError) {
        let out = Array(octets)
        guard out.count < DNSName.maxWireLength else {
            throw DNSWireError(.nameTooLong, at: 0, "name longer than 255 octets")
        }
        var i = 0
        while i < out.count {
            let n = Int(out[i])
            guard n >= 1 else { throw DNSWireError(.badText, at: i, "empty label") }
            guard n <= DNSName.maxLabelLength else {
                throw DNSWireError(.labelTooLong, at: i, "label of \(n) octets (at most 63)")
            }
            guard i + 1 + n <= out.count else { throw DNSWireError(.truncated, at: i, "label runs past the end of the name") }
            i += 1 + n
        }
        wire = out
    }

    /// The labels, leftmost first.
    public var labels: [ArraySlice<UInt8>] {
        var result: [ArraySlice<UInt8>] = []
        var i = 0
        while i < wire.count {
            let n = Int(wire[i])
            result.append(wire[(i + 1)..<(i + 1 + n)])
            i += 1 + n
        }
        return result
    }

    /// The number of labels (the root has none).
    public var labelCount: Int {
        var count = 0, i = 0
        while i < wire.count { count += 1; i += 1 + Int(wire[i]) }
        return count
    }

    /// True for the root name.
    public var isRoot: Bool { wire.isEmpty }

    /// The length in wire form including the root octet.
    public var wireLength: Int { wire.count + 1 }

    /// The name without its leftmost label; the root's parent is the root.
    public var parent: DNSName {
        guard let first = wire.first else { return self }
        return DNSName(uncheckedWire: Array(wire[(1 + Int(first))...]))
    }

    /// The name with ASCII letters lower-cased (canonical form, RFC 4034 section 6.2).
    public var lowercased: DNSName { DNSName(uncheckedWire: wire.map(DNSName.lower)) }

    /// True if `self` equals `other` or lies below it, ignoring case.
    public func isSubdomain(of other: DNSName) -> Bool {
        guard other.wire.count <= wire.count else { return false }
        // Walk label boundaries so that "xexample.com" is not taken as under "example.com".
        var i = 0
        while wire.count - i > other.wire.count { i += 1 + Int(wire[i]) }
        guard wire.count - i == other.wire.count else { return false }
        return DNSName.equalIgnoringCase(wire[i...], other.wire[...])
    }

    /// Prepends a label.
    public func prepending(_ label: some Collection<UInt8>) throws(DNSWireError) -> DNSName {
        try DNSName(labels: [Array(label)] + labels.map { Array($0) })
    }

    @inline(__always) static func lower(_ b: UInt8) -> UInt8 {
        b &- 0x41 < 26 ? b | 0x20 : b
    }

    static func equalIgnoringCase(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        if a == b { return true }  // Same case: the common case, compared without folding.
        // Length octets are below 64, so lower-casing them is harmless.
        return zip(a, b).allSatisfy { lower($0) == lower($1) }
    }

    public static func == (lhs: DNSName, rhs: DNSName) -> Bool {
        equalIgnoringCase(lhs.wire[...], rhs.wire[...])
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(wire.count)
        // Case-folded octets, eight to a word: one `combine` per word instead of per octet.
        var word: UInt64 = 0
        var filled = 0
        for b in wire {
            word = word << 8 | UInt64(DNSName.lower(b))
            filled += 1
            if filled == 8 {
                hasher.combine(word)
                word = 0
                filled = 0
            }
        }
        if filled > 0 { hasher.combine(word) }
    }

    /// Canonical DNS ordering (RFC 4034 section 6.1): by labels from the right, case-folded.
    /// Without allocating: the label offsets of both names go to a stack buffer (a name has
    /// at most 127 labels), then labels are compared from the right, octet by octet.
    public static func < (lhs: DNSName, rhs: DNSName) -> Bool {
        lhs.wire.withUnsafeBufferPointer { l in
            rhs.wire.withUnsafeBufferPointer { r in
                withUnsafeTemporaryAllocation(of: Int.self, capacity: 256) { starts in
                    let nl = labelStarts(l, into: UnsafeMutableBufferPointer(rebasing: starts[0..<128]))
                    let nr = labelStarts(r, into: UnsafeMutableBufferPointer(rebasing: starts[128..<256]))
                    var a = nl - 1, b = nr - 1
                    while a >= 0 && b >= 0 {
                        let sa = starts[a], sb = starts[128 + b]
                        let la = Swift.min(Int(l[sa]), l.count - sa - 1), lb = Swift.min(Int(r[sb]), r.count - sb - 1)
                        var k = 0
                        while k < la && k < lb {
                            let x = lower(l[sa + 1 + k]), y = lower(r[sb + 1 + k])
                            if x != y { return x < y }
                            k += 1
                        }
                        if la != lb { return la < lb }
                        a -= 1
                        b -= 1
                    }
                    return nl < nr
                }
            }
        }
    }

    /// Writes the offset of each label's length octet to `starts` (at most its capacity) and
    /// returns how many it wrote.
    private static func labelStarts(_ wire: UnsafeBufferPointer<UInt8>, into starts: UnsafeMutableBufferPointer<Int>) -> Int {
        var count = 0, i = 0
        while i < wire.count && count < starts.count {
            starts[count] = i
            count += 1
            i += Int(wire[i]) + 1
        }
        return count
    }

    /// Presentation format like dig's: labels joined by dots with a trailing dot; `.`, `\`
    /// and the characters special in master files escaped by a backslash, other bytes outside
    /// printable ASCII as `\DDD`.
    public var description: String {
        if wire.isEmpty { return "." }
        var out: [UInt8] = []
        out.reserveCapacity(wire.count + 1)
        var i = 0
        while i < wire.count {
            let n = Int(wire[i])
            for b in wire[(i + 1)..<(i + 1 + n)] { DNSName.appendEscaped(b, to: &out) }
            out.append(UInt8(ascii: "."))
            i += 1 + n
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func appendEscaped(_ b: UInt8, to out: inout [UInt8]) {
        switch b {
        case UInt8(ascii: "."), UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: ";"),
             UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "@"), UInt8(ascii: "$"):
            out.append(UInt8(ascii: "\\"))
            out.append(b)
        case 0x21...0x7E:
            out.append(b)
        default:
            out.append(UInt8(ascii: "\\"))
            out.append(UInt8(ascii: "0") + b / 100)
            out.append(UInt8(ascii: "0") + (b / 10) % 10)
            out.append(UInt8(ascii: "0") + b % 10)
        }
    }
}
