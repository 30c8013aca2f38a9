/// What enrichment knows about one address: its origin network and flags. Every field may
/// be unknown; features treat unknown as unknown, never as zero.
public struct AddressInfo: Hashable, Sendable, Codable {
    /// Origin autonomous system number.
    public var asn: UInt32?
    /// The announced prefix containing the address, as text (`192.0.2.0/24`).
    public var prefix: String?
    /// The AS name or organisation.
    public var asName: String?
    /// ISO 3166 country code.
    public var country: String?
    /// Known CDN or cloud provider name, if the address is in one of their published ranges.
    public var cdnProvider: String?
    /// Anycast network (libloc flag).
    public var isAnycast: Bool
    /// Hosting provider network (libloc flag).
    public var isHosting: Bool
    /// Private, reserved, documentation or otherwise special-purpose (never counted as
    /// network diversity).
    public var isSpecial: Bool

    /// Creates address facts.
    public init(asn: UInt32? = nil, prefix: String? = nil, asName: String? = nil, country: String? = nil,
                cdnProvider: String? = nil, isAnycast: Bool = false, isHosting: Bool = false, isSpecial: Bool = false) {
        self.asn = asn
        self.prefix = prefix
        self.asName = asName
        self.country = country
        self.cdnProvider = cdnProvider
        self.isAnycast = isAnycast
        self.isHosting = isHosting
        self.isSpecial = isSpecial
    }
}
