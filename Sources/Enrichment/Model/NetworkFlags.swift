/// Facts about the network an address belongs to. An open option set: sources set what
/// they know, the ``Enricher`` adds the special-purpose and CDN flags.
public struct NetworkFlags: OptionSet, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The raw bits.
    public let rawValue: UInt32

    /// Creates flags from raw bits.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Announced from many places (libloc `A3`, MaxMind `is_anycast`).
    public static let anycast = NetworkFlags(rawValue: 1 << 0)
    /// A satellite provider, whose location says little (libloc `A2`).
    public static let satellite = NetworkFlags(rawValue: 1 << 1)
    /// An anonymising proxy (libloc `A1`, MaxMind `is_anonymous_proxy`).
    public static let anonymousProxy = NetworkFlags(rawValue: 1 << 2)
    /// On a "do not route or peer" list such as Spamhaus DROP (libloc `XD`).
    public static let drop = NetworkFlags(rawValue: 1 << 3)
    /// A hosting or data-centre network (MaxMind `is_hosting_provider`).
    public static let hostingProvider = NetworkFlags(rawValue: 1 << 4)
    /// Private-use space: RFC 1918, RFC 4193 unique-local, RFC 6598 shared, loopback,
    /// link-local. Such addresses say nothing about where a host is on the Internet.
    public static let privateUse = NetworkFlags(rawValue: 1 << 5)
    /// Documentation ranges (RFC 5737, RFC 3849, RFC 9637): never seen in real answers.
    public static let documentation = NetworkFlags(rawValue: 1 << 6)
    /// Reserved or special-purpose space other than the above (RFC 6890 registries:
    /// "this network", benchmarking, multicast, 240/4, broadcast, translation prefixes…).
    public static let reserved = NetworkFlags(rawValue: 1 << 7)
    /// Not globally reachable per the IANA special-purpose registries: a bogon in a DNS
    /// answer. Set with ``privateUse``, ``documentation`` or ``reserved``. Bogons must
    /// never count as network diversity.
    public static let bogon = NetworkFlags(rawValue: 1 << 8)
    /// A known CDN (or reverse-proxy/WAF) network, from the committed provider table.
    public static let cdn = NetworkFlags(rawValue: 1 << 9)
    /// A known public-cloud network, from the committed provider table.
    public static let cloud = NetworkFlags(rawValue: 1 << 10)

    /// Each flag with its text name, in output order.
    public static let names: [(flag: NetworkFlags, name: String)] = [
        (.anycast, "anycast"), (.satellite, "satellite"), (.anonymousProxy, "anonymous-proxy"),
        (.drop, "drop"), (.hostingProvider, "hosting"), (.privateUse, "private"),
        (.documentation, "documentation"), (.reserved, "reserved"), (.bogon, "bogon"),
        (.cdn, "cdn"), (.cloud, "cloud"),
    ]

    /// The names of the set flags.
    public var nameList: [String] { NetworkFlags.names.filter { contains($0.flag) }.map(\.name) }

    /// Comma-separated names, or `-` when none are set.
    public var description: String { isEmpty ? "-" : nameList.joined(separator: ",") }

    /// Encodes as a list of names.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(nameList)
    }

    /// Decodes a list of names; unknown names are an error.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        var flags = NetworkFlags()
        for name in try container.decode([String].self) {
            guard let entry = NetworkFlags.names.first(where: { $0.name == name }) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown flag \(name)")
            }
            flags.insert(entry.flag)
        }
        self = flags
    }
}
