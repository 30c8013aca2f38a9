/// Counters for one capture: what was read, what was DNS, what was skipped and why.
public struct CaptureStats: Sendable, Hashable {
    /// Frames read from the file or interface.
    public internal(set) var packets = 0
    /// Captured bytes of those frames (the record lengths, not the wire lengths).
    public internal(set) var bytes = 0
    /// Frames whose captured length was shorter than their length on the wire.
    public internal(set) var snaplenTruncatedPackets = 0
    /// The capture's link-layer type.
    public internal(set) var linkType = LinkType(rawValue: -1)
    /// Frames (or reassembled datagrams) that carried nothing for DNS: other ports,
    /// protocols or ethertypes. Checked before any costly work.
    public internal(set) var nonDNSPackets = 0
    /// DNS messages taken from UDP datagrams.
    public internal(set) var udpMessages = 0
    /// DNS messages taken from TCP streams.
    public internal(set) var tcpMessages = 0
    /// Tunnel layers removed (GRE, VXLAN, Geneve, GTP-U, GRE-in-UDP, IP-in-IP).
    public internal(set) var tunnelsDecapsulated = 0
    /// IPv4 and IPv6 fragment reassembly.
    public internal(set) var fragments = FragmentStats()
    /// DNS-over-TCP stream reassembly.
    public internal(set) var tcp = TCPStats()
    /// Malformed frames by kind; kinds never seen are absent.
    public internal(set) var malformed: [MalformedKind: Int] = [:]
    /// Set when the capture ended in an error after some records were read, for example a
    /// file whose last record is cut short; holds libpcap's message.
    public internal(set) var endedEarly: String?
    /// For live captures: packets the kernel or interface dropped (`pcap_stats`).
    public internal(set) var droppedByKernel = 0
    /// For live captures: packets dropped by the interface or driver (`ps_ifdrop`).
    public internal(set) var droppedByInterface = 0

    /// All DNS messages found.
    public var messages: Int { udpMessages + tcpMessages }
    /// All malformed frames, whatever their kind.
    public var malformedTotal: Int { malformed.values.reduce(0, +) }

    /// Creates zeroed counters.
    public init() {}
}

/// Counters for IPv4 and IPv6 fragment reassembly.
public struct FragmentStats: Sendable, Hashable {
    /// IPv4 fragments seen.
    public internal(set) var ipv4Fragments = 0
    /// IPv6 fragments seen (atomic fragments, RFC 6946, are not counted).
    public internal(set) var ipv6Fragments = 0
    /// Datagrams completed.
    public internal(set) var reassembled = 0
    /// Incomplete datagrams dropped after ``CaptureLimits/fragmentTimeout``.
    public internal(set) var droppedTimeout = 0
    /// Datagrams dropped because a count or memory cap was reached.
    public internal(set) var droppedLimit = 0
    /// Fragments that overlapped data already received (IPv4 keeps the first copy;
    /// IPv6 drops the datagram, RFC 5722).
    public internal(set) var overlaps = 0
    /// Datagrams dropped for overlaps or inconsistent lengths.
    public internal(set) var droppedInvalid = 0
    /// Datagrams still incomplete when the capture ended.
    public internal(set) var incompleteAtEnd = 0

    /// Creates zeroed counters.
    public init() {}
}

/// Counters for DNS-over-TCP stream reassembly.
public struct TCPStats: Sendable, Hashable {
    /// Directions of connections seen (a connection has two).
    public internal(set) var streams = 0
    /// Streams first seen without a SYN (the capture began mid-connection).
    public internal(set) var midstreamStarts = 0
    /// Segments whose data had all been seen before.
    public internal(set) var retransmissions = 0
    /// Segments that arrived ahead of missing data and were held.
    public internal(set) var outOfOrder = 0
    /// Missing data given up on: the stream resynchronises after it.
    public internal(set) var gaps = 0
    /// Bytes skipped while looking for a message boundary after a gap or mid-stream start.
    public internal(set) var resyncSkippedBytes = 0
    /// Partial messages abandoned (FIN, RST, gap, eviction or end of capture).
    public internal(set) var incompleteMessages = 0
    /// Streams dropped because the stream or byte cap was reached.
    public internal(set) var streamsEvicted = 0
    /// Streams forgotten after ``CaptureLimits/tcpIdleTimeout``.
    public internal(set) var streamsExpired = 0
    /// Bytes held by partial messages and early segments when the capture ended.
    public internal(set) var bufferedBytesAtEnd = 0

    /// Creates zeroed counters.
    public init() {}
}
