import DNSWire
import FluxModel

/// Turns sightings (and answer sets, where kept) into evidence per FQDN and per registered
/// domain. Pure: callers feed it what they read from a store.
///
/// - An FQDN's addresses are its own A/AAAA sightings, or, when it is an alias, those of the
///   names its CNAME chain ends at (at most 8 links; loops are cut).
/// - Its name servers are the NS sightings of the name itself or of its closest ancestor that
///   has some (the zone cut), and their addresses are those names' A/AAAA sightings.
/// - A registered domain (eTLD+1) gets evidence of its own when two or more of its FQDNs have
///   addresses: flux zones answer for random wildcard subdomains, each seen once.
public struct EvidenceBuilder: Sendable {
    struct NameData: Sendable {
        var addresses: [DomainEvidence.Address] = []
        var cnames: [DomainEvidence.NameSighting] = []
        var nameServers: [DomainEvidence.NameSighting] = []
        /// Distinct answer sets, merged by their addresses.
        var answerSets: [[IPAddress]: AnswerSetTally] = [:]
        var ptr: [String] = []

        /// Merges a tally into the one of the same addresses, or keeps it as new.
        mutating func add(_ tally: AnswerSetTally) {
            let key = tally.key.addresses
            if answerSets[key] == nil { answerSets[key] = tally } else { answerSets[key]!.merge(tally) }
        }
    }

    private var names: [DNSName: NameData] = [:]
    /// True once a PTR sighting was fed: only then are reverse names looked up (building a
    /// reverse name per address is most of the cost of a large store without PTRs).
    private var hasPTR = false
    /// Only sightings overlapping this window are used (`nil`: no bound).
    public var since: Timestamp?
    public var until: Timestamp?

    /// Creates an empty builder.
    public init(since: Timestamp? = nil, until: Timestamp? = nil) {
        self.since = since
        self.until = until
    }

    /// The number of distinct owner names fed so far.
    public var nameCount: Int { names.count }

    private func inWindow(_ first: Timestamp, _ last: Timestamp) -> Bool {
        (since.map { last >= $0 } ?? true) && (until.map { first <= $0 } ?? true)
    }

    /// Adds one sighting; types other than A, AAAA, CNAME, NS and PTR are ignored.
    public mutating func add(_ s: Sighting) {
        guard inWindow(s.firstSeen, s.lastSeen) else { return }
        let owner = s.key.name
        switch s.key.data {
        case .a(let a):
            names[owner, default: NameData()].addresses.append(address(.v4(a), s))
        case .aaaa(let a):
            names[owner, default: NameData()].addresses.append(address(.v6(a), s))
        case .name(let target) where s.key.type == .cname:
            names[owner, default: NameData()].cnames.append(nameSighting(target, s))
        case .name(let target) where s.key.type == .ns:
            names[owner, default: NameData()].nameServers.append(nameSighting(target, s))
        case .name(let target) where s.key.type == .ptr:
            names[owner, default: NameData()].ptr.append(target.description)
            hasPTR = true
        default:
            break
        }
    }

    /// Adds a tally of one answer set (merged with an earlier tally of the same addresses).
    /// Only A sets count: the temporal features are defined over IPv4 answers, as in the
    /// published work, and the model was trained on them.
    public mutating func add(_ tally: AnswerSetTally) {
        guard tally.key.type == .a, inWindow(tally.firstSeen, tally.lastSeen) else { return }
        // Through the defaulting subscript as a mutation, so a name first seen in an answer
        // set (before any of its sightings) gets its entry (a read of it inserts nothing).
        names[tally.key.name, default: NameData()].add(tally)
    }

    private func address(_ a: IPAddress, _ s: Sighting) -> DomainEvidence.Address {
        .init(address: a, firstSeen: s.firstSeen, lastSeen: s.lastSeen, count: s.count, minTTL: s.minTTL, maxTTL: s.maxTTL)
    }

    private func nameSighting(_ n: DNSName, _ s: Sighting) -> DomainEvidence.NameSighting {
        .init(name: n, firstSeen: s.firstSeen, lastSeen: s.lastSeen, count: s.count, minTTL: s.minTTL)
    }

    /// Builds the evidence. `info` gives the enrichment of an address (or `nil`); `psl`
    /// enables the registered-domain level.
    public func build(info: (IPAddress) -> AddressInfo?, psl: PublicSuffixList?) -> [DomainEvidence] {
        var result: [DomainEvidence] = []
        var byRegistered: [DNSName: [DomainEvidence]] = [:]
        for name in names.keys.sorted() {
            guard var e = fqdnEvidence(name) else { continue }
            for i in e.addresses.indices { e.addresses[i].info = info(e.addresses[i].address) }
            for i in e.nameServerAddresses.indices { e.nameServerAddresses[i].info = info(e.nameServerAddresses[i].address) }
            result.append(e)
            if let psl, let registered = psl.registeredDomain(of: name) {
                byRegistered[registered, default: []].append(e)
            }
        }
        for (registered, members) in byRegistered.sorted(by: { $0.key < $1.key }) where members.count >= 2 {
            result.append(merge(registered, members))
        }
        return result
    }

    /// The evidence of one FQDN, or `nil` when it has no addresses and no name servers.
    func fqdnEvidence(_ name: DNSName) -> DomainEvidence? {
        guard let data = names[name] else { return nil }
        var addresses = data.addresses
        var answerSets = Array(data.answerSets.values)
        var cnameTargets: [DomainEvidence.NameSighting] = []
        if addresses.isEmpty && !data.cnames.isEmpty {
            // Follow the CNAME chain breadth-first, at most 8 links, never revisiting a name.
            var frontier = data.cnames.map(\.name)
            var visited: Set<DNSName> = [name]
            cnameTargets = data.cnames
            for _ in 0..<8 where !frontier.isEmpty {
                var next: [DNSName] = []
                for target in frontier where visited.insert(target).inserted {
                    guard let t = names[target] else { continue }
                    addresses += t.addresses
                    answerSets += t.answerSets.values
                    next += t.cnames.map(\.name)
                    cnameTargets += t.cnames
                }
                frontier = next
            }
        } else {
            cnameTargets = data.cnames
        }
        let nameServers = zoneNameServers(of: name)
        guard !addresses.isEmpty || !data.nameServers.isEmpty else { return nil }
        let nsAddresses = nameServers.flatMap { names[$0.name]?.addresses ?? [] }
        return DomainEvidence(domain: name, level: .fqdn, names: 1, addresses: addresses, answerSets: answerSets,
                              cnameTargets: cnameTargets, nameServers: nameServers, nameServerAddresses: nsAddresses,
                              reverseNames: hasPTR ? addresses.flatMap { names[$0.address.reverseName]?.ptr ?? [] } : [])
    }

    /// NS sightings of the name or of its closest ancestor that has some.
    func zoneNameServers(of name: DNSName) -> [DomainEvidence.NameSighting] {
        var n = name
        for _ in 0..<128 {
            if let ns = names[n]?.nameServers, !ns.isEmpty { return ns }
            if n.isRoot { break }
            n = n.parent
        }
        return []
    }

    /// Registered-domain evidence: the members' addresses merged per address.
    func merge(_ registered: DNSName, _ members: [DomainEvidence]) -> DomainEvidence {
        var byAddress: [IPAddress: DomainEvidence.Address] = [:]
        for a in members.flatMap(\.addresses) {
            if var old = byAddress[a.address] {
                old.firstSeen = min(old.firstSeen, a.firstSeen)
                old.lastSeen = max(old.lastSeen, a.lastSeen)
                old.count += a.count
                old.minTTL = [old.minTTL, a.minTTL].compactMap { $0 }.min()
                old.maxTTL = [old.maxTTL, a.maxTTL].compactMap { $0 }.max()
                byAddress[a.address] = old
            } else {
                byAddress[a.address] = a
            }
        }
        let nameServers = zoneNameServers(of: registered)
        return DomainEvidence(
            domain: registered, level: .registered, names: members.count,
            addresses: byAddress.values.sorted { $0.address < $1.address },
            answerSets: members.flatMap(\.answerSets),
            cnameTargets: members.flatMap(\.cnameTargets),
            nameServers: nameServers.isEmpty ? members.flatMap(\.nameServers) : nameServers,
            nameServerAddresses: nameServers.isEmpty ? members.flatMap(\.nameServerAddresses)
                : nameServers.flatMap { names[$0.name]?.addresses ?? [] }.map { a in
                    var a = a
                    a.info = members.lazy.flatMap(\.nameServerAddresses).first { $0.address == a.address }?.info
                    return a
                },
            reverseNames: members.flatMap(\.reverseNames))
    }
}
