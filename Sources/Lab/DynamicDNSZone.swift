import DNSWire

/// A dynamic-DNS provider's zone: each host name is one home connection with one
/// consumer address that its ISP reassigns every `change-every` (each host on its own
/// phase). A home stays with its ISP, so a host's addresses stay in one AS. The apex is
/// the provider's own web site on a stable hosting address.
struct DynamicDNSZone: ZoneModel {
    let apex: DNSName
    let parameters: ZoneParameters
    let key: UInt64
    let homes: AddressSource
    let website: [IPAddress]
    let nameServers: StableNameServers

    var kind: DomainClass { .dynamicDNS }

    init(apex: DNSName, parameters p: ZoneParameters, seed: UInt64, catalog: NetworkCatalog) {
        self.apex = apex
        parameters = p
        key = Self.zoneKey(seed: seed, apex: apex)
        homes = AddressSource(asns: p.asns, v4: true, catalog: catalog)
        let hosting = AddressSource(asns: p.nameServerASNs, v4: true, catalog: catalog)
        website = hosting.fixedAddresses(1, key: key ^ 0x5745)
        nameServers = StableNameServers(apex: apex, parameters: p, source: hosting, key: key)
    }

    /// The address of `host` at `t`.
    func homeAddress(_ host: String, at t: Double) -> IPAddress? {
        let hostKey = SplitMix64.hash(host)
        let interval = parameters.changeEvery.seconds
        let phase = Double(hostKey % 4096) / 4096 * interval
        let lease = Int64(((t + phase) / interval).rounded(.down))
        var isp = SplitMix64(mixing: key, hostKey)
        let group = isp.below(max(1, homes.groups.count))
        var generator = SplitMix64(mixing: key, hostKey, UInt64(bitPattern: lease))
        return homes.network(ofGroup: group, using: &generator)?.pickAddress(using: &generator)
    }

    func delegation(at t: Double) -> Delegation { nameServers.delegation }

    func nameServerAddresses(_ name: DNSName, at t: Double) -> [IPAddress]? {
        delegation(at: t).addresses(of: name)
    }

    func records(_ name: DNSName, _ type: RecordType, at t: Double, client: LabClient, subnet: IPAddress?)
        -> [ResourceRecord]?
    {
        if name == apex {
            return type == .a ? website.map { ResourceRecord.address(name, $0, ttl: 3600) } : []
        }
        guard let host = parameters.hosts.first(where: { child($0) == name }) else { return nil }
        guard type == .a, let address = homeAddress(host, at: t) else { return [] }
        return [ResourceRecord.address(name, address, ttl: parameters.ttl)]
    }

    func probeNames() -> [DNSName] { parameters.hosts.map(child) }
}
