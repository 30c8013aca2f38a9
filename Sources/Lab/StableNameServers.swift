import DNSWire

/// The name servers of an ordinary zone: `ns1`…`nsN` below the apex, each with one IPv4
/// address chosen once in the zone's name-server ASes, with day-long TTLs by default.
struct StableNameServers: Sendable {
    let delegation: Delegation

    /// Name servers for `apex` with addresses from `source`, seeded by `key`.
    init(apex: DNSName, parameters p: ZoneParameters, source: AddressSource, key: UInt64) {
        let names = (1...p.nsCount).map { (try? DNSName("ns\($0)", origin: apex)) ?? apex }
        let addresses = source.fixedAddresses(p.nsCount, key: SplitMix64.mix([key, 0x4E53]))
        delegation = Delegation(
            nameServers: names,
            addresses: names.indices.map { $0 < addresses.count ? [addresses[$0]] : [] },
            nsTTL: p.nsTTL, glueTTL: p.glueTTL)
    }
}
