import DNSWire

/// What is known about the network of one address: origin AS, announced prefix, AS name,
/// country and flags. Every field is optional because no source knows everything.
public struct NetworkInfo: Hashable, Sendable, Codable {
    /// The address that was looked up.
    public var address: IPAddress
    /// The origin autonomous system number. For multi-origin prefixes, the chosen one
    /// (see ``originSet``).
    public var asn: UInt32?
    /// The announced (or database) prefix that contains the address.
    public var prefix: IPPrefix?
    /// The AS name or organisation.
    public var asName: String?
    /// The ISO 3166-1 alpha-2 country code, upper case.
    public var country: String?
    /// Network flags.
    public var flags: NetworkFlags
    /// Every origin AS when a table lists several (CAIDA `_` multi-origin, `,` AS sets).
    public var originSet: [UInt32]?
    /// The CDN or cloud provider name when ``flags`` has `.cdn` or `.cloud`.
    public var provider: String?
    /// Names of the sources that contributed fields, in order.
    public var sources: [String]
    /// Problems met while looking up (for example a corrupt database record), as
    /// `source: reason`. Empty when all went well.
    public var problems: [String]

    /// Creates a record; only the address is required.
    public init(address: IPAddress, asn: UInt32? = nil, prefix: IPPrefix? = nil,
                asName: String? = nil, country: String? = nil, flags: NetworkFlags = [],
                originSet: [UInt32]? = nil, provider: String? = nil,
                sources: [String] = [], problems: [String] = []) {
        self.address = address
        self.asn = asn
        self.prefix = prefix
        self.asName = asName
        self.country = country
        self.flags = flags
        self.originSet = originSet
        self.provider = provider
        self.sources = sources
        self.problems = problems
    }

    /// True when the address is a bogon (private, documentation or reserved): it must not
    /// count as ASN, prefix or country diversity.
    public var isBogon: Bool { flags.contains(.bogon) }

    private enum CodingKeys: String, CodingKey {
        case address, asn, prefix, asName = "as_name", country, flags
        case originSet = "origin_set", provider, sources, problems
    }

    /// Encodes with the address as text and snake_case keys.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(address.description, forKey: .address)
        try c.encodeIfPresent(asn, forKey: .asn)
        try c.encodeIfPresent(prefix, forKey: .prefix)
        try c.encodeIfPresent(asName, forKey: .asName)
        try c.encodeIfPresent(country, forKey: .country)
        try c.encode(flags, forKey: .flags)
        try c.encodeIfPresent(originSet, forKey: .originSet)
        try c.encodeIfPresent(provider, forKey: .provider)
        try c.encode(sources, forKey: .sources)
        if !problems.isEmpty { try c.encode(problems, forKey: .problems) }
    }

    /// Decodes what ``encode(to:)`` writes.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let text = try c.decode(String.self, forKey: .address)
        guard let address = IPAddress(text) else {
            throw DecodingError.dataCorruptedError(forKey: .address, in: c, debugDescription: "not an address: \(text)")
        }
        self.init(
            address: address,
            asn: try c.decodeIfPresent(UInt32.self, forKey: .asn),
            prefix: try c.decodeIfPresent(IPPrefix.self, forKey: .prefix),
            asName: try c.decodeIfPresent(String.self, forKey: .asName),
            country: try c.decodeIfPresent(String.self, forKey: .country),
            flags: try c.decodeIfPresent(NetworkFlags.self, forKey: .flags) ?? [],
            originSet: try c.decodeIfPresent([UInt32].self, forKey: .originSet),
            provider: try c.decodeIfPresent(String.self, forKey: .provider),
            sources: try c.decodeIfPresent([String].self, forKey: .sources) ?? [],
            problems: try c.decodeIfPresent([String].self, forKey: .problems) ?? [])
    }
}
