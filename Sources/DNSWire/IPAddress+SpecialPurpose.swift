extension IPAddress {
    /// True for special-purpose addresses (RFC 6890 and the IANA IPv4/IPv6 Special-Purpose
    /// Address Registries): private, loopback, link-local, shared (CGN), documentation,
    /// benchmarking, multicast, reserved and unspecified; for IPv6 also ULA, link-local,
    /// multicast, documentation, the discard prefix, IETF protocol assignments and anything
    /// outside global unicast 2000::/3. IPv4-mapped addresses are judged by their IPv4 part.
    /// Such addresses are never evidence of network diversity.
    public var isSpecialPurpose: Bool {
        switch self {
        case .v4(let v):
            let x = v.value
            func inRange(_ base: UInt32, _ len: UInt32) -> Bool { x >> (32 - len) == base >> (32 - len) }
            return inRange(0x0000_0000, 8) || inRange(0x0A00_0000, 8) || inRange(0x6440_0000, 10)
                || inRange(0x7F00_0000, 8) || inRange(0xA9FE_0000, 16) || inRange(0xAC10_0000, 12)
                || inRange(0xC000_0000, 24) || inRange(0xC000_0200, 24) || inRange(0xC0A8_0000, 16)
                || inRange(0xC612_0000, 15) || inRange(0xC633_6400, 24) || inRange(0xCB00_7100, 24)
                || inRange(0xE000_0000, 4) || inRange(0xF000_0000, 4)
        case .v6(let v):
            if let mapped = v.mappedIPv4 { return IPAddress.v4(mapped).isSpecialPurpose }
            let x = v.value
            func inRange(_ base: UInt128, _ len: UInt128) -> Bool { x >> (128 - len) == base >> (128 - len) }
            return x <= 1 || inRange(0xFC00 << 112, 7) || inRange(0xFE80 << 112, 10) || inRange(0xFF00 << 112, 8)
                || inRange(0x2001_0DB8 << 96, 32) || inRange(0x0100 << 112, 64) || inRange(0x2001_0000 << 96, 23)
                || !inRange(0x2000 << 112, 3)
        }
    }
}
