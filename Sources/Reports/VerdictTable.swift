import Detection
import Foundation

/// The readable table of `fluxscope analyze`: one row per domain and model.
public enum VerdictTable {
    /// The column titles.
    public static let header = ["DOMAIN", "LEVEL", "MODEL", "VERDICT", "SCORE", "N_A", "N_ASN", "CC", "TTL", "EVIDENCE"]

    /// The table's lines, header first.
    public static func lines(_ verdicts: [Verdict]) -> [String] {
        format([header] + verdicts.map(cells))
    }

    /// One verdict's cells, in the order of `header`.
    public static func cells(_ v: Verdict) -> [String] {
        let f = v.features
        return [
            v.domain.description, v.level.rawValue, v.model, v.verdict.rawValue, String(format: "%.3f", v.score),
            f[.distinctAddresses].map(int) ?? "-", f[.distinctASNs].map(int) ?? "-",
            f[.distinctCountries].map(int) ?? "-", f[.ttlMin].map(int) ?? "-",
            topEvidence(v),
        ]
    }

    /// Rows of cells as lines, every column but the last padded to its widest cell.
    public static func format(_ rows: [[String]]) -> [String] {
        let widths = widths(rows)
        return rows.map { line($0, widths: widths) }
    }

    /// The width of every column but the last: its widest cell.
    public static func widths(_ rows: [[String]]) -> [Int] {
        guard let first = rows.first else { return [] }
        var widths = [Int](repeating: 0, count: max(0, first.count - 1))
        for row in rows { for c in widths.indices where c < row.count { widths[c] = max(widths[c], row[c].count) } }
        return widths
    }

    /// One row as a line, padded to `widths`.
    public static func line(_ row: [String], widths: [Int]) -> String {
        row.indices.map { c in c < widths.count ? row[c].padding(toLength: widths[c], withPad: " ", startingAt: 0) : row[c] }
            .joined(separator: "  ")
    }

    static func int(_ x: Double) -> String { String(Int(x.rounded())) }

    /// The reason, or the two largest contributions (or Holz's f).
    static func topEvidence(_ v: Verdict) -> String {
        if let reason = v.reason, v.verdict == .insufficientData { return reason }
        let items = v.evidence.prefix(2).map { item -> String in
            let value = item.value.map { abs($0) >= 100 || $0 == $0.rounded() ? String(format: "%.0f", $0) : String(format: "%.2f", $0) } ?? "?"
            let c = item.contribution.map { String(format: " (%+.2f)", $0) } ?? ""
            return "\(item.name)=\(value)\(c)"
        }
        return ([v.reason].compactMap { $0 } + items).joined(separator: "; ")
    }
}
