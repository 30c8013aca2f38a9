import DNSWire
import Detection
import FluxModel

/// For a registry or registrar abuse desk: the flux and double-flux domains per TLD and per
/// name-server operator (the registered domain of the NS host names), with how often the NS
/// set changed and the TTLs of the NS hosts' addresses (glue), as SSAC SAC025 suggests
/// watching. Built from the analysis (NS sightings from probes, referrals and zone files).
public enum RegistryReport {
    /// One flux domain under one name-server operator.
    public struct Row: Sendable, Hashable {
        /// The domain's top-level domain, lower case, without dots (`com`).
        public var tld: String
        /// The registered domain of the domain's NS hosts (`example-dns.net.`); `-` when no
        /// NS record was seen.
        public var nameServerOperator: String
        /// The flagged domain, its level, and the verdict's class and score.
        public var domain: DNSName
        public var level: DomainEvidence.Level
        public var verdict: Verdict.Class
        public var score: Double
        /// The domain's NS host names under this operator, sorted.
        public var nameServers: [DNSName]
        /// Distinct NS sets over time, and how many times the set changed (see `nameServerSets`).
        public var nameServerSets: Int
        public var nameServerChanges: Int
        /// Distinct addresses of the NS hosts, and their lowest and highest TTL.
        public var glueAddresses: Int
        public var glueTTLMin: UInt32?
        public var glueTTLMax: UInt32?
        /// The earliest and latest sighting of the domain's addresses and name servers.
        public var firstSeen: Timestamp
        public var lastSeen: Timestamp
    }

    /// The columns, in row order.
    public static let columns = [
        ReportColumn("tld", width: 6), ReportColumn("ns_operator", width: 22), ReportColumn("domain", width: 30),
        ReportColumn("level", width: 10), ReportColumn("verdict", width: 11), ReportColumn("score", width: 5),
        ReportColumn("ns_sets", width: 7), ReportColumn("ns_changes", width: 10), ReportColumn("glue_addresses", width: 14),
        ReportColumn("glue_ttl_min", width: 12), ReportColumn("glue_ttl_max", width: 12),
        ReportColumn("first_seen", width: 24), ReportColumn("last_seen", width: 24), ReportColumn("name_servers", width: 0),
    ]

    /// The rows for the flux verdicts among `judged`, one per domain and NS operator, ordered
    /// by TLD, operator, domain and level. `tld` (`com`, `.com` or `com.`) keeps one TLD.
    /// Without a suffix list an operator is the NS host's last two labels.
    public static func rows(_ judged: [(evidence: DomainEvidence, verdict: Verdict)], tld: String? = nil,
                            publicSuffixes: PublicSuffixList? = nil) -> [Row] {
        let wanted = tld.map { $0.lowercased().split(separator: ".").joined(separator: ".") }
        var rows: [Row] = []
        for (e, v) in judged where v.verdict.isFlux {
            let top = e.domain.labels.last.map { String(decoding: $0, as: UTF8.self).lowercased() } ?? ""
            if let wanted, wanted != top { continue }
            var byOperator: [String: [DNSName]] = [:]
            for ns in e.nameServers { byOperator[operatorName(ns.name, publicSuffixes), default: []].append(ns.name) }
            if byOperator.isEmpty { byOperator["-"] = [] }
            let sets = nameServerSets(e.nameServers)
            let glue = e.nameServerAddresses
            let times = e.addresses.map(\.firstSeen) + e.nameServers.map(\.firstSeen)
            let lasts = e.addresses.map(\.lastSeen) + e.nameServers.map(\.lastSeen)
            for (op, names) in byOperator {
                rows.append(Row(tld: top, nameServerOperator: op, domain: e.domain, level: e.level, verdict: v.verdict, score: v.score,
                                nameServers: Set(names.map(\.lowercased)).sorted(), nameServerSets: sets.sets,
                                nameServerChanges: sets.changes, glueAddresses: Set(glue.map(\.address)).count,
                                glueTTLMin: glue.compactMap(\.minTTL).min(), glueTTLMax: glue.compactMap { $0.maxTTL ?? $0.minTTL }.max(),
                                firstSeen: times.min() ?? 0, lastSeen: lasts.max() ?? 0))
            }
        }
        return rows.sorted {
            ($0.tld, $0.nameServerOperator, $0.domain.lowercased.description, $0.level.rawValue)
                < ($1.tld, $1.nameServerOperator, $1.domain.lowercased.description, $1.level.rawValue)
        }
    }

    /// The operator of an NS host: its registered domain, lower case.
    static func operatorName(_ host: DNSName, _ psl: PublicSuffixList?) -> String {
        if let psl, let registered = psl.registeredDomain(of: host) { return registered.lowercased.description }
        let labels = host.lowercased.labels.suffix(2)
        return ((try? DNSName(labels: labels)) ?? host.lowercased).description
    }

    /// The NS sets a domain had over time, from NS sightings (first and last seen of each NS
    /// name): the set in force at each first-seen and last-seen time and just after each
    /// last-seen time. Returns the distinct non-empty sets and the changes between
    /// consecutive ones. At most 512 NS names are considered (the earliest seen).
    public static func nameServerSets(_ nameServers: [DomainEvidence.NameSighting]) -> (sets: Int, changes: Int) {
        let ns = Array(nameServers.sorted { ($0.firstSeen, $0.name) < ($1.firstSeen, $1.name) }.prefix(512))
        guard !ns.isEmpty else { return (0, 0) }
        var points: [(time: Timestamp, after: Bool)] = []
        for n in ns { points.append((n.firstSeen, false)); points.append((n.lastSeen, false)); points.append((n.lastSeen, true)) }
        points.sort { ($0.time, $0.after ? 1 : 0) < ($1.time, $1.after ? 1 : 0) }
        var seen = Set<Set<DNSName>>()
        var previous: Set<DNSName>?
        var changes = 0
        for p in points {
            let active = Set(ns.filter { $0.firstSeen <= p.time && (p.after ? $0.lastSeen > p.time : $0.lastSeen >= p.time) }
                .map(\.name.lowercased))
            guard !active.isEmpty, active != previous else { continue }
            if previous != nil { changes += 1 }
            previous = active
            seen.insert(active)
        }
        return (seen.count, changes)
    }

    /// Writes the rows, stating model and window (and the TLD filter).
    public static func write<Out: TextOutputStream>(_ rows: [Row], format: ReportFormat, context: ExportContext,
                                                    tld: String?, to out: Out) -> Out {
        var notes: [(key: String, value: String)] = [("scope", "flux and double-flux domains by TLD and name-server operator")]
        if let tld { notes.append(("tld", tld)) }
        var stream = ReportStream(kind: "registry", format: format, columns: columns, context: context, notes: notes, to: out)
        for r in rows {
            stream.row([
                .text(r.tld), .text(r.nameServerOperator), .text(r.domain.description), .text(r.level.rawValue),
                .text(r.verdict.rawValue), .number((r.score * 1000).rounded() / 1000),
                .int(r.nameServerSets), .int(r.nameServerChanges), .int(r.glueAddresses),
                r.glueTTLMin.map { .int(Int($0)) } ?? .none, r.glueTTLMax.map { .int(Int($0)) } ?? .none,
                .text(UTCTime.rfc3339(r.firstSeen)), .text(UTCTime.rfc3339(r.lastSeen)), .list(r.nameServers.map(\.description)),
            ])
        }
        let domains = Set(rows.map { $0.domain.lowercased }).count
        return stream.finish(summary: "\(domains) flux domains, \(Set(rows.map(\.nameServerOperator)).count) name-server operators")
    }
}
