import DNSWire

/// IPv4 (RFC 791) and IPv6 (RFC 8200) headers, extension headers and fragments.
extension FrameDecoder {
    /// Protocols worth reassembling or following: UDP, TCP, IP-in-IP, IPv6-in-IP, GRE.
    @inline(__always) func carriesDNS(_ proto: UInt8) -> Bool {
        proto == 17 || proto == 6 || (tunnels && (proto == 4 || proto == 41 || proto == 47))
    }

    mutating func ipv4(_ b: RawBytes, depth: Int,
                       _ body: (CapturedMessage) throws -> Void) rethrows {
        guard b.count >= 20 else { return truncated(.truncatedIPv4Header) }
        let versionIHL = b.u8(0)
        guard versionIHL >> 4 == 4 else { return malformed(.ipVersionMismatch) }
        let headerLength = Int(versionIHL & 0x0F) * 4
        guard headerLength >= 20 else { return malformed(.badIPv4HeaderLength) }
        guard b.count >= headerLength else { return truncated(.truncatedIPv4Header) }
        var total = Int(b.u16(2))
        if total == 0 { total = b.count }  // TCP segmentation offload on the capturing host
        guard total >= headerLength else { return malformed(.badIPv4TotalLength) }
        if total > b.count {
            guard frameTruncated else { return malformed(.badIPv4TotalLength) }
            payloadCut = true
            total = b.count
        }
        let proto = b.u8(9)
        guard carriesDNS(proto) else { return skip() }
        let source = IPAddress.v4(IPv4Address(b.u32(12)))
        let destination = IPAddress.v4(IPv4Address(b.u32(16)))
        let payload = b.prefix(total).dropFirst(headerLength)
        let flagsOffset = b.u16(6)
        if flagsOffset & 0x3FFF == 0 {
            return try transport(proto, payload, source, destination, depth: depth, body)
        }
        // A fragment: more-fragments flag or a non-zero offset.
        guard !payloadCut else { return malformed(.truncatedByCapture) }
        let key = FragmentKey(source: source, destination: destination,
                              id: UInt32(b.u16(4)), proto: proto)
        let result = fragments.add(key: key, isIPv6: false, offset: Int(flagsOffset & 0x1FFF) * 8,
                                   more: flagsOffset & 0x2000 != 0, payload: payload,
                                   nextHeader: proto, now: nowNanos)
        switch result {
        case .pending: return
        case .malformed(let kind): return malformed(kind)
        case .complete(let datagram):
            try datagram.withBytes { whole in
                try transport(proto, whole, source, destination, depth: depth, body)
            }
        }
    }

    mutating func ipv6(_ b: RawBytes, depth: Int,
                       _ body: (CapturedMessage) throws -> Void) rethrows {
        guard b.count >= 40 else { return truncated(.truncatedIPv6Header) }
        guard b.u8(0) >> 4 == 6 else { return malformed(.ipVersionMismatch) }
        var length = Int(b.u16(4))
        let next = b.u8(6)
        if length == 0 && next == 0 { return malformed(.badIPv6PayloadLength) }  // jumbogram
        if 40 + length > b.count {
            guard frameTruncated else { return malformed(.badIPv6PayloadLength) }
            payloadCut = true
            length = b.count - 40
        }
        let source = IPAddress.v6(IPv6Address(b.u128(8)))
        let destination = IPAddress.v6(IPv6Address(b.u128(24)))
        try ipv6Payload(next, b.dropFirst(40).prefix(length), source, destination,
                        headersLeft: options.limits.maxIPv6ExtensionHeaders, depth: depth, body)
    }

    /// Walks the extension-header chain to the upper-layer protocol.
    mutating func ipv6Payload(_ firstNext: UInt8, _ bytes: RawBytes, _ source: IPAddress,
                              _ destination: IPAddress, headersLeft: Int, depth: Int,
                              _ body: (CapturedMessage) throws -> Void) rethrows {
        var next = firstNext
        var p = bytes
        var left = headersLeft
        while true {
            switch next {
            case 0, 43, 60, 51:  // hop-by-hop, routing, destination options, AH
                guard left > 0 else { return malformed(.tooManyIPv6ExtensionHeaders) }
                left -= 1
                guard p.count >= 8 else { return truncated(.truncatedIPv6ExtensionHeader) }
                let size = next == 51 ? (Int(p.u8(1)) + 2) * 4 : (Int(p.u8(1)) + 1) * 8
                guard p.count >= size else { return truncated(.truncatedIPv6ExtensionHeader) }
                next = p.u8(0)
                p = p.dropFirst(size)
            case 44:  // fragment header
                guard left > 0 else { return malformed(.tooManyIPv6ExtensionHeaders) }
                left -= 1
                guard p.count >= 8 else { return truncated(.truncatedIPv6ExtensionHeader) }
                let offsetFlags = p.u16(2)
                let inner = p.u8(0)
                if offsetFlags & 0xFFF9 == 0 {  // atomic fragment (RFC 6946)
                    next = inner
                    p = p.dropFirst(8)
                    continue
                }
                guard !payloadCut else { return malformed(.truncatedByCapture) }
                let key = FragmentKey(source: source, destination: destination, id: p.u32(4), proto: 0)
                let result = fragments.add(key: key, isIPv6: true, offset: Int(offsetFlags & 0xFFF8),
                                           more: offsetFlags & 1 == 1, payload: p.dropFirst(8),
                                           nextHeader: inner, now: nowNanos)
                switch result {
                case .pending: return
                case .malformed(let kind): return malformed(kind)
                case .complete(let datagram):
                    return try datagram.withBytes { whole in
                        try ipv6Payload(datagram.nextHeader, whole, source, destination,
                                        headersLeft: left, depth: depth, body)
                    }
                }
            default:
                guard carriesDNS(next) else { return skip() }
                return try transport(next, p, source, destination, depth: depth, body)
            }
        }
    }
}
