import Foundation
import Detection

/// Writes verdicts with every feature as CSV (RFC 4180 quoting), one row per domain and model.
public enum CSVWriter {
    /// The header row.
    public static var header: [String] {
        ["domain", "level", "model", "verdict", "score", "reason"] + Feature.allCases.map(\.name)
    }

    /// Writes the header and the rows.
    public static func write(_ verdicts: [Verdict], to out: inout some TextOutputStream) {
        out.write(headerLine)
        for v in verdicts { out.write(line(v)) }
    }

    /// The header row as a line (CRLF-terminated).
    public static var headerLine: String { header.map(quote).joined(separator: ",") + "\r\n" }

    /// One verdict as a line (CRLF-terminated).
    public static func line(_ v: Verdict) -> String {
        var row = [v.domain.description, v.level.rawValue, v.model, v.verdict.rawValue, number(v.score), v.reason ?? ""]
        row += Feature.allCases.map { v.features[$0].map(number) ?? "" }
        return row.map(quote).joined(separator: ",") + "\r\n"
    }

    static func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
    }

    /// Quotes a field when it holds a comma, quote, CR or LF (RFC 4180 section 2).
    public static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
