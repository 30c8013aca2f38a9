import DNSWire

/// The name servers of a zone at one moment: what the parent's referral says (NS records
/// and glue) and what the zone itself answers for its apex NS and NS host names.
public struct Delegation: Hashable, Sendable {
    /// The NS host names, in answer order.
    public var nameServers: [DNSName]
    /// The addresses of each NS host inside the zone (glue), in the same order.
    public var addresses: [[IPAddress]]
    /// TTL of the NS records.
    public var nsTTL: UInt32
    /// TTL of the glue records.
    public var glueTTL: UInt32

    /// Creates a delegation.
    public init(nameServers: [DNSName], addresses: [[IPAddress]], nsTTL: UInt32, glueTTL: UInt32) {
        self.nameServers = nameServers
        self.addresses = addresses
        self.nsTTL = nsTTL
        self.glueTTL = glueTTL
    }

    /// The NS records of the zone at `apex`.
    public func nsRecords(apex: DNSName) -> [ResourceRecord] {
        nameServers.map { ResourceRecord(name: apex, type: .ns, ttl: nsTTL, data: .name($0)) }
    }

    /// The address records of the NS hosts of type A or AAAA (all when `type` is nil).
    public func glueRecords(type: RecordType? = nil) -> [ResourceRecord] {
        var out: [ResourceRecord] = []
        for (host, list) in zip(nameServers, addresses) {
            for address in list {
                let record = ResourceRecord.address(host, address, ttl: glueTTL)
                if type == nil || record.type == type { out.append(record) }
            }
        }
        return out
    }

    /// The addresses of one NS host, or `nil` if it is not one of them.
    public func addresses(of host: DNSName) -> [IPAddress]? {
        nameServers.firstIndex(of: host).map { addresses[$0] }
    }
}

extension ResourceRecord {
    /// An A or AAAA record for `address`.
    static func address(_ name: DNSName, _ address: IPAddress, ttl: UInt32) -> ResourceRecord {
        switch address {
        case .v4(let a): return ResourceRecord(name: name, type: .a, ttl: ttl, data: .a(a))
        case .v6(let a): return ResourceRecord(name: name, type: .aaaa, ttl: ttl, data: .aaaa(a))
        }
    }
}
