import Foundation

/// A small node-link graph as SVG with a deterministic layout (the same input always draws
/// the same picture): domains on an inner circle in name order, shared agents on an outer
/// circle, each placed at the mean angle of the domains it serves, then spread apart.
public struct NodeLinkGraph: Sendable {
    /// A node: a domain or an agent.
    public struct Node: Sendable, Hashable {
        public var label: String
        public var isDomain: Bool
        /// Creates a node.
        public init(label: String, isDomain: Bool) {
            self.label = label
            self.isDomain = isDomain
        }
    }

    public var title: String
    public var nodes: [Node]
    /// Edges as node indexes (domain, agent).
    public var edges: [(Int, Int)]
    public var size = 560.0

    /// Creates a graph.
    public init(title: String, nodes: [Node], edges: [(Int, Int)]) {
        self.title = title
        self.nodes = nodes
        self.edges = edges
    }

    /// Node positions, by index.
    public func layout() -> [(x: Double, y: Double)] {
        let c = size / 2
        let domains = nodes.indices.filter { nodes[$0].isDomain }.sorted { nodes[$0].label < nodes[$1].label }
        var angle: [Int: Double] = [:]
        var position = Array(repeating: (x: c, y: c), count: nodes.count)
        for (k, i) in domains.enumerated() {
            let a = 2 * Double.pi * Double(k) / Double(max(domains.count, 1)) - Double.pi / 2
            angle[i] = a
            let r = domains.count == 1 ? 0 : size * 0.22
            position[i] = (c + r * cos(a), c + r * sin(a))
        }
        var agentAngles: [(Int, Double)] = []
        for i in nodes.indices where !nodes[i].isDomain {
            let linked = edges.filter { $0.1 == i }.compactMap { angle[$0.0] }
            let sx = linked.reduce(0) { $0 + cos($1) }, sy = linked.reduce(0) { $0 + sin($1) }
            agentAngles.append((i, linked.isEmpty ? 0 : atan2(sy, sx)))
        }
        agentAngles.sort { ($0.1, nodes[$0.0].label) < ($1.1, nodes[$1.0].label) }
        // Spread agents evenly in their angular order so that labels do not pile up.
        for (k, (i, a)) in agentAngles.enumerated() {
            let even = 2 * Double.pi * Double(k) / Double(max(agentAngles.count, 1)) - Double.pi
            let blended = agentAngles.count > 8 ? even : a
            position[i] = (c + size * 0.42 * cos(blended), c + size * 0.42 * sin(blended))
        }
        return position
    }

    /// The SVG element.
    public func svg(id: String) -> String {
        let p = layout()
        let domainCount = nodes.filter(\.isDomain).count
        let description = "\(domainCount) domains (filled circles, inner ring) linked to \(nodes.count - domainCount) agents they share (squares, outer ring)."
        var s = SVGText.open(id: id, width: size, height: size, title: title, description: description)
        for (a, b) in edges where a < p.count && b < p.count {
            s += "<line x1=\"\(f(p[a].x))\" y1=\"\(f(p[a].y))\" x2=\"\(f(p[b].x))\" y2=\"\(f(p[b].y))\" stroke=\"#9aa6b2\" stroke-width=\"1\"/>"
        }
        for (i, n) in nodes.enumerated() {
            if n.isDomain {
                s += "<circle cx=\"\(f(p[i].x))\" cy=\"\(f(p[i].y))\" r=\"7\" fill=\"#b3261e\"><title>\(HTML.escape(n.label))</title></circle>"
                s += "<text x=\"\(f(p[i].x + 9))\" y=\"\(f(p[i].y - 8))\">\(HTML.escape(String(n.label.prefix(28))))</text>"
            } else {
                s += "<rect x=\"\(f(p[i].x - 4))\" y=\"\(f(p[i].y - 4))\" width=\"8\" height=\"8\" fill=\"#0b5cad\"><title>\(HTML.escape(n.label))</title></rect>"
            }
        }
        return s + "</svg>"
    }

    func f(_ v: Double) -> String { SVGText.coordinate(v) }
}
