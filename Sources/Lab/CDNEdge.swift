import DNSWire

/// The edge servers a CDN hands out for one customer: per region, a point of presence (one
/// network of the CDN's ASes) holding `pool-size` addresses that change every
/// `change-every`; each answer is `answer-count` of them in rotated order. With one
/// region every client sees the same set, as with anycast.
struct CDNEdge: Sendable {
    let key: UInt64
    let parameters: ZoneParameters
    let source4: AddressSource
    let source6: AddressSource

    init(key: UInt64, parameters p: ZoneParameters, catalog: NetworkCatalog) {
        self.key = key
        parameters = p
        source4 = AddressSource(asns: p.asns, v4: true, catalog: catalog)
        source6 = p.ipv6 ? AddressSource(asns: p.asns, v4: false, catalog: catalog) : AddressSource(asns: [], v4: false, catalog: catalog)
    }

    /// The region of a client: 0 ..< `regions`.
    func region(client: LabClient, subnet: IPAddress?) -> Int {
        Int(client.locationKey(subnet: subnet) % UInt64(parameters.regions))
    }

    /// The addresses of `type` (A or AAAA) a client in `region` gets at `t`.
    func addresses(_ type: RecordType, region: Int, at t: Double) -> [IPAddress] {
        let source = type == .a ? source4 : source6
        guard !source.isEmpty else { return [] }
        let family: UInt64 = type == .a ? 4 : 6
        var pop = SplitMix64(mixing: key, 0x504F50, family, UInt64(region))
        guard let network = source.network(ofGroup: region, using: &pop) else { return [] }
        let epoch = Int64((t / parameters.changeEvery.seconds).rounded(.down))
        var generator = SplitMix64(mixing: key, family, UInt64(region), UInt64(bitPattern: epoch))
        var set: [IPAddress] = []
        for _ in 0..<(parameters.poolSize * 4) where set.count < parameters.poolSize {
            let address = network.pickAddress(using: &generator)
            if !set.contains(address) { set.append(address) }
        }
        guard !set.isEmpty else { return [] }
        let shift = Int(UInt64(max(0, t)) % UInt64(set.count))
        return Array((set[shift...] + set[..<shift]).prefix(parameters.answerCount))
    }

    /// A or AAAA records for `name` as a client in the client's region sees them.
    func records(_ name: DNSName, _ type: RecordType, at t: Double, client: LabClient, subnet: IPAddress?)
        -> [ResourceRecord]
    {
        guard type == .a || type == .aaaa else { return [] }
        return addresses(type, region: region(client: client, subnet: subnet), at: t).map {
            ResourceRecord.address(name, $0, ttl: parameters.ttl)
        }
    }
}
