import Detection
import Foundation

/// The readable table of `fluxscope analyze`: one row per domain and model.
public enum VerdictTable {
    /// The table's lines, header first.
    public static func lines(_ verdicts: [Verdict]) -> [String] {
        var rows: [[String]] = [["DOMAIN", "LEVEL", "MODEL", "VERDICT", "SCORE", "N_A", "N_ASN", "CC", "TTL", "EVIDENCE"]]
        for v in verdicts {
            let f = v.features
            rows.append([
                v.domain.description, v.level.rawValue, v.model, v.verdict.rawValue, String(format: "%.3f", v.score),
                f[.distinctAddresses].map(int) ?? "-", f[.distinctASNs].map(int) ?? "-",
                f[.distinctCountries].map(int) ?? "-", f[.ttlMin].map(int) ?? "-",
                topEvidence(v),
            ])
        }
        let widths = (0..<rows[0].count - 1).map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in
            (0..<row.count).map { c in c < widths.count ? row[c].padding(toLength: widths[c], withPad: " ", startingAt: 0) : row[c] }
                .joined(separator: "  ")
        }
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
