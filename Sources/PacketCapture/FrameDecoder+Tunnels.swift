/// Tunnels: VXLAN (RFC 7348), Geneve (RFC 8926), GTP-U (3GPP TS 29.281), GRE (RFC 2784,
/// 2890, enhanced GRE of PPTP RFC 2637, ERSPAN II/III) and GRE-in-UDP (RFC 8086).
extension FrameDecoder {
    mutating func udpTunnel(_ p: RawBytes, _ sourcePort: UInt16, _ destinationPort: UInt16,
                            depth: Int, _ body: (CapturedMessage) throws -> Void) rethrows {
        let port: UInt16
        switch (sourcePort, destinationPort) {
        case (_, 4789), (_, 6081), (_, 2152), (_, 4754): port = destinationPort
        case (4789, _), (6081, _), (2152, _), (4754, _): port = sourcePort
        default: return skip()
        }
        guard p.count >= 8 else { return truncated(.truncatedUDPHeader) }
        var length = Int(p.u16(4))
        guard length >= 8 else { return malformed(.badUDPLength) }
        if length > p.count {
            guard payloadCut || frameTruncated else { return malformed(.badUDPLength) }
            payloadCut = true  // follow the tunnel; the inner packet will be found cut
            length = p.count
        }
        let inner = p.prefix(length).dropFirst(8)
        switch port {
        case 4789:  // VXLAN: 8-byte header with the I flag, then Ethernet.
            guard inner.count >= 8 else { return truncated(.truncatedTunnelHeader) }
            guard inner.u8(0) & 0x08 != 0 else { return malformed(.badTunnelHeader) }
            guard enterTunnel(depth) else { return }
            try ethernet(inner.dropFirst(8), depth: depth + 1, body)
        case 6081:  // Geneve: 8 bytes + options, protocol type as an ethertype.
            guard inner.count >= 8 else { return truncated(.truncatedTunnelHeader) }
            guard inner.u8(0) >> 6 == 0 else { return malformed(.badTunnelHeader) }
            let size = 8 + Int(inner.u8(0) & 0x3F) * 4
            guard inner.count >= size else { return truncated(.truncatedTunnelHeader) }
            guard enterTunnel(depth) else { return }
            try encapsulated(inner.u16(2), inner.dropFirst(size), depth: depth + 1, body)
        case 2152:
            try gtpU(inner, depth: depth, body)
        default:  // 4754: GRE-in-UDP
            try gre(inner, depth: depth, body)
        }
    }

    /// GTP-U version 1: G-PDU messages carry an IP packet after the header and extensions.
    mutating func gtpU(_ p: RawBytes, depth: Int,
                       _ body: (CapturedMessage) throws -> Void) rethrows {
        guard p.count >= 8 else { return truncated(.truncatedTunnelHeader) }
        let flags = p.u8(0)
        guard flags >> 5 == 1, flags & 0x10 != 0 else { return malformed(.badTunnelHeader) }
        guard p.u8(1) == 0xFF else { return skip() }  // not a G-PDU (echo, error indication…)
        var offset = 8
        if flags & 0x07 != 0 {
            guard p.count >= 12 else { return truncated(.truncatedTunnelHeader) }
            var nextType = flags & 0x04 != 0 ? p.u8(11) : 0
            offset = 12
            var left = 8
            while nextType != 0 {
                left -= 1
                guard left >= 0 else { return malformed(.badTunnelHeader) }
                guard p.count > offset else { return truncated(.truncatedTunnelHeader) }
                let size = Int(p.u8(offset)) * 4
                guard size > 0 else { return malformed(.badTunnelHeader) }
                guard p.count >= offset + size else { return truncated(.truncatedTunnelHeader) }
                nextType = p.u8(offset + size - 1)
                offset += size
            }
        }
        guard enterTunnel(depth) else { return }
        try rawIP(p.dropFirst(offset), depth: depth + 1, body)
    }

    mutating func gre(_ p: RawBytes, depth: Int,
                      _ body: (CapturedMessage) throws -> Void) rethrows {
        guard p.count >= 4 else { return truncated(.truncatedTunnelHeader) }
        let flags = p.u16(0)
        let proto = p.u16(2)
        var size = 4
        switch flags & 0x0007 {
        case 0:
            guard flags & 0x4000 == 0 else { return malformed(.badTunnelHeader) }  // RFC 1701 routing
            if flags & 0x8000 != 0 { size += 4 }  // checksum + reserved
            if flags & 0x2000 != 0 { size += 4 }  // key
            if flags & 0x1000 != 0 { size += 4 }  // sequence number
        case 1:  // enhanced GRE (PPTP): key always present, optional sequence and ack
            guard proto == 0x880B else { return malformed(.badTunnelHeader) }
            size = 8
            if flags & 0x1000 != 0 { size += 4 }
            if flags & 0x0080 != 0 { size += 4 }
        default:
            return malformed(.badTunnelHeader)
        }
        guard p.count >= size else { return truncated(.truncatedTunnelHeader) }
        guard enterTunnel(depth) else { return }
        var inner = p.dropFirst(size)
        switch proto {
        case 0x88BE:  // ERSPAN type II has an 8-byte header when the S flag is set; type I none.
            if flags & 0x1000 != 0 {
                guard inner.count >= 8 else { return truncated(.truncatedTunnelHeader) }
                inner = inner.dropFirst(8)
            }
            try ethernet(inner, depth: depth + 1, body)
        case 0x22EB:  // ERSPAN type III: 12 bytes, plus an 8-byte subheader when O is set.
            guard inner.count >= 12 else { return truncated(.truncatedTunnelHeader) }
            let extra = inner.u8(11) & 1 == 1 ? 8 : 0
            guard inner.count >= 12 + extra else { return truncated(.truncatedTunnelHeader) }
            try ethernet(inner.dropFirst(12 + extra), depth: depth + 1, body)
        case 0x880B:
            try ppp(inner, depth: depth + 1, body)
        default:
            try encapsulated(proto, inner, depth: depth + 1, body)
        }
    }

    /// A payload named by an ethertype, with 0x6558 meaning Ethernet (transparent bridging).
    mutating func encapsulated(_ type: UInt16, _ p: RawBytes, depth: Int,
                               _ body: (CapturedMessage) throws -> Void) rethrows {
        if type == 0x6558 {
            try ethernet(p, depth: depth, body)
        } else {
            try ethertype(type, p, depth: depth, body)
        }
    }
}
