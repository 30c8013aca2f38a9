/// What a capture reader treats as DNS and how much memory it may hold.
public struct CaptureOptions: Sendable, Hashable {
    /// A UDP datagram or TCP stream is DNS when either of its ports is in this set.
    /// Add 5353 for mDNS (RFC 6762) and 5355 for LLMNR (RFC 4795), which use the DNS format.
    public var dnsPorts: Set<UInt16>
    /// Remove GRE, VXLAN, Geneve, GTP-U, GRE-in-UDP and IP-in-IP layers to find DNS inside.
    public var decapsulateTunnels: Bool
    /// Memory and work bounds for hostile or huge input.
    public var limits: CaptureLimits

    /// Creates options; the defaults take port 53 and decapsulate tunnels.
    public init(dnsPorts: Set<UInt16> = [53], decapsulateTunnels: Bool = true,
                limits: CaptureLimits = CaptureLimits()) {
        self.dnsPorts = dnsPorts
        self.decapsulateTunnels = decapsulateTunnels
        self.limits = limits
    }
}

/// Bounds on the memory and work the decoder spends on any input.
///
/// Every buffer the decoder keeps (IP fragments, TCP stream data) counts against these
/// caps; past a cap the oldest state is dropped and counted in ``CaptureStats``.
public struct CaptureLimits: Sendable, Hashable {
    /// IP datagrams being reassembled at once (IPv4 and IPv6 together).
    public var maxConcurrentReassemblies: Int = 1024
    /// Bytes held by all fragment reassembly buffers together.
    public var maxReassemblyBytes: Int = 16 << 20
    /// Fragments accepted for one datagram.
    public var maxFragmentsPerDatagram: Int = 64
    /// Seconds of capture time after which an incomplete datagram is dropped (RFC 8200 uses 60).
    public var fragmentTimeout: Double = 30
    /// TCP directions (4-tuple + direction) tracked at once.
    public var maxTCPStreams: Int = 65536
    /// Bytes buffered by all TCP streams together (partial messages and early segments).
    public var maxTCPBufferedBytes: Int = 64 << 20
    /// Out-of-order segments held per stream before a gap is declared.
    public var maxOutOfOrderSegments: Int = 32
    /// Out-of-order bytes held per stream before a gap is declared.
    public var maxOutOfOrderBytes: Int = 256 << 10
    /// Seconds of capture time after which an idle TCP stream is forgotten.
    public var tcpIdleTimeout: Double = 300
    /// Tunnel layers removed before a packet is given up.
    public var maxEncapsulationDepth: Int = 8
    /// 802.1Q/802.1ad tags (or MPLS labels) skipped in a row.
    public var maxVLANTags: Int = 8
    /// IPv6 extension headers followed in one packet.
    public var maxIPv6ExtensionHeaders: Int = 8

    /// Creates the default limits.
    public init() {}
}
