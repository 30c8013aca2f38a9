import Store

/// `/watchlist`: what the server probes, and when.
struct WatchlistPage {
    let entries: [WatchEntry]
    let snapshot: AnalysisSnapshot

    func render() -> String {
        let rows = entries.map { e -> [String] in
            let verdict = snapshot.row(e.domain)?.verdict.verdict.rawValue
            return ["<a href=\"/domains/\(HTML.pathSegment(e.domain.description))\">\(HTML.escape(e.domain.description))</a>",
                    verdict.map(HTML.badge) ?? "–", HTML.escape(e.note ?? ""), e.interval.map { HTML.number($0) + " s" } ?? "TTL",
                    e.lastProbed.map(HTML.time) ?? "not yet", HTML.time(e.nextDue)]
        }
        var body = "<p class=\"muted\">Add or remove domains with the API: <code>POST /api/v1/watchlist</code> and "
            + "<code>DELETE /api/v1/watchlist/{domain}</code>, with a token from <code>fluxscope token create</code>.</p>"
        body += HTML.table(caption: "Watched domains (\(entries.count))",
                           headers: ["Domain", "Verdict", "Note", "Interval", "Last probed (UTC)", "Next due (UTC)"], rows: rows)
        return HTML.page(title: "Watchlist", current: "Watchlist", body: body)
    }
}
