/// Link layers (tcpdump.org/linktypes.html) and the ethertype chain: VLAN, MPLS, PPPoE.
extension FrameDecoder {
    mutating func link(_ b: RawBytes, _ body: (CapturedMessage) throws -> Void) rethrows {
        switch linkType.rawValue {
        case 1:
            try ethernet(b, depth: 0, body)
        case 113:  // Linux SLL: 16 bytes, protocol at 14.
            guard b.count >= 16 else { return truncated(.truncatedLinkHeader) }
            try ethertype(b.u16(14), b.dropFirst(16), depth: 0, body)
        case 276:  // Linux SLL2: 20 bytes, protocol at 0.
            guard b.count >= 20 else { return truncated(.truncatedLinkHeader) }
            try ethertype(b.u16(0), b.dropFirst(20), depth: 0, body)
        case 12, 14, 101:
            try rawIP(b, depth: 0, body)
        case 228:
            try ipv4(b, depth: 0, body)
        case 229:
            try ipv6(b, depth: 0, body)
        case 0, 108:
            try loopback(b, networkOrder: linkType.rawValue == 108, body)
        case 10:  // FDDI: frame control + 2 addresses, then 802.2 LLC/SNAP.
            guard b.count >= 21 else { return truncated(.truncatedLinkHeader) }
            guard b.u8(13) == 0xAA, b.u8(14) == 0xAA, b.u8(15) == 0x03 else { return skip() }
            try ethertype(b.u16(19), b.dropFirst(21), depth: 0, body)
        default:
            skip()
        }
    }

    /// BSD loopback: a 4-byte address family, host byte order (NULL) or network (LOOP).
    /// AF_INET is 2 everywhere; AF_INET6 is 24 (NetBSD, OpenBSD), 28 (FreeBSD),
    /// 30 (Darwin) or 10 (Linux).
    mutating func loopback(_ b: RawBytes, networkOrder: Bool,
                           _ body: (CapturedMessage) throws -> Void) rethrows {
        guard b.count >= 4 else { return truncated(.truncatedLinkHeader) }
        let be = b.u32(0)
        let family = networkOrder || be <= 0xFF ? be : b.u32LittleEndian(0)
        switch family {
        case 2: try ipv4(b.dropFirst(4), depth: 0, body)
        case 10, 24, 28, 30: try ipv6(b.dropFirst(4), depth: 0, body)
        default: skip()
        }
    }

    mutating func ethernet(_ b: RawBytes, depth: Int,
                           _ body: (CapturedMessage) throws -> Void) rethrows {
        guard b.count >= 14 else { return truncated(.truncatedLinkHeader) }
        let type = b.u16(12)
        if type >= 0x0600 { return try ethertype(type, b.dropFirst(14), depth: depth, body) }
        // 802.3 length field: only LLC/SNAP carries IP.
        guard b.count >= 22 else { return truncated(.truncatedLinkHeader) }
        guard b.u8(14) == 0xAA, b.u8(15) == 0xAA, b.u8(16) == 0x03 else { return skip() }
        try ethertype(b.u16(20), b.dropFirst(22), depth: depth, body)
    }

    /// Follows an ethertype through VLAN tags, MPLS labels and PPPoE to IPv4 or IPv6.
    mutating func ethertype(_ type: UInt16, _ bytes: RawBytes, depth: Int,
                            _ body: (CapturedMessage) throws -> Void) rethrows {
        var type = type
        var b = bytes
        var tags = 0
        while true {
            switch type {
            case 0x0800:
                return try ipv4(b, depth: depth, body)
            case 0x86DD:
                return try ipv6(b, depth: depth, body)
            case 0x8100, 0x88A8, 0x9100:  // 802.1Q, 802.1ad, old QinQ
                tags += 1
                guard tags <= options.limits.maxVLANTags else { return malformed(.tooManyVLANTags) }
                guard b.count >= 4 else { return truncated(.truncatedVLANTag) }
                type = b.u16(2)
                b = b.dropFirst(4)
            case 0x8847, 0x8848:  // MPLS unicast/multicast (RFC 3032)
                while true {
                    tags += 1
                    guard tags <= options.limits.maxVLANTags else { return malformed(.tooManyVLANTags) }
                    guard b.count >= 4 else { return truncated(.truncatedVLANTag) }
                    let bottom = b.u8(2) & 1 == 1
                    b = b.dropFirst(4)
                    if bottom { break }
                }
                return try rawIP(b, depth: depth, body)
            case 0x8864:  // PPPoE session (RFC 2516): 6-byte header, then PPP.
                guard b.count >= 6 else { return truncated(.truncatedLinkHeader) }
                return try ppp(b.dropFirst(6), depth: depth, body)
            default:
                return skip()
            }
        }
    }

    /// PPP (RFC 1661): optional address/control, 1- or 2-byte protocol.
    mutating func ppp(_ bytes: RawBytes, depth: Int,
                      _ body: (CapturedMessage) throws -> Void) rethrows {
        var b = bytes
        if b.count >= 2, b.u8(0) == 0xFF, b.u8(1) == 0x03 { b = b.dropFirst(2) }
        guard b.count >= 1 else { return truncated(.truncatedLinkHeader) }
        var proto = UInt16(b.u8(0))
        if proto & 1 == 1 {
            b = b.dropFirst(1)
        } else {
            guard b.count >= 2 else { return truncated(.truncatedLinkHeader) }
            proto = b.u16(0)
            b = b.dropFirst(2)
        }
        switch proto {
        case 0x21: try ipv4(b, depth: depth, body)
        case 0x57: try ipv6(b, depth: depth, body)
        default: skip()
        }
    }

    /// IP with no link header: the version nibble decides.
    mutating func rawIP(_ b: RawBytes, depth: Int,
                        _ body: (CapturedMessage) throws -> Void) rethrows {
        guard b.count >= 1 else { return truncated(.truncatedIPv4Header) }
        switch b.u8(0) >> 4 {
        case 4: try ipv4(b, depth: depth, body)
        case 6: try ipv6(b, depth: depth, body)
        default: skip()
        }
    }
}
