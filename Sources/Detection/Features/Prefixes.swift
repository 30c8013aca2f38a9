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

/// Special-purpose ranges for evidence that arrived without enrichment (RFC 6890 and the
/// IANA registries): private, loopback, link-local, documentation, shared, multicast, reserved.
enum SpecialRanges {
    static func isSpecial(_ a: IPAddress) -> Bool {
        switch a {
        case .v4(let v):
            let x = v.value
            func inRange(_ base: UInt32, _ len: UInt32) -> Bool { x >> (32 - len) == base >> (32 - len) }
            return inRange(0x0000_0000, 8) || inRange(0x0A00_0000, 8) || inRange(0x6440_0000, 10)
                || inRange(0x7F00_0000, 8) || inRange(0xA9FE_0000, 16) || inRange(0xAC10_0000, 12)
                || inRange(0xC000_0000, 24) || inRange(0xC000_0200, 24) || inRange(0xC0A8_0000, 16)
                || inRange(0xC612_0000, 15) || inRange(0xC633_6400, 24) || inRange(0xCB00_7100, 24)
                || inRange(0xE000_0000, 4) || inRange(0xF000_0000, 4)
        case .v6(let v):
            let x = v.value
            if let mapped = v.mappedIPv4 { return isSpecial(.v4(mapped)) }
            func inRange(_ base: UInt128, _ len: UInt128) -> Bool { x >> (128 - len) == base >> (128 - len) }
            return x <= 1 || inRange(0xFC00 << 112, 7) || inRange(0xFE80 << 112, 10) || inRange(0xFF00 << 112, 8)
                || inRange(0x2001_0DB8 << 96, 32) || inRange(0x0100 << 112, 64) || inRange(0x2001_0000 << 96, 23)
                || !inRange(0x2000 << 112, 3)
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
