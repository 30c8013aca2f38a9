import DNSWire
import Detection

extension DomainTimeline {
    /// A timeline from merged evidence (registered domains), without name servers.
    init(domain: DNSName, evidence: DomainEvidence) {
        self.init(domain: domain, sightings: [], info: [:])
        addresses = evidence.addresses.map { a in
            Address(address: a.address, firstSeen: a.firstSeen, lastSeen: a.lastSeen, count: a.count, minTTL: a.minTTL,
                    maxTTL: a.maxTTL, asn: a.info?.asn, country: a.info?.country)
        }.sorted { ($0.firstSeen, $0.address) < ($1.firstSeen, $1.address) }
        var seen = Set<IPAddress>(), asns = Set<UInt32>()
        growth = addresses.map { a in
            seen.insert(a.address)
            if let asn = a.asn { asns.insert(asn) }
            return Point(time: a.firstSeen, addresses: seen.count, asns: asns.count)
        }
    }
}
