/// A source's number within one store (stable once assigned).
public typealias SourceID = Int64

/// Where observations come from: the kind of input and a name that tells instances apart
/// (a sensor, a resolver, a file).
public struct Source: Hashable, Sendable, Codable {
    /// The kinds of input FluxScope reads.
    public struct Kind: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let probe = Kind(rawValue: "probe")
        public static let pcap = Kind(rawValue: "pcap")
        public static let live = Kind(rawValue: "live")
        public static let dnstap = Kind(rawValue: "dnstap")
        public static let zeek = Kind(rawValue: "zeek")
        public static let cof = Kind(rawValue: "cof")
        public static let dnsdb = Kind(rawValue: "dnsdb")
        public static let dnsdbZone = Kind(rawValue: "dnsdb-zone")
        public static let passivedns = Kind(rawValue: "passivedns")
        public static let dig = Kind(rawValue: "dig")
        public static let zone = Kind(rawValue: "zone")
    }

    public var kind: Kind
    /// A name that tells sources of one kind apart: a sensor, `resolver@127.0.0.1:53`, a file.
    public var name: String

    /// Creates a source.
    public init(kind: Kind, name: String) {
        self.kind = kind
        self.name = name
    }
}
