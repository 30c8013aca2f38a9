import DNSWire
import Detection

/// `/networks/{id}`: agents over time, the member domains, and a graph of domains and the
/// agents they share.
struct NetworkPage {
    let network: FluxNetwork
    let snapshot: AnalysisSnapshot

    func render() -> String {
        let n = network
        var body = "<p class=\"muted\">\(n.domains.count) domains · \(n.agents.count) agents · \(n.asns.count) ASNs · "
            + "\(n.countries.count) countries · seen \(HTML.time(n.firstSeen)) to \(HTML.time(n.lastSeen)) UTC</p>"
        // First sighting of each agent over all member domains.
        var first: [IPAddress: Double] = [:]
        var servedBy: [IPAddress: [Int]] = [:]
        let members = n.domains
        for (k, d) in members.enumerated() {
            for a in snapshot.row(d, level: .fqdn)?.evidence.addresses ?? [] {
                first[a.address] = min(first[a.address] ?? a.firstSeen, a.firstSeen)
                servedBy[a.address, default: []].append(k)
            }
        }
        let times = first.values.sorted()
        let growth = times.enumerated().map { (x: $0.element, y: Double($0.offset + 1)) }
        body += "<div class=\"grid\">"
        body += "<section class=\"card\" aria-label=\"Agents over time\"><h2>Agents over time</h2>"
            + LineChart(title: "Distinct agents over time", yLabel: "agents", points: growth, steps: true).svg(id: "chart-agents") + "</section>"
        body += "<section class=\"card\" aria-label=\"Domains and shared agents\"><h2>Domains and shared agents</h2>" + graph(servedBy).svg(id: "chart-graph") + "</section>"
        body += "</div>"
        body += HTML.table(caption: "Member domains", headers: ["Domain", "Verdict", "Score", "Addresses"], rows: members.map { d in
            let row = snapshot.row(d, level: .fqdn)
            return ["<a href=\"/domains/\(HTML.pathSegment(d.description))?level=fqdn\">\(HTML.escape(d.description))</a>",
                    row.map { HTML.badge($0.verdict.verdict.rawValue) } ?? "–", HTML.number(row?.verdict.score),
                    "\(row.map { Set($0.evidence.addresses.map(\.address)).count } ?? 0)"]
        }, numeric: [2, 3])
        body += HTML.table(caption: "Origin ASes", headers: ["ASN"], rows: n.asns.map { ["AS\($0)"] })
        body += HTML.table(caption: "Countries", headers: ["Country"], rows: n.countries.map { [HTML.escape($0)] })
        return HTML.page(title: "Flux network \(n.id)", current: "", body: body)
    }

    /// Domains and the agents at least two of them share (at most 60, the most shared first);
    /// for a network of one domain, its agents.
    func graph(_ servedBy: [IPAddress: [Int]]) -> NodeLinkGraph {
        var nodes = network.domains.map { NodeLinkGraph.Node(label: $0.description, isDomain: true) }
        var edges: [(Int, Int)] = []
        let minimum = network.domains.count >= 2 ? 2 : 1
        let shared = servedBy.filter { Set($0.value).count >= minimum }
            .sorted { (Set($0.value).count, $1.key) > (Set($1.value).count, $0.key) }.prefix(60)
        for (agent, domains) in shared {
            let index = nodes.count
            nodes.append(NodeLinkGraph.Node(label: agent.description, isDomain: false))
            for d in Set(domains).sorted() { edges.append((d, index)) }
        }
        return NodeLinkGraph(title: "Domains of network \(network.id) and the agents they share", nodes: nodes, edges: edges)
    }
}
