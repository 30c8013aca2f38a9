import DNSWire

/// Who asked: what geo-dependent answers (CDNs) depend on.
public struct LabClient: Hashable, Sendable {
    /// The source address of the query, if known.
    public var address: IPAddress?
    /// The source port of the query, if known.
    public var port: UInt16?

    /// Creates a client description.
    public init(address: IPAddress? = nil, port: UInt16? = nil) {
        self.address = address
        self.port = port
    }

    /// A stable key for the client's location: the EDNS Client Subnet address (RFC 7871)
    /// when the query carries one, else the source address unless it is loopback, else the
    /// source port (so that probes from one machine can still see several regions), else 0.
    func locationKey(subnet: IPAddress?) -> UInt64 {
        if let subnet { return SplitMix64.hash(LabClient.truncated(subnet).description) }
        if let address, !LabClient.isLoopback(address) {
            return SplitMix64.hash(LabClient.truncated(address).description)
        }
        return UInt64(port ?? 0)
    }

    /// The /24 of an IPv4 address or the /48 of an IPv6 address: the granularity at which
    /// the simulated CDNs map clients to regions.
    static func truncated(_ address: IPAddress) -> IPAddress {
        switch address {
        case .v4(let a): return .v4(IPv4Address(a.value & 0xFFFF_FF00))
        case .v6(let a): return .v6(IPv6Address(a.value & ~((UInt128(1) << 80) - 1)))
        }
    }

    static func isLoopback(_ address: IPAddress) -> Bool {
        switch address {
        case .v4(let a): return a.value >> 24 == 127
        case .v6(let a): return a.value == 1 || a.mappedIPv4.map { $0.value >> 24 == 127 } == true
        }
    }
}
