/// The kind of hosting a lab domain simulates: the ground truth that tests and
/// `fluxscope evaluate` compare verdicts with.
public enum DomainClass: String, Codable, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    /// Avalanche- or Waledac-like single flux: A records rotate across compromised
    /// consumer machines with low TTLs.
    case fastFlux = "fast-flux"
    /// Fast flux whose name servers (NS records and their glue) rotate too.
    case doubleFlux = "double-flux"
    /// A content delivery network: few ASNs, stable anycast-like sets, CNAME chains.
    case cdn
    /// A fixed farm of servers in one hosting AS, answered in rotated order.
    case roundRobin = "round-robin"
    /// An NTP-pool-like volunteer pool: many ASNs, slowly changing membership.
    case ntpPool = "ntp-pool"
    /// Volunteer software mirrors at universities and hosting networks.
    case mirrorPool = "mirror-pool"
    /// A Bitcoin-seeder-like list of residential peers: many addresses, many ASNs.
    case seederPool = "seeder-pool"
    /// Dynamic-DNS home hosts: one consumer address that changes every few days.
    case dynamicDNS = "dynamic-dns"
    /// A large site with many addresses in its own ASes.
    case largeSite = "large-site"
    /// A VPN or proxy service: exit nodes in hosting ASes in many countries.
    case vpn

    /// True for fast and double flux.
    public var isFlux: Bool { self == .fastFlux || self == .doubleFlux }

    /// The binary label `fluxscope evaluate` reads: `flux` or `benign`.
    public var label: String { isFlux ? "flux" : "benign" }

    /// The class name as written in scenarios and label files.
    public var description: String { rawValue }
}
