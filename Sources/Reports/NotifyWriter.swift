import DNSWire
import Detection
import FluxModel

/// For a network operator: its own addresses that acted as flux agents, in the CSV shape of
/// Shadowserver-style reports, and a short text for an abuse mailbox. These are the people
/// whose machines were used without their permission.
public enum NotifyWriter {
    /// One agent address in one ASN.
    public struct Agent: Sendable, Hashable {
        public var address: IPAddress
        public var asn: UInt32
        public var country: String?
        public var firstSeen: Timestamp
        public var lastSeen: Timestamp
        /// Lookups (observations) that returned it.
        public var lookups: Int
        public var domains: [DNSName]
        public var networks: [String]
    }

    /// Gathers agents per ASN from the flux items.
    public static func agents(_ items: [ExportItem]) -> [UInt32: [Agent]] {
        var byAddress: [IPAddress: Agent] = [:]
        for item in items where item.verdict.verdict.isFlux {
            let all = item.evidence.addresses + (item.verdict.verdict == .doubleFlux ? item.evidence.nameServerAddresses : [])
            for a in all where !a.address.isSpecialPurpose {
                guard let asn = a.info?.asn else { continue }
                var agent = byAddress[a.address] ?? Agent(address: a.address, asn: asn, country: a.info?.country,
                                                          firstSeen: a.firstSeen, lastSeen: a.lastSeen, lookups: 0, domains: [], networks: [])
                agent.firstSeen = min(agent.firstSeen, a.firstSeen)
                agent.lastSeen = max(agent.lastSeen, a.lastSeen)
                agent.lookups += a.count
                if !agent.domains.contains(item.verdict.domain) { agent.domains.append(item.verdict.domain) }
                if let n = item.networkID, !agent.networks.contains(n) { agent.networks.append(n) }
                byAddress[a.address] = agent
            }
        }
        var result: [UInt32: [Agent]] = [:]
        for a in byAddress.values { result[a.asn, default: []].append(a) }
        for k in result.keys { result[k]!.sort { $0.address < $1.address } }
        return result
    }

    /// The CSV header: Shadowserver-style columns, then the model and data window (repeated
    /// on every row, as in the other CSV exports).
    public static let header = ["timestamp", "ip", "asn", "geo", "tag", "first_seen", "last_seen", "lookups", "domains", "networks",
                                "model", "window_start", "window_end"]

    /// Writes one ASN's agents as CSV, row by row.
    public static func writeCSV(_ agents: [Agent], context: ExportContext, to out: inout some TextOutputStream) {
        out.write(header.joined(separator: ",") + "\r\n")
        let tail = [context.modelStatement, UTCTime.rfc3339(context.windowStart), UTCTime.rfc3339(context.windowEnd)]
        for a in agents {
            let row = [UTCTime.plain(a.lastSeen), a.address.description, String(a.asn), a.country ?? "", "fast-flux-agent",
                       UTCTime.plain(a.firstSeen), UTCTime.plain(a.lastSeen), String(a.lookups),
                       a.domains.map { String($0.description.dropLast()) }.sorted().joined(separator: " "),
                       a.networks.sorted().joined(separator: " ")] + tail
            out.write(row.map(CSVWriter.quote).joined(separator: ",") + "\r\n")
        }
    }

    /// A short plain-text explanation to send with the CSV to the network's abuse contact.
    public static func explanation(asn: UInt32, agents: [Agent], context: ExportContext) -> String {
        let domains = Set(agents.flatMap(\.domains)).count
        return """
        Subject: Fast-flux agents in AS\(asn): \(agents.count) addresses

        Between \(UTCTime.plain(context.windowStart)) and \(UTCTime.plain(context.windowEnd)) UTC, \(agents.count) \
        addresses in your network (AS\(asn)) were returned in DNS answers for \(domains) domains that FluxScope \
        classified as fast-flux or double-flux hosting (model: \(context.modelStatement)). Fast-flux networks use compromised \
        computers, very often home and small-business machines, as proxies for phishing, malware and spam sites; \
        their owners usually do not know.

        The attached CSV lists each address with the first and last time it was seen, how many lookups returned it, \
        and the domains and flux networks it served. Please consider notifying the customers behind these addresses \
        so that they can clean their machines. Blocking whole ports or services for all customers is not needed: the \
        evidence here is per address and per time.

        """
    }
}
