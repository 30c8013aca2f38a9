/// A horizontal bar chart as SVG (ASN or country spread): one labelled bar per item, largest
/// first, the value written at the bar's end.
public struct BarChart: Sendable {
    /// The chart's title (also its accessible name).
    public var title: String
    /// Label and value, drawn in the order given.
    public var bars: [(label: String, value: Double)]
    public var width = 560.0

    /// Creates a chart of at most `limit` bars (the rest summed into "other").
    public init(title: String, bars: [(label: String, value: Double)], limit: Int = 12) {
        self.title = title
        let sorted = bars.sorted { ($0.value, $1.label) > ($1.value, $0.label) }
        if sorted.count > limit {
            let rest = sorted.dropFirst(limit - 1).reduce(0) { $0 + $1.value }
            self.bars = Array(sorted.prefix(limit - 1)) + [(label: "other (\(sorted.count - limit + 1))", value: rest)]
        } else {
            self.bars = sorted
        }
    }

    /// The SVG element.
    public func svg(id: String) -> String {
        let row = 22.0, left = 150.0, right = 48.0
        let height = max(40, Double(bars.count) * row + 12)
        let maxValue = max(bars.map(\.value).max() ?? 1, 1)
        let description = bars.isEmpty ? "No data yet."
            : bars.map { "\($0.label): \(HTML.number($0.value))" }.joined(separator: "; ")
        var s = SVGText.open(id: id, width: width, height: height, title: title, description: description)
        for (i, bar) in bars.enumerated() {
            let y = 6 + Double(i) * row
            let w = (width - left - right) * bar.value / maxValue
            s += "<text x=\"\(f(left - 6))\" y=\"\(f(y + 14))\" text-anchor=\"end\">\(HTML.escape(String(bar.label.prefix(24))))</text>"
            s += "<rect x=\"\(f(left))\" y=\"\(f(y + 2))\" width=\"\(f(max(w, 1)))\" height=\"\(f(row - 6))\" fill=\"#0b5cad\"/>"
            s += "<text x=\"\(f(left + w + 4))\" y=\"\(f(y + 14))\">\(HTML.number(bar.value))</text>"
        }
        if bars.isEmpty { s += "<text x=\"10\" y=\"24\">No data yet.</text>" }
        return s + "</svg>"
    }

    func f(_ v: Double) -> String { SVGText.coordinate(v) }
}
