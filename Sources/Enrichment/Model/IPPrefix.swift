import DNSWire

/// An IPv4 or IPv6 network prefix: an address and a prefix length (RFC 4632, RFC 4291
/// section 2.3). The host bits of `address` are always zero.
public struct IPPrefix: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    /// The first address of the network (host bits cleared).
    public let address: IPAddress
    /// The number of leading network bits: 0...32 for IPv4, 0...128 for IPv6.
    public let length: UInt8

    /// Creates a prefix, clearing host bits; `nil` when `length` is too long for the family.
    public init?(address: IPAddress, length: Int) {
        switch address {
        case .v4(let a):
            guard (0...32).contains(length) else { return nil }
            self.address = .v4(IPv4Address(a.value & IPPrefix.mask32(length)))
        case .v6(let a):
            guard (0...128).contains(length) else { return nil }
            self.address = .v6(IPv6Address(a.value & IPPrefix.mask128(length)))
        }
        self.length = UInt8(length)
    }

    /// Parses `a.b.c.d/n` or `x:y::/n`; a bare address is a host prefix (/32 or /128).
    /// Host bits set in the text are cleared, as routers do.
    public init?(_ text: some StringProtocol) {
        if let slash = text.firstIndex(of: "/") {
            let lengthText = text[text.index(after: slash)...]
            guard !lengthText.isEmpty, lengthText.count <= 3,
                  lengthText.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
                  let length = Int(lengthText),
                  let address = IPAddress(text[..<slash]) else { return nil }
            self.init(address: address, length: length)
        } else {
            guard let address = IPAddress(text) else { return nil }
            self.init(address: address, length: address.isV4 ? 32 : 128)
        }
    }

    /// True for IPv4 prefixes.
    public var isV4: Bool { address.isV4 }

    /// True when `other` lies inside this network. Addresses of the other family never do.
    public func contains(_ other: IPAddress) -> Bool {
        switch (address, other) {
        case (.v4(let net), .v4(let a)):
            return a.value & IPPrefix.mask32(Int(length)) == net.value
        case (.v6(let net), .v6(let a)):
            return a.value & IPPrefix.mask128(Int(length)) == net.value
        default:
            return false
        }
    }

    /// The last address of the network.
    public var lastAddress: IPAddress {
        switch address {
        case .v4(let a): return .v4(IPv4Address(a.value | ~IPPrefix.mask32(Int(length))))
        case .v6(let a): return .v6(IPv6Address(a.value | ~IPPrefix.mask128(Int(length))))
        }
    }

    /// `address/length`, with the address in its usual text form.
    public var description: String { "\(address)/\(length)" }

    /// Orders by family, then address, then shorter prefixes first.
    public static func < (lhs: IPPrefix, rhs: IPPrefix) -> Bool {
        lhs.address == rhs.address ? lhs.length < rhs.length : lhs.address < rhs.address
    }

    /// Encodes as the text form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Decodes the text form.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let prefix = IPPrefix(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a prefix: \(text)")
        }
        self = prefix
    }

    /// The IPv4 network mask for `length` leading one bits.
    static func mask32(_ length: Int) -> UInt32 {
        length == 0 ? 0 : UInt32.max << UInt32(32 - length)
    }

    /// The IPv6 network mask for `length` leading one bits.
    static func mask128(_ length: Int) -> UInt128 {
        length == 0 ? 0 : UInt128.max << UInt128(128 - length)
    }
}
