import DNSWire

/// Network prefixes of an address for diversity counts: IPv4 /16 and /24, and their usual
/// IPv6 counterparts /32 (a provider allocation) and /48 (a site).
enum Prefixes {
    static func p16(_ a: IPAddress) -> IPAddress {
        switch a {
        case .v4(let v): return .v4(IPv4Address(v.value & 0xFFFF_0000))
        case .v6(let v): return .v6(IPv6Address(v.value & (UInt128.max << 96)))
        }
    }

    static func p24(_ a: IPAddress) -> IPAddress {
        switch a {
        case .v4(let v): return .v4(IPv4Address(v.value & 0xFFFF_FF00))
        case .v6(let v): return .v6(IPv6Address(v.value & (UInt128.max << 80)))
        }
    }
}

/// Words that reverse-DNS names of consumer access lines tend to carry.
enum ReverseNameHints {
    static let consumerWords = ["dsl", "dyn", "pool", "cable", "dhcp", "dial", "ppp", "broadband", "customer",
                                "client", "home", "res", "fiber", "fibre", "cpe", "catv", "mobile", "user"]

    /// The share of names with a consumer-access word as a token; `nil` when none probed.
    static func consumerShare(_ names: [String]) -> Double? {
        guard !names.isEmpty else { return nil }
        let hits = names.filter { name in
            let tokens = name.lowercased().split(whereSeparator: { !$0.isLetter })
            return tokens.contains { t in consumerWords.contains { t.hasPrefix($0) } }
        }
        return Double(hits.count) / Double(names.count)
    }
}
