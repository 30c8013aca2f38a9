import DNSWire

/// The IANA special-purpose registries as enrichment flags (`privateUse`, `documentation`,
/// `reserved`, `bogon` where the block is not globally reachable, `anycast` for anycast
/// service blocks). The table itself is DNSWire's `SpecialPurposeBlock.registry`.
public enum SpecialPurposeRanges {
    /// One registry entry.
    public struct Range: Sendable, Hashable {
        /// The block.
        public let prefix: IPPrefix
        /// The registry's name for it.
        public let name: String
        /// The defining document.
        public let rfc: String
        /// The flags an address in the block gets.
        public let flags: NetworkFlags
    }

    /// Every entry, IPv4 first, in registry order: DNSWire's `SpecialPurposeBlock.registry`
    /// with its answers as flags.
    public static let all: [Range] = SpecialPurposeBlock.registry.map(range)

    /// The most specific block containing `address`, or `nil` for ordinary unicast space.
    /// IPv4-mapped IPv6 addresses match the IPv4 block of their IPv4 address.
    public static func match(_ address: IPAddress) -> Range? {
        SpecialPurposeBlock.match(address).map(range)
    }

    private static func range(_ block: SpecialPurposeBlock) -> Range {
        guard let prefix = IPPrefix(address: block.address, length: block.length) else {
            preconditionFailure("bad built-in block \(block.address)/\(block.length)")
        }
        var flags: NetworkFlags
        switch block.kind {
        case .privateUse: flags = .privateUse
        case .documentation: flags = .documentation
        case .reserved: flags = .reserved
        }
        if !block.globallyReachable { flags.insert(.bogon) }
        if block.isAnycast { flags.insert(.anycast) }
        return Range(prefix: prefix, name: block.name, rfc: block.rfc, flags: flags)
    }
}
