import Detection

/// `/`: counts by verdict, the newest flux detections, the flux networks.
struct OverviewPage {
    let snapshot: AnalysisSnapshot
    let watched: Int

    func render() -> String {
        let counts = snapshot.countsByClass
        var body = "<p class=\"muted\">Analysis of \(HTML.time(snapshot.generatedAt)) UTC · \(snapshot.rows.count) domains judged · "
            + "\(watched) watched · \(snapshot.result.networks.count) flux networks.</p>"
        body += "<section aria-labelledby=\"counts-h\"><h2 id=\"counts-h\">Domains by verdict</h2><ul class=\"counts\" id=\"verdict-counts\">"
        for c in Verdict.Class.allCases {
            body += "<li data-verdict=\"\(c.rawValue)\"><strong>\(counts[c] ?? 0)</strong>\(HTML.badge(c.rawValue))</li>"
        }
        body += "</ul>"
        body += BarChart(title: "Domains by verdict", bars: Verdict.Class.allCases.map { (label: $0.rawValue, value: Double(counts[$0] ?? 0)) })
            .svg(id: "chart-verdicts")
        body += "</section>"
        let newest = snapshot.rows.filter { $0.verdict.verdict.isFlux }
            .sorted { ($0.evidence.addresses.map(\.firstSeen).min() ?? 0) > ($1.evidence.addresses.map(\.firstSeen).min() ?? 0) }
            .prefix(25)
        body += "<section aria-labelledby=\"newest-h\"><h2 id=\"newest-h\">Newest detections</h2>"
        body += HTML.table(caption: "Flux domains, newest first", headers: ["Domain", "Level", "Verdict", "Score", "Holz f", "Addresses", "Network", "First seen (UTC)"],
                           rows: newest.map(Self.row), numeric: [3, 4, 5])
        body += "</section>"
        body += "<section aria-labelledby=\"networks-h\"><h2 id=\"networks-h\">Flux networks</h2>"
        body += HTML.table(caption: "Networks by number of agents", headers: ["Network", "Domains", "Agents", "ASNs", "Countries", "Last seen (UTC)"],
                           rows: snapshot.result.networks.prefix(20).map { n in
                               ["<a href=\"/networks/\(HTML.pathSegment(n.id))\">\(HTML.escape(n.id))</a>", "\(n.domains.count)", "\(n.agents.count)",
                                "\(n.asns.count)", "\(n.countries.count)", HTML.time(n.lastSeen)]
                           }, numeric: [1, 2, 3, 4])
        body += "</section>"
        body += "<section aria-labelledby=\"reports-h\"><h2 id=\"reports-h\">Reports and exports</h2><ul id=\"report-links\">"
        for (href, label) in Self.downloads {
            body += "<li><a href=\"\(href)\">\(label)</a></li>"
        }
        body += "</ul></section>"
        return HTML.page(title: "Overview", current: "Overview", body: body)
    }

    /// The report and export downloads linked from the overview.
    static let downloads = [
        ("/api/v1/reports/exposure?format=csv", "Exposure: clients that resolved flux domains (CSV)"),
        ("/api/v1/reports/registry?format=csv", "Registry: flux domains per TLD and name-server operator (CSV)"),
        ("/api/v1/exports/rpz", "Response Policy Zone (RPZ)"),
        ("/api/v1/exports/stix", "STIX 2.1 bundle"),
        ("/api/v1/exports/csv", "Verdicts (CSV)"),
    ]

    static func row(_ r: AnalysisSnapshot.Row) -> [String] {
        let name = r.evidence.domain.description
        let f = r.holz.evidence.first { $0.name == "f" }?.value
        return [
            "<a href=\"/domains/\(HTML.pathSegment(name))?level=\(r.evidence.level.rawValue)\">\(HTML.escape(name))</a>",
            r.evidence.level.rawValue, HTML.badge(r.verdict.verdict.rawValue), HTML.number(r.verdict.score), HTML.number(f, digits: 1),
            "\(Set(r.evidence.addresses.map(\.address)).count)",
            r.network.map { "<a href=\"/networks/\(HTML.pathSegment($0))\">\(HTML.escape($0))</a>" } ?? "–",
            r.evidence.addresses.map(\.firstSeen).min().map(HTML.time) ?? "–",
        ]
    }
}
