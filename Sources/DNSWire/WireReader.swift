/// Bounds-checked big-endian reads from a DNS message; every read checks its length first
/// and throws an error naming the offset instead of trapping.
struct WireReader {
    let bytes: UnsafeRawBufferPointer

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var count: Int { bytes.count }

    func need(_ n: Int, at offset: Int, limit: Int, _ what: @autoclosure () -> String) throws(DNSWireError) {
        if n > limit - offset || offset > limit {
            throw DNSWireError(.truncated, at: offset, "\(what()) needs \(n) octets, \(max(0, limit - offset)) left")
        }
    }

    func u8(_ offset: Int) -> UInt8 { bytes[offset] }

    func u16(_ offset: Int) -> UInt16 {
        UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    func u32(_ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }

    func array(_ range: Range<Int>) -> [UInt8] { Array(bytes[range]) }

    /// Upper bound on compression pointers followed in one name. A legal name has at most
    /// 127 labels, so more pointers than that cannot be a valid name.
    static let maxPointerHops = 127

    /// Walks a possibly compressed name starting at `offset` (RFC 1035 section 4.1.4).
    ///
    /// A loop, not recursion. Each pointer must point strictly before the start of the run
    /// of labels that contains it, so every hop moves backwards and the walk ends; the hop
    /// count and the 255-octet budget are enforced too. `label` is called for each label with
    /// its byte range. Returns the offset just past the name where it started (after the
    /// first pointer, or after the root octet).

    func walkName(at offset: Int, limit: Int, label: (Range<Int>) -> Void) throws(DNSWireError) -> Int {
        var pos = offset
        var segmentStart = offset
        var end = -1
        var length = 0
        var hops = 0
        while true {
            guard pos < limit else {
                throw DNSWireError(.truncated, at: pos, "name runs past the end of the data")
            }
            let len = Int(bytes[pos])
            switch len & 0xC0 {
            case 0x00:
                if len == 0 {
                    return end >= 0 ? end : pos + 1
                }
                guard pos + 1 + len <= limit else {
                    throw DNSWireError(.truncated, at: pos, "label of \(len) octets runs past the end of the data")
                }
                length += 1 + len
                guard length < DNSName.maxWireLength else {
                    throw DNSWireError(.nameTooLong, at: pos, "name longer than 255 octets")
                }
                label((pos + 1)..<(pos + 1 + len))
                pos += 1 + len
            case 0xC0:
                guard pos + 1 < limit else {
                    throw DNSWireError(.truncated, at: pos, "compression pointer cut short")
                }
                let target = (len & 0x3F) << 8 | Int(bytes[pos + 1])
                guard target < segmentStart else {
                    throw DNSWireError(.badPointer, at: pos, "compression pointer to \(target) does not point before \(segmentStart)")
                }
                hops += 1
                guard hops <= WireReader.maxPointerHops else {
                    throw DNSWireError(.pointerLoop, at: pos, "more than \(WireReader.maxPointerHops) compression pointers")
                }
                if end < 0 { end = pos + 2 }
                pos = target
                segmentStart = target
            default:
                throw DNSWireError(.badLabelType, at: pos, "label type 0x\(String(len & 0xC0, radix: 16)) is not supported")
            }
        }
    }

    /// Where a name that holds no compression pointer lies, once it has been walked and
    /// found valid: `start..<end`, its root octet at `end - 1`. See `pointerIntoPlainName`.
    struct PlainName {
        var start = -1
        var end = -1
    }

    /// `plain` for the name just walked at `start..<end` if it holds no compression pointer.
    func plainName(start: Int, end: Int) -> PlainName {
        var i = start
        while i < end - 1 {
            let b = bytes[i]
            guard b & 0xC0 == 0 else { return PlainName() }
            i += 1 + Int(b)
        }
        return i == end - 1 && bytes[i] == 0 ? PlainName(start: start, end: end) : PlainName()
    }

    /// The offset after the name at `offset` when that name is exactly one compression
    /// pointer to a label boundary of `plain`, a pointer-free name already walked and found
    /// valid; `nil` otherwise (then walk it with `skipName`).
    ///
    /// Exact, not a shortcut in checking: `walkName` would follow that pointer (it points
    /// before itself, since `plain` ends at or before `offset`), make one hop, and walk
    /// labels already checked to lie before `offset`, hence inside any `limit` past it,
    /// and shorter in total than the whole valid name; so it would return `offset + 2` and
    /// throw nothing. Most owner names in responses are such pointers to the question.
    @inline(__always)
    func pointerIntoPlainName(at offset: Int, limit: Int, _ plain: PlainName) -> Int? {
        guard plain.start >= 0, plain.end <= offset, offset + 1 < limit, bytes[offset] & 0xC0 == 0xC0 else { return nil }
        let target = Int(bytes[offset] & 0x3F) << 8 | Int(bytes[offset + 1])
        guard target >= plain.start && target < plain.end else { return nil }
        var i = plain.start
        while i < target { i += 1 + Int(bytes[i]) }
        return i == target ? offset + 2 : nil
    }

    /// Checks a name and returns the offset after it, without building it.

    func skipName(at offset: Int, limit: Int) throws(DNSWireError) -> Int {
        try walkName(at: offset, limit: limit) { _ in }
    }

    /// Reads a possibly compressed name.
    func readName(at offset: Int, limit: Int) throws(DNSWireError) -> (DNSName, Int) {
        var wire: [UInt8] = []
        wire.reserveCapacity(64)  // most names fit: no regrowth label by label
        let end = try walkName(at: offset, limit: limit) { range in
            wire.append(UInt8(range.count))
            wire.append(contentsOf: bytes[range])
        }
        return (DNSName(uncheckedWire: wire), end)
    }
}
