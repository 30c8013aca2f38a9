import DNSWire

/// The transport a DNS message travelled over.
public enum Transport: String, Sendable, Hashable, CustomStringConvertible {
    /// One message per UDP datagram.
    case udp
    /// A message from a TCP stream, framed by a 2-byte length (RFC 1035 section 4.2.2).
    case tcp

    public var description: String { rawValue }
}

/// A capture timestamp with nanosecond precision.
public struct CaptureTimestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Whole seconds since the Unix epoch.
    public var seconds: Int64
    /// Nanoseconds within the second, `0..<1_000_000_000`.
    public var nanoseconds: UInt32

    /// Creates a timestamp.
    public init(seconds: Int64, nanoseconds: UInt32) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    /// Seconds since the epoch as a `Double` (microsecond precision survives until ~2200).
    public var timeInterval: Double { Double(seconds) + Double(nanoseconds) / 1e9 }

    /// Nanoseconds since the epoch (saturating), the clock used for reassembly timeouts.
    var totalNanoseconds: Int64 {
        let (m, o1) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if o1 { return seconds < 0 ? .min : .max }
        let (s, o2) = m.addingReportingOverflow(Int64(nanoseconds))
        return o2 ? .max : s
    }

    public var description: String {
        let ns = String(nanoseconds)
        return "\(seconds).\(String(repeating: "0", count: 9 - ns.count))\(ns)"
    }

    public static func < (a: CaptureTimestamp, b: CaptureTimestamp) -> Bool {
        (a.seconds, a.nanoseconds) < (b.seconds, b.nanoseconds)
    }
}

/// One DNS message found in a capture: its bytes, endpoints and time.
///
/// `payload` points into libpcap's packet buffer or a reassembly buffer and is valid only
/// during the callback that receives the message: copy it (`Array(message.payload)`) or
/// parse it there. It holds the DNS message alone, without the TCP 2-byte length.
public struct CapturedMessage {
    /// When the frame that completed the message was captured.
    public var timestamp: CaptureTimestamp
    /// The sender's address (the innermost IP header when tunnelled).
    public var source: IPAddress
    /// The receiver's address.
    public var destination: IPAddress
    /// The sender's UDP or TCP port.
    public var sourcePort: UInt16
    /// The receiver's UDP or TCP port.
    public var destinationPort: UInt16
    /// UDP or TCP.
    public var transport: Transport
    /// The DNS message bytes; valid only during the callback.
    public var payload: UnsafeRawBufferPointer
    /// The 1-based index of the frame that completed the message (as tshark's `frame.number`).
    public var frameIndex: Int
    /// How many tunnel layers (GRE, VXLAN, Geneve, GTP-U, IP-in-IP) were removed; 0 if none.
    public var tunnelDepth: Int

    /// The timestamp as fractional seconds since the epoch.
    public var seconds: Double { timestamp.timeInterval }
}
