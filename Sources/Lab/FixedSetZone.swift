import DNSWire

/// A zone answering with a fixed set of addresses in rotated order: round-robin farms
/// (4–16 addresses in one hosting AS, TTL 300–3600) and large sites (many addresses in the
/// site's own ASes, with AAAA). The set is drawn once; the order rotates every simulated
/// second, as a round-robin server rotates it per query.
struct FixedSetZone: ZoneModel {
    let apex: DNSName
    let kind: DomainClass
    let parameters: ZoneParameters
    let key: UInt64
    let set4: [IPAddress]
    let set6: [IPAddress]
    let nameServers: StableNameServers

    init(apex: DNSName, kind: DomainClass, parameters p: ZoneParameters, seed: UInt64, catalog: NetworkCatalog) {
        self.apex = apex
        self.kind = kind
        parameters = p
        key = Self.zoneKey(seed: seed, apex: apex)
        set4 = FixedSetZone.draw(p, v4: true, key: key, catalog: catalog)
        set6 = p.ipv6 ? FixedSetZone.draw(p, v4: false, key: key ^ 6, catalog: catalog) : []
        nameServers = StableNameServers(
            apex: apex, parameters: p,
            source: AddressSource(asns: p.nameServerASNs, v4: true, catalog: catalog), key: key)
    }

    /// `pool-size` addresses spread evenly over the ASes (a site in two ASes gets half in
    /// each), a few networks per AS.
    static func draw(_ p: ZoneParameters, v4: Bool, key: UInt64, catalog: NetworkCatalog) -> [IPAddress] {
        let source = AddressSource(asns: p.asns, v4: v4, catalog: catalog)
        guard !source.isEmpty else { return [] }
        var generator = SplitMix64(mixing: key, 0x4658)
        let networks = (0..<source.groups.count * 2).compactMap {
            source.network(ofGroup: $0, using: &generator)
        }
        var out: [IPAddress] = []
        var attempts = 0
        while out.count < p.poolSize, attempts < p.poolSize * 10 {
            let address = networks[attempts % networks.count].pickAddress(using: &generator)
            attempts += 1
            if !out.contains(address) { out.append(address) }
        }
        return out
    }

    func delegation(at t: Double) -> Delegation { nameServers.delegation }

    func nameServerAddresses(_ name: DNSName, at t: Double) -> [IPAddress]? {
        delegation(at: t).addresses(of: name)
    }

    func records(_ name: DNSName, _ type: RecordType, at t: Double, client: LabClient, subnet: IPAddress?)
        -> [ResourceRecord]?
    {
        guard name == apex || parameters.hosts.contains(where: { child($0) == name }) else { return nil }
        let set: [IPAddress]
        switch type {
        case .a: set = set4
        case .aaaa: set = set6
        default: return []
        }
        guard !set.isEmpty else { return [] }
        let shift = Int(UInt64(max(0, t)) % UInt64(set.count))
        let rotated = Array(set[shift...] + set[..<shift])
        return rotated.prefix(parameters.answerCount).map { ResourceRecord.address(name, $0, ttl: parameters.ttl) }
    }

    func probeNames() -> [DNSName] { [apex] + parameters.hosts.map(child) }
}
