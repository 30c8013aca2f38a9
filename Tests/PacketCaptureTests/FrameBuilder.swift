/// Builds frames byte by byte for hostile-input tests.
enum Build {
    static func be16(_ v: Int) -> [UInt8] { [UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v)] }
    static func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(truncatingIfNeeded: v >> 16), UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v)] }

    /// A DNS query for `a.example.` type A with the given id (29 bytes).
    static func query(id: UInt16 = 0x1234, padding: Int = 0) -> [UInt8] {
        var q = be16(Int(id)) + [0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]
        q += [1, 0x61, 7] + Array("example".utf8) + [0, 0, 1, 0, 1]
        q += [UInt8](repeating: 0, count: padding)
        return q
    }

    static func ethernet(_ type: Int, _ payload: [UInt8]) -> [UInt8] {
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] + be16(type) + payload
    }

    static func vlan(_ tpid: Int, _ inner: Int) -> [UInt8] { be16(tpid) + [0, 5] + be16(inner) }

    static func ipv4(proto: UInt8, _ payload: [UInt8], src: [UInt8] = [192, 0, 2, 1], dst: [UInt8] = [192, 0, 2, 53],
                     id: Int = 7, flagsOffset: Int = 0, options: [UInt8] = [], totalLength: Int? = nil) -> [UInt8] {
        let ihl = 5 + options.count / 4
        let total = totalLength ?? (ihl * 4 + payload.count)
        return [UInt8(0x40 | ihl), 0] + be16(total) + be16(id) + be16(flagsOffset) + [64, proto, 0, 0]
            + src + dst + options + payload
    }

    static let v6a: [UInt8] = [0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 0, count: 11) + [1]
    static let v6b: [UInt8] = [0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 0, count: 11) + [0x53]

    static func ipv6(next: UInt8, _ payload: [UInt8], src: [UInt8] = v6a, dst: [UInt8] = v6b, payloadLength: Int? = nil) -> [UInt8] {
        [0x60, 0, 0, 0] + be16(payloadLength ?? payload.count) + [next, 64] + src + dst + payload
    }

    /// An IPv6 fragment header.
    static func fragment6(next: UInt8, offset: Int, more: Bool, id: UInt32) -> [UInt8] {
        [next, 0] + be16(offset | (more ? 1 : 0)) + be32(id)
    }

    static func udp(_ sport: Int, _ dport: Int, _ payload: [UInt8], length: Int? = nil) -> [UInt8] {
        be16(sport) + be16(dport) + be16(length ?? payload.count + 8) + [0, 0] + payload
    }

    static let syn: UInt8 = 0x02, ack: UInt8 = 0x10, fin: UInt8 = 0x01, rst: UInt8 = 0x04, psh: UInt8 = 0x08

    static func tcp(_ sport: Int, _ dport: Int, seq: UInt32, ack ackNumber: UInt32 = 0, flags: UInt8 = 0x18,
                    _ payload: [UInt8], dataOffset: Int = 5) -> [UInt8] {
        be16(sport) + be16(dport) + be32(seq) + be32(ackNumber) + [UInt8(dataOffset << 4), flags]
            + [0xff, 0xff, 0, 0, 0, 0] + [UInt8](repeating: 0, count: max(0, dataOffset - 5) * 4) + payload
    }

    /// A DNS message with its 2-byte TCP length prefix.
    static func framed(_ message: [UInt8]) -> [UInt8] { be16(message.count) + message }

    /// Ethernet + IPv4 + UDP from client port 40000 to port 53.
    static func udpQueryFrame(id: UInt16 = 0x1234) -> [UInt8] {
        ethernet(0x0800, ipv4(proto: 17, udp(40000, 53, query(id: id))))
    }

    /// Ethernet + IPv4 + TCP segment from 40000 to 53.
    static func tcpFrame(seq: UInt32, flags: UInt8 = 0x18, ack: UInt32 = 0, _ data: [UInt8],
                         sport: Int = 40000, dport: Int = 53, reverse: Bool = false) -> [UInt8] {
        let a: [UInt8] = [192, 0, 2, 1], b: [UInt8] = [192, 0, 2, 53]
        return ethernet(0x0800, ipv4(proto: 6, tcp(reverse ? dport : sport, reverse ? sport : dport, seq: seq,
                                                   ack: ack, flags: flags, data),
                                     src: reverse ? b : a, dst: reverse ? a : b))
    }
}
