/// Builds a DNS message in wire format, compressing names where allowed (RFC 1035 section
/// 4.1.4): every name suffix written at an offset below 0x4000 may be pointed at later.
struct WireWriter {
    private(set) var bytes: [UInt8] = []
    /// Offsets of name suffixes already written, keyed by their lower-cased wire labels.
    private var suffixes: [[UInt8]: Int] = [:]

    init() { bytes.reserveCapacity(512) }

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u16(_ v: UInt16) { bytes.append(UInt8(v >> 8)); bytes.append(UInt8(truncatingIfNeeded: v)) }
    mutating func u32(_ v: UInt32) {
        u16(UInt16(v >> 16))
        u16(UInt16(truncatingIfNeeded: v))
    }
    mutating func append(_ b: some Sequence<UInt8>) { bytes.append(contentsOf: b) }

    /// Writes a character-string; fails if longer than 255 octets.
    mutating func characterString(_ s: [UInt8]) throws(DNSWireError) {
        guard s.count <= 255 else {
            throw DNSWireError(.unencodable, at: bytes.count, "character-string of \(s.count) octets (at most 255)")
        }
        u8(UInt8(s.count))
        append(s)
    }

    /// Writes a name, pointing at an earlier copy of its longest known suffix when `compress`.
    mutating func name(_ name: DNSName, compress: Bool) {
        let wire = name.wire
        var i = 0
        while i < wire.count {
            let key = wire[i...].map(DNSName.lower)
            if compress, let target = suffixes[key] {
                u16(0xC000 | UInt16(target))
                return
            }
            if bytes.count < 0x4000 && suffixes[key] == nil { suffixes[key] = bytes.count }
            let n = Int(wire[i])
            append(wire[i...(i + n)])
            i += 1 + n
        }
        u8(0)
    }

    /// Overwrites a 16-bit value written earlier (for RDLENGTH and counts).
    mutating func patch16(at offset: Int, _ v: UInt16) {
        bytes[offset] = UInt8(v >> 8)
        bytes[offset + 1] = UInt8(truncatingIfNeeded: v)
    }
}
