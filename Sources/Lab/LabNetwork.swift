import DNSWire

/// A network announced by an autonomous system, as the location database lists it.
public struct LabNetwork: Hashable, Sendable, CustomStringConvertible {
    /// The origin AS number.
    public var asn: UInt32
    /// The first address of the network.
    public var first: IPAddress
    /// The prefix length (0...32 for IPv4, 0...128 for IPv6).
    public var prefixLength: Int
    /// The ISO 3166 country code the database gives, or an empty string.
    public var country: String

    /// Creates a network.
    public init(asn: UInt32, first: IPAddress, prefixLength: Int, country: String = "") {
        self.asn = asn
        self.first = first
        self.prefixLength = prefixLength
        self.country = country
    }

    /// True for an IPv4 network.
    public var isV4: Bool { first.isV4 }

    /// `a.b.c.d/n` or `x::/n`.
    public var description: String { "\(first)/\(prefixLength)" }

    /// True if `address` lies inside the network.
    public func contains(_ address: IPAddress) -> Bool {
        switch (first, address) {
        case (.v4(let base), .v4(let a)):
            let mask: UInt32 = prefixLength == 0 ? 0 : ~UInt32(0) << (32 - prefixLength)
            return a.value & mask == base.value & mask
        case (.v6(let base), .v6(let a)):
            let mask: UInt128 = prefixLength == 0 ? 0 : ~UInt128(0) << (128 - prefixLength)
            return a.value & mask == base.value & mask
        default:
            return false
        }
    }

    /// A host address inside the network chosen by `generator`: for IPv4 never the network
    /// or broadcast address of a network larger than a /31, nor an address ending in .0 or
    /// .255; for IPv6 an address with a non-zero interface identifier.
    public func pickAddress(using generator: inout SplitMix64) -> IPAddress {
        switch first {
        case .v4(let base):
            let hostBits = 32 - prefixLength
            guard hostBits >= 2 else { return .v4(base) }
            let size = UInt64(1) << UInt64(hostBits)
            for _ in 0..<8 {
                let offset = 1 + UInt64(generator.below(Int(size - 2)))
                let value = base.value &+ UInt32(offset)
                if value & 0xFF != 0 && value & 0xFF != 0xFF { return .v4(IPv4Address(value)) }
            }
            return .v4(IPv4Address(base.value &+ 1))
        case .v6(let base):
            let hostBits = 128 - prefixLength
            guard hostBits > 0 else { return .v6(base) }
            let random = UInt128(generator.next()) << 64 | UInt128(generator.next())
            let mask: UInt128 = hostBits >= 128 ? ~0 : (UInt128(1) << UInt128(hostBits)) - 1
            var host = random & mask
            if hostBits >= 64 && host & UInt128(UInt64.max) == 0 { host |= 1 }
            if host == 0 { host = 1 }
            return .v6(IPv6Address(base.value | host))
        }
    }
}
