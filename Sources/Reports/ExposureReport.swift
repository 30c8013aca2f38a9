import DNSWire
import Detection
import FluxModel
import Store

/// For an ISP: which of its clients resolved flux domains, when (first and last seen) and how
/// often, per client and domain, from the client tallies of sources ingested with
/// `--clients keep|hash|truncate`. Clients appear only in the privacy form they were stored
/// in, and the report says which. These are the users who may have been phished or infected.
public enum ExposureReport {
    /// The columns, in row order.
    public static let columns = [
        ReportColumn("client", width: 18), ReportColumn("client_mode", width: 11), ReportColumn("domain", width: 30),
        ReportColumn("flagged", width: 26), ReportColumn("verdict", width: 11), ReportColumn("score", width: 5),
        ReportColumn("network", width: 11), ReportColumn("first_seen", width: 24), ReportColumn("last_seen", width: 24),
        ReportColumn("count", width: 0),
    ]

    /// What a stored client string means in each privacy mode.
    public static func meaning(_ mode: ClientMode) -> String {
        switch mode {
        case .keep: return "keep (client addresses as seen)"
        case .hash: return "hash (keyed hashes of client addresses; only the key's holder can match an address)"
        case .truncate: return "truncate (client networks, /24 for IPv4 and /48 for IPv6, not single addresses)"
        default: return mode.rawValue
        }
    }

    /// The statement made when no client was recorded.
    public static let clientsOff = """
        not recorded: every source was ingested with clients off, so exposure cannot be listed \
        (ingest with --clients keep, hash or truncate to record who asked)
        """

    /// Streams the report: every stored client tally (seen between `since` and `until`) whose
    /// name was judged flux, itself (FQDN verdict) or through its registered domain, page by
    /// page in the order privacy mode, client, name. `afterPage` gets the stream after each
    /// page of tallies (to send and empty it, so that memory stays bounded by a page).
    /// Returns the stream.
    public static func write<Out: TextOutputStream>(
        store: any ObservationStore, judged: [(evidence: DomainEvidence, verdict: Verdict)], networkOf: [DNSName: String],
        publicSuffixes: PublicSuffixList?, since: Timestamp?, until: Timestamp?, format: ReportFormat,
        context: ExportContext, to out: Out, pageSize: Int = 10_000,
        afterPage: (inout Out) async throws -> Void = { _ in }
    ) async throws -> Out {
        var flagged: [DNSName: Verdict] = [:]
        for (_, v) in judged where v.verdict.isFlux {
            if let old = flagged[v.domain], old.score >= v.score { continue }
            flagged[v.domain] = v
        }
        let modes = Set(try await store.sources().compactMap(\.clientMode)).subtracting([.drop])
        let stored = try await store.stats().clientQueries
        var notes: [(key: String, value: String)] = []
        if modes.isEmpty && stored == 0 {
            notes.append(("clients", clientsOff))
        } else {
            notes.append(("client_privacy", modes.sorted { $0.rawValue < $1.rawValue }.map(meaning).joined(separator: "; ")))
        }
        if let since { notes.append(("since", UTCTime.rfc3339(since))) }
        if let until { notes.append(("until", UTCTime.rfc3339(until))) }
        var stream = ReportStream(kind: "exposure", format: format, columns: columns, context: context, notes: notes, to: out)
        var clients = 0, domains = Set<DNSName>(), queries = 0
        var lastClient: (ClientMode, String)?
        var cursor: ClientQueryCursor?
        repeat {
            let page = try await store.clientQueryPage(after: cursor, since: since, until: until, limit: pageSize)
            for t in page.tallies {
                let name = t.key.name
                guard let v = flagged[name] ?? publicSuffixes?.registeredDomain(of: name).flatMap({ flagged[$0] }) else { continue }
                stream.row([
                    .text(t.key.client), .text(t.mode.rawValue), .text(name.description), .text(v.domain.description),
                    .text(v.verdict.rawValue), .number((v.score * 1000).rounded() / 1000),
                    networkOf[v.domain].map { .text($0) } ?? .none,
                    .text(UTCTime.rfc3339(t.firstSeen)), .text(UTCTime.rfc3339(t.lastSeen)), .int(t.count),
                ])
                if lastClient.map({ $0.0 != t.mode || $0.1 != t.key.client }) ?? true { clients += 1 }
                lastClient = (t.mode, t.key.client)
                domains.insert(name.lowercased)
                queries += t.count
            }
            cursor = page.next
            try await stream.flush(afterPage)
        } while cursor != nil
        let summary = modes.isEmpty && stored == 0
            ? "no exposure listed: clients were \(clientsOff)"
            : "\(clients) clients resolved \(domains.count) flux domains in \(queries) queries"
        return stream.finish(summary: summary)
    }
}
