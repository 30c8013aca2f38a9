import DNSWire

/// A TLD-like parent zone (`lab.`): it delegates every world zone below it with NS records
/// and glue that follow the child's `delegation(at:)`, so a prober asking the parent sees
/// a double-flux zone's NS set and glue change, with their TTLs.
struct TLDZone: Sendable {
    let apex: DNSName
    let nameServers: StableNameServers

    /// TTL of negative answers from the TLD.
    static let negativeTTL: UInt32 = 900

    init(apex: DNSName, seed: UInt64, catalog: NetworkCatalog) {
        self.apex = apex
        var p = ZoneSpec.defaults(.roundRobin, tld: "lab")
        p.nsCount = 2
        p.nsTTL = 172_800
        p.glueTTL = 172_800
        nameServers = StableNameServers(
            apex: apex, parameters: p,
            source: AddressSource(asns: KnownASNs.hosting, v4: true, catalog: catalog),
            key: SplitMix64.mix([seed, SplitMix64.hash(apex.description), 0x544C44]))
    }

    /// The TLD's own records of `type` at `name`: `nil` when the name does not exist.
    func records(_ name: DNSName, _ type: RecordType) -> [ResourceRecord]? {
        let delegation = nameServers.delegation
        if name == apex {
            switch type {
            case .ns: return delegation.nsRecords(apex: apex)
            case .soa: return [soaRecord()]
            default: return []
            }
        }
        guard delegation.addresses(of: name) != nil else { return nil }
        return delegation.glueRecords(type: type).filter { $0.name == name }
    }

    /// The TLD's SOA record.
    func soaRecord() -> ResourceRecord {
        let mname = nameServers.delegation.nameServers.first ?? apex
        let rname = (try? DNSName("hostmaster", origin: apex)) ?? apex
        let soa = SOA(mname: mname, rname: rname, serial: 2_025_030_100, refresh: 1800, retry: 900,
                      expire: 604_800, minimum: TLDZone.negativeTTL)
        return ResourceRecord(name: apex, type: .soa, ttl: TLDZone.negativeTTL, data: .soa(soa))
    }
}
