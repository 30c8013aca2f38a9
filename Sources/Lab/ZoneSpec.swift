/// One zone of a scenario as written in the file: its name, class and the parameters that
/// differ from the class defaults (`ZoneSpec+Defaults.swift`). Every parameter is optional;
/// `resolved()` fills in the rest.
public struct ZoneSpec: Codable, Hashable, Sendable {
    /// The zone apex, e.g. `avalanche-shop.lab`; must lie directly below a scenario TLD.
    public var name: String
    /// What the zone simulates (YAML key `class`).
    public var kind: DomainClass
    /// TTL of the address (or CNAME) answers.
    public var ttl: UInt32?
    /// Addresses per answer (the most a pool answer holds; round-robin and large sites
    /// answer with their whole set).
    public var answerCount: Int?
    /// The ASes whose announced networks the addresses come from.
    public var asns: [UInt32]?
    /// Number of agents, nodes, mirrors or servers in the pool (or set).
    public var poolSize: Int?
    /// Shortest and longest time a pool member stays before it is replaced.
    public var minLifetime: SimDuration?
    /// See `minLifetime`.
    public var maxLifetime: SimDuration?
    /// Fraction of living pool members online (answering) in any hour.
    public var online: Double?
    /// Whether any name below the apex answers (random wildcard subdomains).
    public var wildcard: Bool?
    /// Whether names also answer AAAA from the ASes' IPv6 networks.
    public var ipv6: Bool?
    /// Host labels answering below the apex (`www`, dynamic-DNS host names, pool numbers).
    public var hosts: [String]?
    /// How often the slow part changes: a dynamic-DNS address, a CDN's edge sets, the NS
    /// set of a double-flux zone.
    public var changeEvery: SimDuration?
    /// Number of NS records in the delegation.
    public var nsCount: Int?
    /// Number of distinct NS host names a double-flux zone draws its NS set from.
    public var nsPool: Int?
    /// TTL of the NS records (in the parent's referral and at the apex).
    public var nsTTL: UInt32?
    /// TTL of the NS hosts' addresses (glue in the parent, A records in the zone).
    public var glueTTL: UInt32?
    /// How often a double-flux zone moves its NS hosts to other agents.
    public var glueRotation: SimDuration?
    /// The CDN provider zone the CNAME chain leads into (CDN only).
    public var provider: String?
    /// Number of geographic regions a CDN answers differently for.
    public var regions: Int?
    /// TTL of negative answers (the SOA minimum).
    public var negativeTTL: UInt32?

    /// Creates a zone of `kind` with every parameter at its class default.
    public init(name: String, kind: DomainClass) {
        self.name = name
        self.kind = kind
    }

    /// The YAML keys.
    enum CodingKeys: String, CodingKey, CaseIterable {
        case name
        case kind = "class"
        case ttl
        case answerCount = "answer-count"
        case asns
        case poolSize = "pool-size"
        case minLifetime = "min-lifetime"
        case maxLifetime = "max-lifetime"
        case online, wildcard, ipv6, hosts
        case changeEvery = "change-every"
        case nsCount = "ns-count"
        case nsPool = "ns-pool"
        case nsTTL = "ns-ttl"
        case glueTTL = "glue-ttl"
        case glueRotation = "glue-rotation"
        case provider, regions
        case negativeTTL = "negative-ttl"
    }

    /// Decodes a zone, rejecting keys this version does not know (a typo would otherwise
    /// silently leave a parameter at its default).
    public init(from decoder: any Decoder) throws {
        try UnknownKeys.reject(in: decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        kind = try c.decode(DomainClass.self, forKey: .kind)
        ttl = try c.decodeIfPresent(UInt32.self, forKey: .ttl)
        answerCount = try c.decodeIfPresent(Int.self, forKey: .answerCount)
        asns = try c.decodeIfPresent([UInt32].self, forKey: .asns)
        poolSize = try c.decodeIfPresent(Int.self, forKey: .poolSize)
        minLifetime = try c.decodeIfPresent(SimDuration.self, forKey: .minLifetime)
        maxLifetime = try c.decodeIfPresent(SimDuration.self, forKey: .maxLifetime)
        online = try c.decodeIfPresent(Double.self, forKey: .online)
        wildcard = try c.decodeIfPresent(Bool.self, forKey: .wildcard)
        ipv6 = try c.decodeIfPresent(Bool.self, forKey: .ipv6)
        hosts = try c.decodeIfPresent([String].self, forKey: .hosts)
        changeEvery = try c.decodeIfPresent(SimDuration.self, forKey: .changeEvery)
        nsCount = try c.decodeIfPresent(Int.self, forKey: .nsCount)
        nsPool = try c.decodeIfPresent(Int.self, forKey: .nsPool)
        nsTTL = try c.decodeIfPresent(UInt32.self, forKey: .nsTTL)
        glueTTL = try c.decodeIfPresent(UInt32.self, forKey: .glueTTL)
        glueRotation = try c.decodeIfPresent(SimDuration.self, forKey: .glueRotation)
        provider = try c.decodeIfPresent(String.self, forKey: .provider)
        regions = try c.decodeIfPresent(Int.self, forKey: .regions)
        negativeTTL = try c.decodeIfPresent(UInt32.self, forKey: .negativeTTL)
    }
}
