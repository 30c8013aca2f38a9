import DNSWire
import FluxModel

/// The delegations of one zone snapshot: per delegated domain, its NS set and the glue
/// addresses (with TTLs) of those name servers found in the zone.
public struct ZoneDelegations: Hashable, Sendable {
    /// One delegated domain.
    public struct Delegation: Hashable, Sendable {
        /// The name servers of the NS set.
        public var nameservers: Set<DNSName> = []
        /// The NS set's TTL (the smallest, if records disagree).
        public var nsTTL: UInt32?
        /// Glue: addresses of name servers present in the zone, each with its TTL.
        public var glue: [DNSName: [IPAddress: UInt32]] = [:]

        /// Creates a delegation.
        public init(nameservers: Set<DNSName> = [], nsTTL: UInt32? = nil, glue: [DNSName: [IPAddress: UInt32]] = [:]) {
            self.nameservers = nameservers
            self.nsTTL = nsTTL
            self.glue = glue
        }
    }

    /// The zone's apex (SOA owner), if seen.
    public var apex: DNSName?
    /// Delegations by delegated domain.
    public var delegations: [DNSName: Delegation]

    /// Creates delegations.
    public init(apex: DNSName?, delegations: [DNSName: Delegation]) {
        self.apex = apex
        self.delegations = delegations
    }
}

/// A sink that keeps only what `ZoneDelta` needs from a zone read: NS records below the apex
/// and A/AAAA records (glue candidates). Memory grows with the number of delegations, not
/// with the rest of the zone.
public struct DelegationCollector: IngestSink {
    private var apex: DNSName?
    private var ns: [DNSName: (Set<DNSName>, UInt32?)] = [:]
    private var addresses: [DNSName: [IPAddress: UInt32]] = [:]
    /// Problems seen while reading.
    public private(set) var problems: [IngestProblem] = []

    /// Creates an empty collector; `apex` is known from the SOA if not given.
    public init(apex: DNSName? = nil) { self.apex = apex }

    public mutating func observe(_ o: Observation) {
        switch o.data {
        case .soa where apex == nil:
            apex = o.name
        case .name(let target) where o.type == .ns:
            var entry = ns[o.name] ?? ([], nil)
            entry.0.insert(target)
            if let t = o.ttl { entry.1 = min(entry.1 ?? t, t) }
            ns[o.name] = entry
        case .a(let a):
            addresses[o.name, default: [:]][.v4(a)] = o.ttl ?? 0
        case .aaaa(let a):
            addresses[o.name, default: [:]][.v6(a)] = o.ttl ?? 0
        default:
            break
        }
    }
    public mutating func outcome(_ outcome: Outcome) {}
    public mutating func client(_ query: ClientQuery) {}
    public mutating func count(_ counter: IngestCounter, _ n: Int) {}
    public mutating func problem(_ problem: IngestProblem) { problems.append(problem) }

    /// The delegations: NS sets whose owner is not the apex, with glue for their name servers.
    public var delegations: ZoneDelegations {
        var result: [DNSName: ZoneDelegations.Delegation] = [:]
        for (domain, (servers, ttl)) in ns where domain != apex {
            var d = ZoneDelegations.Delegation(nameservers: servers, nsTTL: ttl)
            for server in servers {
                if let glue = addresses[server] { d.glue[server] = glue }
            }
            result[domain] = d
        }
        return ZoneDelegations(apex: apex, delegations: result)
    }
}
