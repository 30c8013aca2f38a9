import DNSWire

/// A flux network id as remembered between analysis runs: its member domains and when the
/// id was first given out. Detection reads these to carry ids over; the store keeps them.
public struct NetworkMembership: Hashable, Sendable {
    /// The network id (`fn-0123abcd`).
    public var id: String
    /// The domains the network had when last recorded.
    public var domains: Set<DNSName>
    /// When the id was first given out: the older of two merging networks keeps its id.
    public var createdAt: Timestamp

    /// Creates a membership.
    public init(id: String, domains: Set<DNSName>, createdAt: Timestamp) {
        self.id = id
        self.domains = domains
        self.createdAt = createdAt
    }
}
