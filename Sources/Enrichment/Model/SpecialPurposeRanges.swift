import DNSWire

/// The IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890, updated by
/// RFC 8190 and later assignments), plus multicast (RFC 5771, RFC 4291 section 2.7) and
/// IPv4 limited broadcast. Each block carries the registry's "globally reachable" answer:
/// blocks that are not globally reachable are bogons in a DNS answer.
///
/// The most specific block wins, so globally reachable sub-blocks (PCP/TURN anycast inside
/// 192.0.0.0/24, AS112 inside 2001::/23) are not bogons.
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

    private static let bogonPrivate: NetworkFlags = [.privateUse, .bogon]
    private static let bogonReserved: NetworkFlags = [.reserved, .bogon]
    private static let bogonDoc: NetworkFlags = [.documentation, .bogon]

    /// Every entry, IPv4 first, in registry order.
    public static let all: [Range] = [
        // IPv4 Special-Purpose Address Registry.
        entry("0.0.0.0/8", "This network", "RFC 791 section 3.2", bogonReserved),
        entry("10.0.0.0/8", "Private-Use", "RFC 1918", bogonPrivate),
        entry("100.64.0.0/10", "Shared Address Space", "RFC 6598", bogonPrivate),
        entry("127.0.0.0/8", "Loopback", "RFC 1122 section 3.2.1.3", bogonPrivate),
        entry("169.254.0.0/16", "Link Local", "RFC 3927", bogonPrivate),
        entry("172.16.0.0/12", "Private-Use", "RFC 1918", bogonPrivate),
        entry("192.0.0.0/24", "IETF Protocol Assignments", "RFC 6890 section 2.1", bogonReserved),
        entry("192.0.0.9/32", "Port Control Protocol Anycast", "RFC 7723", [.reserved, .anycast]),
        entry("192.0.0.10/32", "Traversal Using Relays around NAT Anycast", "RFC 8155", [.reserved, .anycast]),
        entry("192.0.2.0/24", "Documentation (TEST-NET-1)", "RFC 5737", bogonDoc),
        entry("192.31.196.0/24", "AS112-v4", "RFC 7535", [.reserved, .anycast]),
        entry("192.52.193.0/24", "AMT", "RFC 7450", [.reserved, .anycast]),
        entry("192.88.99.0/24", "Deprecated (6to4 Relay Anycast)", "RFC 7526", [.reserved, .anycast]),
        entry("192.168.0.0/16", "Private-Use", "RFC 1918", bogonPrivate),
        entry("192.175.48.0/24", "Direct Delegation AS112 Service", "RFC 7534", [.reserved, .anycast]),
        entry("198.18.0.0/15", "Benchmarking", "RFC 2544", bogonReserved),
        entry("198.51.100.0/24", "Documentation (TEST-NET-2)", "RFC 5737", bogonDoc),
        entry("203.0.113.0/24", "Documentation (TEST-NET-3)", "RFC 5737", bogonDoc),
        entry("224.0.0.0/4", "Multicast", "RFC 5771", bogonReserved),
        entry("240.0.0.0/4", "Reserved", "RFC 1112 section 4", bogonReserved),
        entry("255.255.255.255/32", "Limited Broadcast", "RFC 919 section 7", bogonReserved),
        // IPv6 Special-Purpose Address Registry.
        entry("::/128", "Unspecified Address", "RFC 4291", bogonReserved),
        entry("::1/128", "Loopback Address", "RFC 4291", bogonPrivate),
        entry("::ffff:0:0/96", "IPv4-mapped Address", "RFC 4291", bogonReserved),
        entry("64:ff9b::/96", "IPv4-IPv6 Translation", "RFC 6052", [.reserved]),
        entry("64:ff9b:1::/48", "IPv4-IPv6 Translation (local use)", "RFC 8215", bogonReserved),
        entry("100::/64", "Discard-Only Address Block", "RFC 6666", bogonReserved),
        entry("100:0:0:1::/64", "Dummy IPv6 Prefix", "RFC 9780", bogonReserved),
        entry("2001::/23", "IETF Protocol Assignments", "RFC 2928", bogonReserved),
        entry("2001::/32", "TEREDO", "RFC 4380", [.reserved]),
        entry("2001:1::1/128", "Port Control Protocol Anycast", "RFC 7723", [.reserved, .anycast]),
        entry("2001:1::2/128", "Traversal Using Relays around NAT Anycast", "RFC 8155", [.reserved, .anycast]),
        entry("2001:1::3/128", "DNS-SD Service Registration Protocol Anycast", "RFC 9665", [.reserved, .anycast]),
        entry("2001:2::/48", "Benchmarking", "RFC 5180", bogonReserved),
        entry("2001:3::/32", "AMT", "RFC 7450", [.reserved, .anycast]),
        entry("2001:4:112::/48", "AS112-v6", "RFC 7535", [.reserved, .anycast]),
        entry("2001:10::/28", "Deprecated (previously ORCHID)", "RFC 4843", bogonReserved),
        entry("2001:20::/28", "ORCHIDv2", "RFC 7343", [.reserved]),
        entry("2001:30::/28", "Drone Remote ID Protocol Entity Tags (DETs)", "RFC 9374", [.reserved]),
        entry("2001:db8::/32", "Documentation", "RFC 3849", bogonDoc),
        entry("2002::/16", "6to4", "RFC 3056", [.reserved]),
        entry("2620:4f:8000::/48", "Direct Delegation AS112 Service", "RFC 7534", [.reserved, .anycast]),
        entry("3fff::/20", "Documentation", "RFC 9637", bogonDoc),
        entry("5f00::/16", "Segment Routing (SRv6) SIDs", "RFC 9602", bogonReserved),
        entry("fc00::/7", "Unique-Local", "RFC 4193", bogonPrivate),
        entry("fe80::/10", "Link-Local Unicast", "RFC 4291", bogonPrivate),
        entry("ff00::/8", "Multicast", "RFC 4291 section 2.7", bogonReserved),
    ]

    /// The most specific block containing `address`, or `nil` for ordinary unicast space.
    /// IPv4-mapped IPv6 addresses match the IPv4 block of their IPv4 address.
    public static func match(_ address: IPAddress) -> Range? {
        var query = address
        if case .v6(let v6) = address, let v4 = v6.mappedIPv4 { query = .v4(v4) }
        var best: Range?
        for range in all where range.prefix.contains(query) {
            if best == nil || range.prefix.length > best!.prefix.length { best = range }
        }
        return best
    }

    private static func entry(_ text: String, _ name: String, _ rfc: String, _ flags: NetworkFlags) -> Range {
        guard let prefix = IPPrefix(text) else { preconditionFailure("bad built-in prefix \(text)") }
        return Range(prefix: prefix, name: name, rfc: rfc, flags: flags)
    }
}
