extension IPAddress {
    /// The name a PTR lookup asks for: `d.c.b.a.in-addr.arpa.` (RFC 1035 section 3.5) or
    /// the nibbles under `ip6.arpa.` (RFC 3596 section 2.5).
    public var reverseName: DNSName {
        var labels: [[UInt8]] = []
        switch self {
        case .v4(let a):
            let o = a.octets
            for b in [o.3, o.2, o.1, o.0] { labels.append(Array(String(b).utf8)) }
            labels += [Array("in-addr".utf8), Array("arpa".utf8)]
        case .v6(let a):
            let hex = Array("0123456789abcdef".utf8)
            for b in a.bytes.reversed() {
                labels.append([hex[Int(b & 0x0F)]])
                labels.append([hex[Int(b >> 4)]])
            }
            labels += [Array("ip6".utf8), Array("arpa".utf8)]
        }
        // Every label is short and the whole name under 255 octets, so this cannot throw.
        return (try? DNSName(labels: labels)) ?? .root
    }
}
