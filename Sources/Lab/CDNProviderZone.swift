import DNSWire

/// A CDN provider's zone (`cdn-provider.lab`), built from the CDN customer zones that
/// name it: `<customer>.edge.<provider>` aliases `e<n>.a.<provider>`, which answers the
/// customer's edge addresses for the client's region.
struct CDNProviderZone: ZoneModel {
    let apex: DNSName
    let parameters: ZoneParameters
    let aliases: [DNSName: DNSName]
    let edges: [DNSName: CDNEdge]
    let website: [IPAddress]
    let nameServers: StableNameServers

    var kind: DomainClass { .cdn }

    /// TTL of the provider's internal alias, as CDNs keep it long.
    static let aliasTTL: UInt32 = 3600

    init(apex: DNSName, customers: [CDNZone], seed: UInt64, catalog: NetworkCatalog) {
        self.apex = apex
        var p = ZoneSpec.defaults(.cdn, tld: "lab")
        p.asns = Array(Set(customers.flatMap(\.parameters.asns))).sorted()
        p.nameServerASNs = customers.first?.parameters.asns ?? p.asns
        p.hosts = []
        parameters = p
        var aliases: [DNSName: DNSName] = [:]
        var edges: [DNSName: CDNEdge] = [:]
        for customer in customers {
            aliases[customer.edgeName] = customer.edgeHostName
            edges[customer.edgeHostName] = customer.edge
        }
        self.aliases = aliases
        self.edges = edges
        let key = Self.zoneKey(seed: seed, apex: apex)
        let hosting = AddressSource(asns: p.nameServerASNs, v4: true, catalog: catalog)
        website = hosting.fixedAddresses(1, key: key ^ 0x5745)
        nameServers = StableNameServers(apex: apex, parameters: p, source: hosting, key: key)
    }

    func delegation(at t: Double) -> Delegation { nameServers.delegation }

    func nameServerAddresses(_ name: DNSName, at t: Double) -> [IPAddress]? {
        delegation(at: t).addresses(of: name)
    }

    func records(_ name: DNSName, _ type: RecordType, at t: Double, client: LabClient, subnet: IPAddress?)
        -> [ResourceRecord]?
    {
        if name == apex { return type == .a ? website.map { ResourceRecord.address(name, $0, ttl: 3600) } : [] }
        if let target = aliases[name] {
            return [ResourceRecord(name: name, type: .cname, ttl: CDNProviderZone.aliasTTL, data: .name(target))]
        }
        if let edge = edges[name] { return edge.records(name, type, at: t, client: client, subnet: subnet) }
        // Empty non-terminals (`edge.<provider>`, `a.<provider>`, …) exist without data.
        let isAncestor = aliases.keys.contains { $0.isSubdomain(of: name) } || edges.keys.contains { $0.isSubdomain(of: name) }
        return isAncestor ? [] : nil
    }

    func probeNames() -> [DNSName] { [] }
}
