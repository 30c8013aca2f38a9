import Foundation
import DNSWire
import FluxModel

/// A cluster of flux domains that share agents (addresses): one botnet's hosting, seen
/// through the domains it serves.
public struct FluxNetwork: Sendable, Hashable {
    /// A stable identifier: kept as the network grows across runs.
    public var id: String
    public var domains: [DNSName]
    /// The agents (addresses) of all member domains.
    public var agents: [IPAddress]
    public var asns: [UInt32]
    public var countries: [String]
    public var firstSeen: Timestamp
    public var lastSeen: Timestamp
    /// Agents by the day they were first seen (UTC day start, count), for growth charts.
    public var growth: [Growth]

    /// Agents first seen on one day.
    public struct Growth: Sendable, Hashable {
        public var day: Timestamp
        public var newAgents: Int
    }

    /// Creates a network.
    public init(id: String, domains: [DNSName], agents: [IPAddress], asns: [UInt32], countries: [String],
                firstSeen: Timestamp, lastSeen: Timestamp, growth: [Growth]) {
        self.id = id
        self.domains = domains
        self.agents = agents
        self.asns = asns
        self.countries = countries
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.growth = growth
    }
}

/// One flux domain as clustering sees it.
public struct FluxMember: Sendable {
    public var domain: DNSName
    public var agents: [DomainEvidence.Address]

    /// Creates a member.
    public init(domain: DNSName, agents: [DomainEvidence.Address]) {
        self.domain = domain
        self.agents = agents
    }
}

/// Single-linkage clustering of flux domains on shared agents, in the manner of FluxBuster
/// (Perdisci et al.), with a damped overlap similarity:
///
///     sim(A, B) = |A ∩ B| / min(|A|, |B|) * (1 - e^(-(|A ∩ B| - 1) / 2))
///
/// The damping is 0 for a single shared address (two domains sharing one address are never
/// merged), 0.39 for two, 0.63 for three, 0.86 for five. Domains merge when sim >= 0.05.
public enum FluxNetworkClustering {
    public static let threshold = 0.05

    /// The similarity of two agent sets.
    public static func similarity(shared: Int, sizeA: Int, sizeB: Int) -> Double {
        guard shared > 0, sizeA > 0, sizeB > 0 else { return 0 }
        let overlap = Double(shared) / Double(min(sizeA, sizeB))
        return overlap * (1 - exp(-Double(shared - 1) / 2))
    }

    /// Clusters members; `previous` holds the networks of earlier runs so that their ids carry
    /// over (see `assignIDs`).
    public static func cluster(_ members: [FluxMember], previous: [NetworkMembership] = []) -> [FluxNetwork] {
        let sets = members.map { Set($0.agents.map(\.address)) }
        var parent = Array(members.indices)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        // Candidate pairs come from an inverted index, so unrelated domains are never compared.
        var byAgent: [IPAddress: [Int]] = [:]
        for (i, s) in sets.enumerated() { for a in s { byAgent[a, default: []].append(i) } }
        for i in members.indices {
            var shared: [Int: Int] = [:]
            for a in sets[i] { for j in byAgent[a]! where j > i { shared[j, default: 0] += 1 } }
            for (j, k) in shared where similarity(shared: k, sizeA: sets[i].count, sizeB: sets[j].count) >= threshold {
                let ri = find(i), rj = find(j)
                if ri != rj { parent[max(ri, rj)] = min(ri, rj) }
            }
        }
        var groups: [Int: [Int]] = [:]
        for i in members.indices { groups[find(i), default: []].append(i) }
        var networks = groups.values.map { build($0.map { members[$0] }) }
        assignIDs(&networks, previous: previous)
        return networks.sorted { ($0.agents.count, $1.id) > ($1.agents.count, $0.id) }
    }

    static func build(_ ms: [FluxMember]) -> FluxNetwork {
        var agents: [IPAddress: DomainEvidence.Address] = [:]
        for m in ms {
            for a in m.agents {
                if var old = agents[a.address] {
                    old.firstSeen = min(old.firstSeen, a.firstSeen)
                    old.lastSeen = max(old.lastSeen, a.lastSeen)
                    agents[a.address] = old
                } else {
                    agents[a.address] = a
                }
            }
        }
        var perDay: [Timestamp: Int] = [:]
        for a in agents.values { perDay[(a.firstSeen / 86_400).rounded(.down) * 86_400, default: 0] += 1 }
        return FluxNetwork(
            id: "", domains: ms.map(\.domain).sorted(), agents: agents.keys.sorted(),
            asns: Set(agents.values.compactMap { $0.info?.asn }).sorted(),
            countries: Set(agents.values.compactMap { $0.info?.country }).sorted(),
            firstSeen: agents.values.map(\.firstSeen).min() ?? 0, lastSeen: agents.values.map(\.lastSeen).max() ?? 0,
            growth: perDay.sorted { $0.key < $1.key }.map { FluxNetwork.Growth(day: $0.key, newAgents: $0.value) })
    }

    /// Carries ids over from `previous`, the oldest id first (of equally old ones, the one with
    /// more domains first): each earlier network gives its id to the new network, not yet
    /// named, that holds most of its domains (ties: the larger network, then the one whose
    /// first domain sorts first). So a network keeps its id as it grows; when known networks
    /// merge, the oldest id survives (of equally old ones, the larger network's) and the others are
    /// retired; when a network splits, the part holding most of its domains keeps the id and
    /// the other parts get new ids. A network sharing no domain with an earlier one gets `fn-`
    /// and a hash of its first domain (never an id in `previous`).
    static func assignIDs(_ networks: inout [FluxNetwork], previous: [NetworkMembership]) {
        let owner = owners(networks)
        var named = Set<Int>()
        let ordered = previous.sorted {
            ($0.createdAt, -$0.domains.count, $0.id) < ($1.createdAt, -$1.domains.count, $1.id)
        }
        for old in ordered {
            guard let best = holder(of: old.domains, owner: owner, in: networks, skipping: named) else { continue }
            networks[best].id = old.id
            named.insert(best)
        }
        var taken = Set(previous.map(\.id))
        for i in networks.indices.filter({ !named.contains($0) }).sorted(by: { networks[$0].domains[0] < networks[$1].domains[0] }) {
            var id = "fn-" + fnv1a(networks[i].domains[0].lowercased.description)
            while taken.contains(id) { id = "fn-" + fnv1a(id) }
            networks[i].id = id
            taken.insert(id)
        }
    }

    /// Each domain's network, by index into `networks`.
    static func owners(_ networks: [FluxNetwork]) -> [DNSName: Int] {
        var owner: [DNSName: Int] = [:]
        for (i, n) in networks.enumerated() { for d in n.domains { owner[d] = i } }
        return owner
    }

    /// The index of the network of `networks` (outside `skipping`) that holds most of
    /// `domains`, by `owner` (each domain's network); ties: the larger network, then the one
    /// whose first domain sorts first. `nil` when none holds any.
    static func holder(of domains: Set<DNSName>, owner: [DNSName: Int], in networks: [FluxNetwork], skipping: Set<Int> = []) -> Int? {
        var shared: [Int: Int] = [:]
        for d in domains { if let i = owner[d], !skipping.contains(i) { shared[i, default: 0] += 1 } }
        return shared.min(by: { a, b in
            if a.value != b.value { return a.value > b.value }
            let (x, y) = (networks[a.key], networks[b.key])
            if x.domains.count != y.domains.count { return x.domains.count > y.domains.count }
            return x.domains[0] < y.domains[0]
        })?.key
    }

    /// The ids of `previous` that `current` no longer has, each mapped to the network of
    /// `current` that took most of its domains (`holder`, ties broken as `assignIDs` breaks
    /// them): the younger side of a merge, or an id whose domains all moved on. An id none
    /// of whose domains is in `current` (a network the run did not see) has no successor.
    public static func successors(of previous: [NetworkMembership], in current: [FluxNetwork]) -> [String: String] {
        let owner = owners(current)
        let live = Set(current.map(\.id))
        var result: [String: String] = [:]
        for old in previous where !live.contains(old.id) {
            if let best = holder(of: old.domains, owner: owner, in: current) { result[old.id] = current[best].id }
        }
        return result
    }

    /// FNV-1a 32-bit as 8 hex digits: short, stable across runs and platforms.
    static func fnv1a(_ s: String) -> String {
        var h: UInt32 = 0x811C_9DC5
        for b in s.utf8 { h = (h ^ UInt32(b)) &* 0x0100_0193 }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}
