import DNSWire

/// A zone whose names answer with a random sample of the online members of a churning
/// pool: fast flux (Avalanche: 8 A, TTL 180; Waledac: 1 A, TTL 0), NTP-pool-like
/// volunteers, software mirrors, Bitcoin-seeder-like node lists, VPN exit nodes. The
/// classes differ only in their parameters: pool size, ASes, lifetimes, answer size, TTL.
///
/// Each answer is drawn with a generator seeded by the zone, the name, the type and the
/// simulated second, so two queries in the same simulated second get the same answer and
/// the answers over time sample the pool as it churns.
struct PoolZone: ZoneModel {
    let apex: DNSName
    let kind: DomainClass
    let parameters: ZoneParameters
    let key: UInt64
    let pool: AgentPool
    let pool6: AgentPool?
    let nameServers: StableNameServers

    init(apex: DNSName, kind: DomainClass, parameters p: ZoneParameters, seed: UInt64, catalog: NetworkCatalog) {
        self.apex = apex
        self.kind = kind
        parameters = p
        key = Self.zoneKey(seed: seed, apex: apex)
        pool = AgentPool(key: key, parameters: p, source: AddressSource(asns: p.asns, v4: true, catalog: catalog))
        let source6 = AddressSource(asns: p.asns, v4: false, catalog: catalog)
        pool6 = p.ipv6 && !source6.isEmpty ? AgentPool(key: key ^ 6, parameters: p, source: source6) : nil
        nameServers = StableNameServers(
            apex: apex, parameters: p,
            source: AddressSource(asns: p.nameServerASNs, v4: true, catalog: catalog), key: key)
    }

    func delegation(at t: Double) -> Delegation { nameServers.delegation }

    func nameServerAddresses(_ name: DNSName, at t: Double) -> [IPAddress]? {
        delegation(at: t).addresses(of: name)
    }

    /// True for the apex, the listed hosts and, with a wildcard, every name below the apex.
    func exists(_ name: DNSName) -> Bool {
        name == apex || parameters.hosts.contains { child($0) == name } || (parameters.wildcard && name.isSubdomain(of: apex))
    }

    func records(_ name: DNSName, _ type: RecordType, at t: Double, client: LabClient, subnet: IPAddress?)
        -> [ResourceRecord]?
    {
        guard exists(name) else { return nil }
        let chosen: AgentPool
        switch type {
        case .a: chosen = pool
        case .aaaa:
            guard let pool6 else { return [] }
            chosen = pool6
        default: return []
        }
        var generator = SplitMix64(mixing: key, SplitMix64.hash(name.description), UInt64(type.rawValue),
                                   UInt64(bitPattern: Int64(t.rounded(.down))))
        return chosen.sample(parameters.answerCount, at: t, using: &generator).map {
            ResourceRecord.address(name, $0, ttl: parameters.ttl)
        }
    }

    func probeNames() -> [DNSName] {
        var names = [apex] + parameters.hosts.map(child)
        if parameters.wildcard {
            // Random-looking subdomains, as fast-flux spam links use one per campaign.
            var generator = SplitMix64(mixing: key, 0x57)
            for _ in 0..<3 { names.append(child(RandomLabel.make(using: &generator))) }
        }
        return names
    }
}
