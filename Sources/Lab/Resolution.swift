import DNSWire

/// The sections of one response being built: follows CNAME chains across the world's
/// zones and decides the response code, AA bit and authority records.
struct Resolution {
    let world: LabWorld
    let t: Double
    let client: LabClient
    let subnet: IPAddress?
    let view: LabView

    var answers: [ResourceRecord] = []
    var authority: [ResourceRecord] = []
    var additional: [ResourceRecord] = []
    var rcode = RCode.noError
    var authoritative = false
    var refused = false

    init(world: LabWorld, t: Double, client: LabClient, subnet: IPAddress?, view: LabView) {
        self.world = world
        self.t = t
        self.client = client
        self.subnet = subnet
        self.view = view
    }

    /// Copies the result into `response`.
    func fill(_ response: inout Message) {
        response.flags.aa = authoritative
        response.answers = answers
        response.authority = authority
        response.additional = additional
        response.rcode = refused ? .refused : rcode
    }

    /// Answers `type` at `name`; `depth` counts the CNAME records followed so far.
    mutating func resolve(_ name: DNSName, _ type: RecordType, depth: Int) {
        guard let zone = world.zone(for: name, view: view) else {
            if depth == 0 { refused = true }  // a chain leaving the world just ends
            return
        }
        switch zone {
        case .tld(let tld): resolveInParent(tld, name, type, depth: depth)
        case .child(let model): resolveInZone(model, name, type, depth: depth)
        }
    }

    private mutating func resolveInParent(_ tld: TLDZone, _ name: DNSName, _ type: RecordType, depth: Int) {
        if let child = world.zones.first(where: { name.isSubdomain(of: $0.apex) }) {
            if name == child.apex && type == .ds {  // the parent side of the cut: no DS here
                if depth == 0 { authoritative = true }
                authority = [tld.soaRecord()]
                return
            }
            // Referral (RFC 1034 section 4.3.2): not authoritative, NS and glue.
            let delegation = child.delegation(at: t)
            authority = delegation.nsRecords(apex: child.apex)
            additional = delegation.glueRecords()
            return
        }
        if depth == 0 { authoritative = true }
        let types: [RecordType] = type == .any ? [.soa, .ns, .a, .aaaa] : [type]
        guard let found = tld.records(name, types[0]) else {
            rcode = .nxDomain
            authority = [tld.soaRecord()]
            return
        }
        answers += found + types.dropFirst().flatMap { tld.records(name, $0) ?? [] }
        if answers.isEmpty { authority = [tld.soaRecord()] }
    }

    private mutating func resolveInZone(_ zone: any ZoneModel, _ name: DNSName, _ type: RecordType, depth: Int) {
        if depth == 0 { authoritative = true }
        let delegation = zone.delegation(at: t)
        var found: [ResourceRecord]?
        if name == zone.apex && (type == .soa || type == .ns || type == .any) {
            found = []
            if type != .ns { found! += [soaRecord(zone, delegation)] }
            if type != .soa {
                found! += delegation.nsRecords(apex: zone.apex)
                additional += delegation.glueRecords()
            }
            if type == .any { found! += addressRecords(zone, name) ?? [] }
        } else if let hostAddresses = zone.nameServerAddresses(name, at: t) {
            found = hostAddresses.map { ResourceRecord.address(name, $0, ttl: delegation.glueTTL) }
                .filter { type == .any || $0.type == type }
        } else if type == .any {
            found = addressRecords(zone, name)
        } else {
            found = zone.records(name, type, at: t, client: client, subnet: subnet)
        }
        guard let found else {
            rcode = .nxDomain
            authority = [soaRecord(zone, delegation)]
            return
        }
        answers += found
        if let alias = found.first, alias.type == .cname, type != .cname, case .name(let target) = alias.data {
            if depth + 1 < LabWorld.maxChain { resolve(target, type, depth: depth + 1) }
            return
        }
        if found.isEmpty { authority = [soaRecord(zone, delegation)] }
    }

    /// A, AAAA (or the CNAME) at `name` for an ANY query (RFC 8482 allows a subset).
    private func addressRecords(_ zone: any ZoneModel, _ name: DNSName) -> [ResourceRecord]? {
        guard let v4 = zone.records(name, .a, at: t, client: client, subnet: subnet) else { return nil }
        if v4.first?.type == .cname { return v4 }
        return v4 + (zone.records(name, .aaaa, at: t, client: client, subnet: subnet) ?? [])
    }

    /// The zone's SOA; its TTL and minimum are the zone's negative TTL (RFC 2308 section 3).
    private func soaRecord(_ zone: any ZoneModel, _ delegation: Delegation) -> ResourceRecord {
        let p = zone.parameters
        let mname = delegation.nameServers.first ?? zone.apex
        let rname = (try? DNSName("hostmaster", origin: zone.apex)) ?? zone.apex
        let serial = UInt32(truncatingIfNeeded: 2_025_030_100 + Int64(max(0, t) / 3600))
        let soa = SOA(mname: mname, rname: rname, serial: serial, refresh: 3600, retry: 600,
                      expire: 604_800, minimum: p.negativeTTL)
        return ResourceRecord(name: zone.apex, type: .soa, ttl: p.negativeTTL, data: .soa(soa))
    }
}
