import Foundation

/// A line chart over time, drawn as SVG: a title and description for screen readers
/// (`role="img"`), axes with a few labelled ticks, one polyline with point markers.
public struct LineChart: Sendable {
    /// The chart's title (also its accessible name).
    public var title: String
    /// What the y axis counts.
    public var yLabel: String
    /// The points, x in seconds since the epoch.
    public var points: [(x: Double, y: Double)]
    /// Draw a step line (for cumulative counts) instead of straight segments.
    public var steps = false
    public var width = 560.0
    public var height = 220.0

    /// Creates a chart.
    public init(title: String, yLabel: String, points: [(x: Double, y: Double)], steps: Bool = false) {
        self.title = title
        self.yLabel = yLabel
        self.points = points.sorted { $0.x < $1.x }
        self.steps = steps
    }

    /// The SVG element.
    public func svg(id: String) -> String {
        let left = 52.0, right = 12.0, top = 12.0, bottom = 34.0
        let plotW = width - left - right, plotH = height - top - bottom
        let xs = points.map(\.x), ys = points.map(\.y)
        let x0 = xs.min() ?? 0, x1 = max(xs.max() ?? 1, x0 + 1)
        let y1 = max(ys.max() ?? 1, 1) * 1.05, y0 = min(0, ys.min() ?? 0)
        func px(_ x: Double) -> Double { left + (x - x0) / (x1 - x0) * plotW }
        func py(_ y: Double) -> Double { top + plotH - (y - y0) / (y1 - y0) * plotH }
        let summary = points.isEmpty ? "No data yet."
            : "\(points.count) points from \(HTML.time(x0)) to \(HTML.time(xs.max() ?? x0)) UTC; \(yLabel) from \(HTML.number(ys.min())) to \(HTML.number(ys.max()))."
        var s = SVGText.open(id: id, width: width, height: height, title: title, description: summary)
        s += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotW))\" height=\"\(f(plotH))\" fill=\"#fbfcfd\" stroke=\"#d0d7de\"/>"
        for i in 0...4 {
            let v = y0 + (y1 - y0) * Double(i) / 4
            s += "<line x1=\"\(f(left))\" x2=\"\(f(left + plotW))\" y1=\"\(f(py(v)))\" y2=\"\(f(py(v)))\" stroke=\"#eaeef2\"/>"
            s += "<text x=\"\(f(left - 6))\" y=\"\(f(py(v) + 4))\" text-anchor=\"end\">\(HTML.number(v, digits: v < 10 ? 1 : 0))</text>"
        }
        if !points.isEmpty {
            for i in 0...3 {
                let x = x0 + (x1 - x0) * Double(i) / 3
                let label = String(HTML.time(x).dropFirst(5).prefix(11))
                s += "<text x=\"\(f(px(x)))\" y=\"\(f(height - 14))\" text-anchor=\"\(i == 0 ? "start" : i == 3 ? "end" : "middle")\">\(label)</text>"
            }
            var path: [String] = []
            var last: (Double, Double)?
            for p in points {
                if steps, let last { path.append("\(f(px(p.x))),\(f(py(last.1)))") }
                path.append("\(f(px(p.x))),\(f(py(p.y)))")
                last = (p.x, p.y)
            }
            s += "<polyline fill=\"none\" stroke=\"#0b5cad\" stroke-width=\"2\" points=\"\(path.joined(separator: " "))\"/>"
            for p in points.count <= 120 ? points : [] {
                s += "<circle cx=\"\(f(px(p.x)))\" cy=\"\(f(py(p.y)))\" r=\"2.5\" fill=\"#0b5cad\"/>"
            }
        }
        s += "<text x=\"\(f(left))\" y=\"\(f(height - 1))\" class=\"muted\">time (UTC) → · \(HTML.escape(yLabel))</text>"
        return s + "</svg>"
    }

    func f(_ v: Double) -> String { SVGText.coordinate(v) }
}

/// Shared SVG text pieces.
enum SVGText {
    /// The opening `<svg>` with `role="img"`, a `<title>` and a `<desc>`, both referenced by
    /// `aria-labelledby` so screen readers announce them.
    static func open(id: String, width: Double, height: Double, title: String, description: String) -> String {
        let safe = HTML.escape(id)
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"\(safe)\" role=\"img\" aria-labelledby=\"\(safe)-title \(safe)-desc\" "
            + "viewBox=\"0 0 \(coordinate(width)) \(coordinate(height))\" width=\"\(coordinate(width))\" height=\"\(coordinate(height))\">"
            + "<title id=\"\(safe)-title\">\(HTML.escape(title))</title><desc id=\"\(safe)-desc\">\(HTML.escape(description))</desc>"
    }

    /// A coordinate with one decimal.
    static func coordinate(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }
}
