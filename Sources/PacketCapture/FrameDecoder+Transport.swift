import DNSWire

/// UDP (RFC 768) and TCP (RFC 9293) headers; the DNS port test comes first.
extension FrameDecoder {
    mutating func transport(_ proto: UInt8, _ p: RawBytes, _ source: IPAddress,
                            _ destination: IPAddress, depth: Int,
                            _ body: (CapturedMessage) throws -> Void) rethrows {
        switch proto {
        case 17: try udp(p, source, destination, depth: depth, body)
        case 6: try tcp(p, source, destination, depth: depth, body)
        case 4, 41:  // IPv4-in-IP, IPv6-in-IP (RFC 2003, 4213)
            guard enterTunnel(depth) else { return }
            if proto == 4 {
                try ipv4(p, depth: depth + 1, body)
            } else {
                try ipv6(p, depth: depth + 1, body)
            }
        case 47: try gre(p, depth: depth, body)
        default: skip()
        }
    }

    mutating func udp(_ p: RawBytes, _ source: IPAddress, _ destination: IPAddress, depth: Int,
                      _ body: (CapturedMessage) throws -> Void) rethrows {
        guard p.count >= 8 else { return truncated(.truncatedUDPHeader) }
        let sourcePort = p.u16(0)
        let destinationPort = p.u16(2)
        guard ports.contains(sourcePort) || ports.contains(destinationPort) else {
            guard tunnels else { return skip() }
            return try udpTunnel(p, sourcePort, destinationPort, depth: depth, body)
        }
        let length = Int(p.u16(4))
        guard length >= 8 else { return malformed(.badUDPLength) }
        guard length <= p.count else {
            return malformed(payloadCut || frameTruncated ? .truncatedByCapture : .badUDPLength)
        }
        counters.udpMessages &+= 1
        try body(CapturedMessage(
            timestamp: now, source: source, destination: destination, sourcePort: sourcePort,
            destinationPort: destinationPort, transport: .udp,
            payload: UnsafeRawBufferPointer(start: p.base + 8, count: length - 8),
            frameIndex: frameIndex, tunnelDepth: depth))
    }

    mutating func tcp(_ p: RawBytes, _ source: IPAddress, _ destination: IPAddress, depth: Int,
                      _ body: (CapturedMessage) throws -> Void) rethrows {
        guard p.count >= 20 else { return truncated(.truncatedTCPHeader) }
        let sourcePort = p.u16(0)
        let destinationPort = p.u16(2)
        guard ports.contains(sourcePort) || ports.contains(destinationPort) else { return skip() }
        let headerLength = Int(p.u8(12) >> 4) * 4
        guard headerLength >= 20 else { return malformed(.badTCPDataOffset) }
        guard headerLength <= p.count else {
            return malformed(payloadCut ? .truncatedByCapture : .badTCPDataOffset)
        }
        // Data cut by the snapshot length is lost: the stream sees a gap where it was.
        guard !payloadCut else { return malformed(.truncatedByCapture) }
        let flags = TCPFlags(rawValue: p.u8(13))
        let data = p.dropFirst(headerLength)
        // A bare ACK changes nothing: skip the stream lookup.
        if data.count == 0 && flags.intersection([.syn, .fin, .rst]).isEmpty { return }
        let key = FlowKey(source: source, destination: destination,
                          sourcePort: sourcePort, destinationPort: destinationPort)
        let stamp = now
        let index = frameIndex
        var emitted = 0
        try streams.segment(key: key, seq: p.u32(4), ack: p.u32(8), flags: flags, data: data,
                            now: nowNanos) { msg, reversed in
            emitted += 1
            try body(CapturedMessage(
                timestamp: stamp, source: reversed ? destination : source,
                destination: reversed ? source : destination,
                sourcePort: reversed ? destinationPort : sourcePort,
                destinationPort: reversed ? sourcePort : destinationPort, transport: .tcp,
                payload: msg, frameIndex: index, tunnelDepth: depth))
        }
        counters.tcpMessages &+= emitted
        let zeros = streams.takeZeroLengthCount()
        if zeros > 0 { malformedCounts[MalformedKind.zeroLengthTCPMessage.rawValue] &+= zeros }
    }

    /// Counts a tunnel layer; false (and a malformed count) past the depth limit.
    @inline(__always) mutating func enterTunnel(_ depth: Int) -> Bool {
        guard depth + 1 <= options.limits.maxEncapsulationDepth else {
            malformed(.tunnelTooDeep)
            return false
        }
        counters.tunnelsDecapsulated &+= 1
        return true
    }
}
