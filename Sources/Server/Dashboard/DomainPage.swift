import DNSWire
import Detection

/// `/domains/{domain}`: address growth, ASN and country spread, TTL history, the evidence of
/// the verdict, and Holz's score beside ours.
struct DomainPage {
    let row: AnalysisSnapshot.Row
    let timeline: DomainTimeline

    func render() -> String {
        let v = row.verdict, h = row.holz
        var body = "<p>\(HTML.badge(v.verdict.rawValue)) <span id=\"verdict\" data-verdict=\"\(v.verdict.rawValue)\">FluxScope: \(v.verdict.rawValue), score \(HTML.number(v.score))</span>"
        if let reason = v.reason { body += " — \(HTML.escape(reason))" }
        if let n = row.network { body += " · network <a href=\"/networks/\(HTML.pathSegment(n))\">\(HTML.escape(n))</a>" }
        body += "</p>"
        let f = h.evidence.first { $0.name == "f" }?.value
        body += HTML.table(caption: "Scores side by side", headers: ["Model", "Verdict", "Score", "Detail"], rows: [
            ["FluxScope (trained, explainable)", HTML.badge(v.verdict.rawValue), HTML.number(v.score), HTML.escape(v.reason ?? "boosted decision stumps over all features")],
            ["Holz et al. 2008 flux-score", HTML.badge(h.verdict.rawValue), HTML.number(h.score), "f = \(HTML.number(f, digits: 1)) (fast flux when f &gt; 0)"],
        ], numeric: [2])
        body += "<div class=\"grid\">"
        body += card("Address growth", LineChart(title: "Distinct addresses over time", yLabel: "distinct addresses",
                                                  points: timeline.growth.map { (x: $0.time, y: Double($0.addresses)) }, steps: true).svg(id: "chart-growth"))
        body += card("ASN spread", BarChart(title: "Addresses per origin AS", bars: spread { $0.asn.map { "AS\($0)" } }).svg(id: "chart-asns"))
        body += card("Country spread", BarChart(title: "Addresses per country", bars: spread(\.country)).svg(id: "chart-countries"))
        body += card("TTL history", LineChart(title: "TTL of answers by first seen", yLabel: "TTL (s)",
                                              points: timeline.addresses.compactMap { a in a.minTTL.map { (x: a.firstSeen, y: Double($0)) } })
            .svg(id: "chart-ttl"))
        body += "</div>"
        body += "<h2>Evidence</h2>" + HTML.table(caption: "Evidence of the FluxScope verdict, most important first",
                                                 headers: ["Feature", "Value", "Contribution", "Note"],
                                                 rows: v.evidence.map { [HTML.escape($0.name), HTML.number($0.value), HTML.number($0.contribution), HTML.escape($0.note ?? "")] },
                                                 numeric: [1, 2])
        body += HTML.table(caption: "Evidence of the Holz verdict", headers: ["Feature", "Value", "Contribution", "Note"],
                           rows: h.evidence.map { [HTML.escape($0.name), HTML.number($0.value), HTML.number($0.contribution), HTML.escape($0.note ?? "")] },
                           numeric: [1, 2])
        body += "<h2>Addresses</h2>" + HTML.table(
            caption: "Addresses, first seen first (\(timeline.addresses.count) in all; the first 100 shown)",
            headers: ["Address", "ASN", "Country", "First seen (UTC)", "Last seen (UTC)", "Seen", "TTL"],
            rows: timeline.addresses.prefix(100).map { a in
                ["<a href=\"/api/v1/addresses/\(HTML.pathSegment(a.address.description))\">\(HTML.escape(a.address.description))</a>",
                 a.asn.map { "AS\($0)" } ?? "–", HTML.escape(a.country ?? "–"), HTML.time(a.firstSeen), HTML.time(a.lastSeen), "\(a.count)",
                 a.minTTL.map { "\($0)" } ?? "–"]
            }, numeric: [5, 6])
        body += HTML.table(caption: "Name servers", headers: ["Name server", "First seen (UTC)", "Last seen (UTC)", "TTL"],
                           rows: timeline.nameServers.map { [HTML.escape($0.name), HTML.time($0.firstSeen), HTML.time($0.lastSeen), $0.minTTL.map { "\($0)" } ?? "–"] })
        return HTML.page(title: row.evidence.domain.description, current: "", body: body)
    }

    func card(_ heading: String, _ content: String) -> String {
        "<section class=\"card\" aria-label=\"\(HTML.escape(heading))\"><h2>\(HTML.escape(heading))</h2>\(content)</section>"
    }

    func spread(_ key: (DomainTimeline.Address) -> String?) -> [(label: String, value: Double)] {
        var counts: [String: Double] = [:]
        for a in timeline.addresses { counts[key(a) ?? "unknown", default: 0] += 1 }
        return counts.map { (label: $0.key, value: $0.value) }
    }
}
