import DNSWire
import FluxModel

/// What enrichment found for one address: origin AS, announced prefix, AS name, country and
/// flags, and from which database. A plain value so the store does not depend on the
/// Enrichment module.
public struct AddressInfoRecord: Hashable, Sendable {
    /// The address enriched.
    public var address: IPAddress
    /// The origin AS number, if the address is announced.
    public var asn: UInt32?
    /// The announced prefix in CIDR form, e.g. `192.0.2.0/24`.
    public var prefix: String?
    /// The origin AS's name, as the database gives it.
    public var asName: String?
    /// ISO 3166-1 alpha-2 country code.
    public var country: String?
    /// Flags such as `bogon`, `private`, `anycast`, `cdn`; stored comma-separated, so a flag
    /// must not contain a comma.
    public var flags: [String]
    /// When this address was first enriched (kept across later updates).
    public var firstEnrichedAt: Timestamp
    /// When this record was last written.
    public var enrichedAt: Timestamp
    /// The database that answered (name and version), e.g. `libloc 2026-11-20`.
    public var database: String?

    /// Creates a record; `firstEnrichedAt` defaults to `enrichedAt`.
    public init(address: IPAddress, asn: UInt32? = nil, prefix: String? = nil, asName: String? = nil,
                country: String? = nil, flags: [String] = [], enrichedAt: Timestamp,
                firstEnrichedAt: Timestamp? = nil, database: String? = nil) {
        self.address = address
        self.asn = asn
        self.prefix = prefix
        self.asName = asName
        self.country = country
        self.flags = flags
        self.enrichedAt = enrichedAt
        self.firstEnrichedAt = firstEnrichedAt ?? enrichedAt
        self.database = database
    }
}
