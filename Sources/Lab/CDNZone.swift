import DNSWire

/// A CDN customer's zone: its host names (`www`) are aliases into the provider's zone
/// (`www.shop.lab` → `shop.lab.edge.cdn-provider.lab` → `e1234.a.cdn-provider.lab`), and
/// its apex answers the edge addresses directly, as CDNs "flatten" apex CNAMEs.
struct CDNZone: ZoneModel {
    let apex: DNSName
    let parameters: ZoneParameters
    let key: UInt64
    let edge: CDNEdge
    let provider: DNSName
    let nameServers: StableNameServers

    var kind: DomainClass { .cdn }

    /// TTL of the customer's CNAME into the provider.
    static let aliasTTL: UInt32 = 300

    init(apex: DNSName, parameters p: ZoneParameters, provider: DNSName, seed: UInt64, catalog: NetworkCatalog) {
        self.apex = apex
        parameters = p
        self.provider = provider
        key = Self.zoneKey(seed: seed, apex: apex)
        edge = CDNEdge(key: key, parameters: p, catalog: catalog)
        nameServers = StableNameServers(
            apex: apex, parameters: p,
            source: AddressSource(asns: p.nameServerASNs, v4: true, catalog: catalog), key: key)
    }

    /// The first alias target: `<apex>.edge.<provider>`.
    var edgeName: DNSName {
        let labels = apex.labels.map { Array($0) } + [Array("edge".utf8)] + provider.labels.map { Array($0) }
        return (try? DNSName(labels: labels)) ?? provider
    }

    /// The final alias target: `e<number>.a.<provider>`, the name the edge addresses are at.
    var edgeHostName: DNSName {
        (try? DNSName("e\(key % 9000 + 1000).a", origin: provider)) ?? provider
    }

    func delegation(at t: Double) -> Delegation { nameServers.delegation }

    func nameServerAddresses(_ name: DNSName, at t: Double) -> [IPAddress]? {
        delegation(at: t).addresses(of: name)
    }

    func records(_ name: DNSName, _ type: RecordType, at t: Double, client: LabClient, subnet: IPAddress?)
        -> [ResourceRecord]?
    {
        if name == apex { return edge.records(name, type, at: t, client: client, subnet: subnet) }
        guard parameters.hosts.contains(where: { child($0) == name }) else { return nil }
        return [ResourceRecord(name: name, type: .cname, ttl: CDNZone.aliasTTL, data: .name(edgeName))]
    }

    func probeNames() -> [DNSName] { [apex] + parameters.hosts.map(child) }
}
