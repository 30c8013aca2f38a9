/// One block of the IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890,
/// updated by RFC 8190 and later assignments), plus multicast (RFC 5771, RFC 4291 section
/// 2.7) and IPv4 limited broadcast: the one table FluxScope judges addresses by. Each block
/// carries the registry's "globally reachable" answer; blocks that are not globally
/// reachable are bogons in a DNS answer. The most specific block wins, so globally reachable
/// sub-blocks (PCP/TURN anycast inside 192.0.0.0/24, AS112 inside 2001::/23) are not bogons.
public struct SpecialPurposeBlock: Sendable, Hashable {
    /// What the block is for, as the enrichment flags name it.
    public enum Kind: Sendable, Hashable {
        /// RFC 1918, RFC 4193 unique-local, RFC 6598 shared, loopback, link-local.
        case privateUse
        /// RFC 5737, RFC 3849, RFC 9637.
        case documentation
        /// Everything else: "this network", benchmarking, multicast, translation prefixes…
        case reserved
    }

    /// The network address.
    public let address: IPAddress
    /// The prefix length.
    public let length: Int
    /// The registry's name for the block.
    public let name: String
    /// The defining document.
    public let rfc: String
    /// What the block is for.
    public let kind: Kind
    /// The registry's "globally reachable" column: false makes an address a bogon.
    public let globallyReachable: Bool
    /// An anycast service block (AS112, PCP, TURN, AMT…).
    public let isAnycast: Bool

    /// True when `other` lies inside the block (IPv4-mapped addresses are not mapped here;
    /// `match` does that).
    public func contains(_ other: IPAddress) -> Bool {
        switch (address, other) {
        case (.v4(let net), .v4(let a)): return length == 0 || a.value >> (32 - length) == net.value >> (32 - length)
        case (.v6(let net), .v6(let a)): return length == 0 || a.value >> UInt128(128 - length) == net.value >> UInt128(128 - length)
        default: return false
        }
    }

    /// The most specific block containing `address`, or `nil` for ordinary unicast space.
    /// IPv4-mapped IPv6 addresses match the IPv4 block of their IPv4 address.
    public static func match(_ address: IPAddress) -> SpecialPurposeBlock? {
        var query = address
        if case .v6(let v6) = address, let v4 = v6.mappedIPv4 { query = .v4(v4) }
        // Most answers are ordinary IPv4 unicast: their first octet starts no block.
        if case .v4(let v4) = query, !v4FirstOctets[Int(v4.value >> 24)] { return nil }
        var best: SpecialPurposeBlock?
        for block in registry where block.contains(query) && block.length > best?.length ?? -1 { best = block }
        return best
    }

    /// For each first octet, whether an IPv4 block of the registry covers any address that
    /// starts with it.
    static let v4FirstOctets: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for block in registry {
            guard case .v4(let net) = block.address else { continue }
            let first = Int(net.value >> 24)
            let span = block.length >= 8 ? 1 : 1 << (8 - block.length)
            for octet in first..<min(256, first + span) { table[octet] = true }
        }
        return table
    }()

    /// Every block, IPv4 first, in registry order.
    public static let registry: [SpecialPurposeBlock] = [
        // IPv4 Special-Purpose Address Registry.
        bogon("0.0.0.0/8", "This network", "RFC 791 section 3.2", .reserved),
        bogon("10.0.0.0/8", "Private-Use", "RFC 1918", .privateUse),
        bogon("100.64.0.0/10", "Shared Address Space", "RFC 6598", .privateUse),
        bogon("127.0.0.0/8", "Loopback", "RFC 1122 section 3.2.1.3", .privateUse),
        bogon("169.254.0.0/16", "Link Local", "RFC 3927", .privateUse),
        bogon("172.16.0.0/12", "Private-Use", "RFC 1918", .privateUse),
        bogon("192.0.0.0/24", "IETF Protocol Assignments", "RFC 6890 section 2.1", .reserved),
        anycast("192.0.0.9/32", "Port Control Protocol Anycast", "RFC 7723"),
        anycast("192.0.0.10/32", "Traversal Using Relays around NAT Anycast", "RFC 8155"),
        bogon("192.0.2.0/24", "Documentation (TEST-NET-1)", "RFC 5737", .documentation),
        anycast("192.31.196.0/24", "AS112-v4", "RFC 7535"),
        anycast("192.52.193.0/24", "AMT", "RFC 7450"),
        anycast("192.88.99.0/24", "Deprecated (6to4 Relay Anycast)", "RFC 7526"),
        bogon("192.168.0.0/16", "Private-Use", "RFC 1918", .privateUse),
        anycast("192.175.48.0/24", "Direct Delegation AS112 Service", "RFC 7534"),
        bogon("198.18.0.0/15", "Benchmarking", "RFC 2544", .reserved),
        bogon("198.51.100.0/24", "Documentation (TEST-NET-2)", "RFC 5737", .documentation),
        bogon("203.0.113.0/24", "Documentation (TEST-NET-3)", "RFC 5737", .documentation),
        bogon("224.0.0.0/4", "Multicast", "RFC 5771", .reserved),
        bogon("240.0.0.0/4", "Reserved", "RFC 1112 section 4", .reserved),
        bogon("255.255.255.255/32", "Limited Broadcast", "RFC 919 section 7", .reserved),
        // IPv6 Special-Purpose Address Registry.
        bogon("::/128", "Unspecified Address", "RFC 4291", .reserved),
        bogon("::1/128", "Loopback Address", "RFC 4291", .privateUse),
        bogon("::ffff:0:0/96", "IPv4-mapped Address", "RFC 4291", .reserved),
        reachable("64:ff9b::/96", "IPv4-IPv6 Translation", "RFC 6052"),
        bogon("64:ff9b:1::/48", "IPv4-IPv6 Translation (local use)", "RFC 8215", .reserved),
        bogon("100::/64", "Discard-Only Address Block", "RFC 6666", .reserved),
        bogon("100:0:0:1::/64", "Dummy IPv6 Prefix", "RFC 9780", .reserved),
        bogon("2001::/23", "IETF Protocol Assignments", "RFC 2928", .reserved),
        reachable("2001::/32", "TEREDO", "RFC 4380"),
        anycast("2001:1::1/128", "Port Control Protocol Anycast", "RFC 7723"),
        anycast("2001:1::2/128", "Traversal Using Relays around NAT Anycast", "RFC 8155"),
        anycast("2001:1::3/128", "DNS-SD Service Registration Protocol Anycast", "RFC 9665"),
        bogon("2001:2::/48", "Benchmarking", "RFC 5180", .reserved),
        anycast("2001:3::/32", "AMT", "RFC 7450"),
        anycast("2001:4:112::/48", "AS112-v6", "RFC 7535"),
        bogon("2001:10::/28", "Deprecated (previously ORCHID)", "RFC 4843", .reserved),
        reachable("2001:20::/28", "ORCHIDv2", "RFC 7343"),
        reachable("2001:30::/28", "Drone Remote ID Protocol Entity Tags (DETs)", "RFC 9374"),
        bogon("2001:db8::/32", "Documentation", "RFC 3849", .documentation),
        reachable("2002::/16", "6to4", "RFC 3056"),
        anycast("2620:4f:8000::/48", "Direct Delegation AS112 Service", "RFC 7534"),
        bogon("3fff::/20", "Documentation", "RFC 9637", .documentation),
        bogon("5f00::/16", "Segment Routing (SRv6) SIDs", "RFC 9602", .reserved),
        bogon("fc00::/7", "Unique-Local", "RFC 4193", .privateUse),
        bogon("fe80::/10", "Link-Local Unicast", "RFC 4291", .privateUse),
        bogon("ff00::/8", "Multicast", "RFC 4291 section 2.7", .reserved),
    ]

    private static func block(_ text: String, _ name: String, _ rfc: String, _ kind: Kind, reachable: Bool, anycast: Bool) -> SpecialPurposeBlock {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let address = IPAddress(String(parts[0])), let length = Int(parts[1]) else {
            preconditionFailure("bad built-in block \(text)")
        }
        return SpecialPurposeBlock(address: address, length: length, name: name, rfc: rfc, kind: kind,
                                   globallyReachable: reachable, isAnycast: anycast)
    }
    private static func bogon(_ text: String, _ name: String, _ rfc: String, _ kind: Kind) -> SpecialPurposeBlock {
        block(text, name, rfc, kind, reachable: false, anycast: false)
    }
    private static func reachable(_ text: String, _ name: String, _ rfc: String) -> SpecialPurposeBlock {
        block(text, name, rfc, .reserved, reachable: true, anycast: false)
    }
    private static func anycast(_ text: String, _ name: String, _ rfc: String) -> SpecialPurposeBlock {
        block(text, name, rfc, .reserved, reachable: true, anycast: true)
    }
}

extension IPAddress {
    /// True for addresses that are never evidence of network diversity: those in a block of
    /// the special-purpose registries that is not globally reachable (`SpecialPurposeBlock`),
    /// and IPv6 addresses outside global unicast 2000::/3. IPv4-mapped addresses are judged
    /// by their IPv4 part.
    public var isSpecialPurpose: Bool {
        if let block = SpecialPurposeBlock.match(self) { return !block.globallyReachable }
        if case .v6(let v) = self, v.mappedIPv4 == nil { return v.value >> 125 != 1 }
        return false
    }
}
