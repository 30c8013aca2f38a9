import Foundation
import HTTPTypes
import HummingbirdTesting
import Server
import Testing

extension ServerSuites {
@Suite struct DashboardTests {
    @Test func pagesAreSelfContainedAccessibleHTML() async throws {
        let f = try await ServerFixture.make()
        let network = f.cache.snapshot?.result.networks.first?.id
        let pages = ["/", "/watchlist", "/domains/www.flux-shop.test", "/domains/www.quiet.test?level=fqdn"]
            + (network.map { ["/networks/\($0)"] } ?? [])
        try await f.test { client in
            for page in pages {
                try await client.execute(uri: page, method: .get) { r in
                    #expect(r.status == .ok, "\(page)")
                    #expect(r.headers[.contentType]?.hasPrefix("text/html") == true)
                    #expect(r.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
                    let html = r.text
                    #expect(html.hasPrefix("<!doctype html>"))
                    #expect(html.contains("<html lang=\"en\">"))
                    #expect(!html.contains("<script"), "\(page) has a script")
                    // No external assets: nothing fetched from elsewhere (the SVG namespace URI is a name, not a fetch).
                    #expect(!html.contains("src=") && !html.contains("url(") && !html.contains("href=\"http"), "\(page) loads an asset")
                    // Every chart is an image with a title and a description.
                    let svgs = html.components(separatedBy: "<svg ").count - 1
                    #expect(html.components(separatedBy: "role=\"img\"").count - 1 == svgs)
                    #expect(html.components(separatedBy: "<title id=").count - 1 == svgs)
                }
            }
            try await client.execute(uri: "/domains/www.flux-shop.test", method: .get) { r in
                for id in ["chart-growth", "chart-asns", "chart-countries", "chart-ttl"] { #expect(r.text.contains("id=\"\(id)\"")) }
                #expect(r.text.contains("Holz et al. 2008 flux-score"))
                #expect(r.text.contains("Evidence of the FluxScope verdict"))
            }
            // The overview links the report downloads, and each link answers.
            var links: [String] = []
            try await client.execute(uri: "/", method: .get) { r in
                let list = r.text.components(separatedBy: "id=\"report-links\"").dropFirst().first ?? ""
                links = list.components(separatedBy: "href=\"").dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) }
            }
            #expect(links.contains("/api/v1/reports/exposure?format=csv") && links.contains("/api/v1/reports/registry?format=csv"))
            for link in links {
                try await client.execute(uri: link, method: .get) { r in #expect(r.status == .ok, "\(link)") }
            }
            try await client.execute(uri: "/domains/unknown.test", method: .get) { r in #expect(r.status == .notFound) }
            try await client.execute(uri: "/domains/%3Cscript%3E", method: .get) { r in
                #expect(r.status.code == 400 || r.status.code == 404)
                #expect(!r.text.contains("<script>"))
            }
            try await client.execute(uri: "/networks/nothing", method: .get) { r in #expect(r.status == .notFound) }
        }
    }

    @Test func chartsEscapeTextAndLayOutDeterministically() {
        let chart = BarChart(title: "a <b> & \"c\"", bars: [(label: "<x>", value: 3), (label: "y", value: 1)]).svg(id: "t")
        #expect(chart.contains("<title id=\"t-title\">a &lt;b&gt; &amp; &quot;c&quot;</title>"))
        #expect(chart.contains("&lt;x&gt;"))
        #expect(!chart.contains("<x>"))
        let nodes = [NodeLinkGraph.Node(label: "b.test", isDomain: true), NodeLinkGraph.Node(label: "a.test", isDomain: true),
                     NodeLinkGraph.Node(label: "192.0.2.1", isDomain: false)]
        let graph = NodeLinkGraph(title: "g", nodes: nodes, edges: [(0, 2), (1, 2)])
        #expect(graph.svg(id: "g") == graph.svg(id: "g"))
        let layout = graph.layout()
        #expect(layout.count == 3)
        let line = LineChart(title: "l", yLabel: "n", points: [(x: 2, y: 5), (x: 1, y: 1)], steps: true).svg(id: "l")
        #expect(line.contains("<polyline"))
        #expect(LineChart(title: "empty", yLabel: "n", points: []).svg(id: "e").contains("No data yet."))
    }
}
}
