import DNSWire
import FluxModel
import Reports

/// A domain over time, from its sightings: each address with when it was first and last seen
/// and its TTLs, the cumulative count of distinct addresses and ASNs as they appeared, and
/// the name servers. Sightings keep first/last seen per record, so growth is exact and TTLs
/// are per address (min and max), not per lookup.
public struct DomainTimeline: Sendable {
    /// One address of the domain.
    public struct Address: Sendable, Hashable {
        public var address: IPAddress
        public var firstSeen: Timestamp
        public var lastSeen: Timestamp
        public var count: Int
        public var minTTL: UInt32?
        public var maxTTL: UInt32?
        public var asn: UInt32?
        public var country: String?
    }

    /// The distinct addresses and ASNs seen up to `time`.
    public struct Point: Sendable, Hashable {
        public var time: Timestamp
        public var addresses: Int
        public var asns: Int
    }

    public var domain: DNSName
    /// Addresses by first seen.
    public var addresses: [Address]
    /// Growth, one point per first sighting.
    public var growth: [Point]
    /// NS names with first/last seen and TTL.
    public var nameServers: [(name: String, firstSeen: Timestamp, lastSeen: Timestamp, minTTL: UInt32?)]

    /// Builds the timeline from `sightings` and what enrichment knows of the addresses.
    public init(domain: DNSName, sightings: [Sighting], info: [IPAddress: AddressInfo]) {
        self.domain = domain
        var addresses: [Address] = []
        var ns: [(String, Timestamp, Timestamp, UInt32?)] = []
        for s in sightings {
            switch s.key.data {
            case .a(let a): addresses.append(Self.address(.v4(a), s, info))
            case .aaaa(let a): addresses.append(Self.address(.v6(a), s, info))
            case .name(let n) where s.key.type == .ns: ns.append((n.description, s.firstSeen, s.lastSeen, s.minTTL))
            default: break
            }
        }
        addresses.sort { ($0.firstSeen, $0.address) < ($1.firstSeen, $1.address) }
        self.addresses = addresses
        var seen = Set<IPAddress>(), asns = Set<UInt32>()
        growth = addresses.map { a in
            seen.insert(a.address)
            if let asn = a.asn { asns.insert(asn) }
            return Point(time: a.firstSeen, addresses: seen.count, asns: asns.count)
        }
        nameServers = ns.sorted { $0.1 < $1.1 }.map { (name: $0.0, firstSeen: $0.1, lastSeen: $0.2, minTTL: $0.3) }
    }

    static func address(_ ip: IPAddress, _ s: Sighting, _ info: [IPAddress: AddressInfo]) -> Address {
        Address(address: ip, firstSeen: s.firstSeen, lastSeen: s.lastSeen, count: s.count, minTTL: s.minTTL, maxTTL: s.maxTTL,
                asn: info[ip]?.asn, country: info[ip]?.country)
    }

    /// `{domain, addresses: [...], growth: [...], name_servers: [...]}`.
    public func writeJSON(to j: inout JSONWriter) {
        j.beginObject()
        j.key("domain"); j.string(domain.description)
        j.key("addresses"); j.beginArray()
        for a in addresses {
            j.beginObject()
            j.key("address"); j.string(a.address.description)
            j.key("first_seen"); j.string(UTCTime.rfc3339(a.firstSeen))
            j.key("last_seen"); j.string(UTCTime.rfc3339(a.lastSeen))
            j.key("count"); j.number(a.count)
            j.key("min_ttl"); if let t = a.minTTL { j.number(t) } else { j.null() }
            j.key("max_ttl"); if let t = a.maxTTL { j.number(t) } else { j.null() }
            j.key("asn"); if let n = a.asn { j.number(n) } else { j.null() }
            j.key("country"); if let c = a.country { j.string(c) } else { j.null() }
            j.endObject()
        }
        j.endArray()
        j.key("growth"); j.beginArray()
        for p in growth {
            j.beginObject()
            j.key("time"); j.string(UTCTime.rfc3339(p.time))
            j.key("addresses"); j.number(p.addresses)
            j.key("asns"); j.number(p.asns)
            j.endObject()
        }
        j.endArray()
        j.key("name_servers"); j.beginArray()
        for n in nameServers {
            j.beginObject()
            j.key("name"); j.string(n.name)
            j.key("first_seen"); j.string(UTCTime.rfc3339(n.firstSeen))
            j.key("last_seen"); j.string(UTCTime.rfc3339(n.lastSeen))
            j.key("min_ttl"); if let t = n.minTTL { j.number(t) } else { j.null() }
            j.endObject()
        }
        j.endArray()
        j.endObject()
    }
}
