import DNSWire

/// Something that maps an address to what it knows about the address's network: a libloc
/// or MaxMind database, a prefix-to-AS table. Sources are shared between tasks, so they
/// are `Sendable`; a lookup never changes what later lookups answer.
public protocol NetworkSource: Sendable {
    /// A short name for provenance (`libloc`, `mmdb:GeoLite2-ASN`, `pfx2as`…).
    var name: String { get }

    /// The source's record for the network containing `address`, or `nil` when it has none.
    /// Throws when the database turns out to be corrupt at this record.
    func lookup(_ address: IPAddress) throws(EnrichmentError) -> NetworkInfo?

    /// The name of an autonomous system, when the source has an AS directory.
    func asName(for asn: UInt32) -> String?
}

extension NetworkSource {
    /// Sources without an AS directory know no names.
    public func asName(for asn: UInt32) -> String? { nil }
}
