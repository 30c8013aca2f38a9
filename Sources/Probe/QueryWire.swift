import DNSWire
import NIOCore

/// Writes queries straight into a buffer and checks a response's question against the
/// query, without building a `Message`: the hot path of the prober.
enum QueryWire {
    /// The size of a query for `name` with or without an OPT record.
    static func size(name: DNSName, edns: Bool) -> Int {
        12 + name.wireLength + 4 + (edns ? 11 : 0)
    }

    /// Appends a query (RFC 1035 section 4.1): one question, RD when `recursion`, and an
    /// OPT record advertising `ednsSize` unless it is 0 (RFC 6891 section 6.1.2).
    static func write(id: UInt16, question: Question, recursion: Bool, ednsSize: UInt16, to buffer: inout ByteBuffer) {
        let edns = ednsSize > 0
        buffer.writeInteger(id)
        buffer.writeInteger(UInt16(recursion ? 0x0100 : 0))
        buffer.writeInteger(UInt16(1))
        buffer.writeInteger(UInt16(0))
        buffer.writeInteger(UInt16(0))
        buffer.writeInteger(UInt16(edns ? 1 : 0))
        buffer.writeBytes(question.name.wire)
        buffer.writeInteger(UInt8(0))
        buffer.writeInteger(question.type.rawValue)
        buffer.writeInteger(question.recordClass.rawValue)
        if edns {
            buffer.writeInteger(UInt8(0))                 // owner: the root
            buffer.writeInteger(RecordType.opt.rawValue)
            buffer.writeInteger(ednsSize)                 // CLASS: the UDP payload size
            buffer.writeInteger(UInt32(0))                // TTL: extended rcode, version, flags
            buffer.writeInteger(UInt16(0))                // RDLENGTH
        }
    }

    /// The id of a response, or `nil` if it is shorter than a header.
    static func id(of bytes: UnsafeRawBufferPointer) -> UInt16? {
        guard bytes.count >= 12 else { return nil }
        return UInt16(bytes[0]) << 8 | UInt16(bytes[1])
    }

    /// True when `bytes` is a response (QR set, opcode QUERY) whose single question is
    /// `question`, the name compared ignoring ASCII case (RFC 4343). Compression is not
    /// followed: the first name of a message has nothing earlier to point at.
    static func matches(_ bytes: UnsafeRawBufferPointer, _ question: Question) -> Bool {
        guard bytes.count >= 12, bytes[2] & 0x80 != 0, bytes[2] & 0x78 == 0,
              bytes[4] == 0, bytes[5] == 1 else { return false }
        let wire = question.name.wire
        let end = 12 + wire.count
        guard bytes.count >= end + 5 else { return false }
        var i = 0
        while i < wire.count {
            let a = bytes[12 + i], b = wire[i]
            if a != b && lower(a) != lower(b) { return false }
            i += 1
        }
        guard bytes[end] == 0 else { return false }
        let type = UInt16(bytes[end + 1]) << 8 | UInt16(bytes[end + 2])
        let cls = UInt16(bytes[end + 3]) << 8 | UInt16(bytes[end + 4])
        return type == question.type.rawValue && cls == question.recordClass.rawValue
    }

    /// True when the TC bit is set.
    static func truncated(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count >= 3 && bytes[2] & 0x02 != 0
    }

    @inline(__always) private static func lower(_ b: UInt8) -> UInt8 { b &- 0x41 < 26 ? b | 0x20 : b }
}
