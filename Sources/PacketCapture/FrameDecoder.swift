import DNSWire

/// Turns captured frames into DNS messages: link layer, VLAN/MPLS/PPPoE, tunnels, IPv4 and
/// IPv6 (with fragment reassembly), UDP, and TCP stream reassembly with 2-byte framing.
///
/// Both ``CaptureFileReader`` and ``LiveCapture`` feed their frames through one decoder;
/// tests and other sources can feed frames directly with ``decode(timestamp:frame:wireLength:_:)``.
/// Every field is checked against the bytes present before it is read, every loop is
/// bounded, and all state it keeps is capped by ``CaptureLimits``.
public struct FrameDecoder {
    /// The link-layer type of the frames.
    public let linkType: LinkType
    /// The options it was made with.
    public let options: CaptureOptions

    let ports: PortSet
    let tunnels: Bool
    var counters = CaptureStats()
    var fragments: FragmentReassembler
    var streams: TCPReassembler
    /// Malformed counts by `MalformedKind.rawValue` (a dictionary is built only for `stats`).
    var malformedCounts = [Int](repeating: 0, count: MalformedKind.allCases.count)

    // Per-frame context.
    var now = CaptureTimestamp(seconds: 0, nanoseconds: 0)
    var nowNanos: Int64 = 0
    var frameIndex = 0
    var frameTruncated = false
    /// Set when an IP header claimed more bytes than the snapshot kept.
    var payloadCut = false

    /// Creates a decoder for frames of one link type.
    public init(linkType: LinkType, options: CaptureOptions = CaptureOptions()) {
        self.linkType = linkType
        self.options = options
        ports = PortSet(options.dnsPorts)
        tunnels = options.decapsulateTunnels
        fragments = FragmentReassembler(limits: options.limits)
        streams = TCPReassembler(limits: options.limits)
        counters.linkType = linkType
    }

    /// Counters so far, including those of the fragment and TCP reassemblers.
    public var stats: CaptureStats {
        var s = counters
        s.fragments = fragments.stats
        s.tcp = streams.stats
        for kind in MalformedKind.allCases where malformedCounts[kind.rawValue] > 0 {
            s.malformed[kind] = malformedCounts[kind.rawValue]
        }
        return s
    }

    /// Decodes one frame and calls `body` for each DNS message it completes (none, one, or
    /// several for TCP). Frames are numbered from 1 in the order they are given.
    /// - Parameters:
    ///   - timestamp: when the frame was captured.
    ///   - frame: the captured bytes, starting at the link-layer header.
    ///   - wireLength: the frame's length on the wire; a larger value than `frame.count`
    ///     marks a frame cut by the snapshot length. `nil` means `frame.count`.
    public mutating func decode(
        timestamp: CaptureTimestamp, frame: UnsafeRawBufferPointer, wireLength: Int? = nil,
        _ body: (CapturedMessage) throws -> Void
    ) rethrows {
        let bytes = RawBytes(frame)
        frameIndex &+= 1
        counters.packets &+= 1
        counters.bytes &+= bytes.count
        now = timestamp
        nowNanos = timestamp.totalNanoseconds
        frameTruncated = (wireLength ?? bytes.count) > bytes.count
        if frameTruncated { counters.snaplenTruncatedPackets &+= 1 }
        payloadCut = false
        try link(bytes, body)
    }

    /// Ends the capture: delivers TCP messages held behind gaps that will never be filled
    /// (numbered with the last frame), then counts fragments and partial TCP messages still
    /// waiting as incomplete and frees their memory. Decoding may continue afterwards.
    public mutating func finish(_ body: (CapturedMessage) throws -> Void) rethrows {
        let stamp = now
        let index = frameIndex
        var emitted = 0
        try streams.flush { payload, key in
            emitted += 1
            try body(CapturedMessage(
                timestamp: stamp, source: key.source, destination: key.destination,
                sourcePort: key.sourcePort, destinationPort: key.destinationPort, transport: .tcp,
                payload: payload, frameIndex: index, tunnelDepth: 0))
        }
        counters.tcpMessages &+= emitted
        fragments.finish()
        streams.finish()
    }

    @inline(__always) mutating func malformed(_ kind: MalformedKind) {
        malformedCounts[kind.rawValue] &+= 1
    }

    /// Counts a header cut short: blamed on the snapshot length when the frame was cut.
    @inline(__always) mutating func truncated(_ kind: MalformedKind) {
        malformed(frameTruncated ? .truncatedByCapture : kind)
    }

    @inline(__always) mutating func skip() {
        counters.nonDNSPackets &+= 1
    }
}
