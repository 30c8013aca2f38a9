import Foundation
import Detection
import FluxModel

/// Writes verdicts with every feature as CSV (RFC 4180 quoting), one row per domain and model.
public enum CSVWriter {
    /// The header row: the verdict, every feature, then where it came from (the same
    /// convention as `fluxscope report --csv`: every row repeats the model's weights version
    /// and the data window, so a row cut out still says where it came from).
    public static var header: [String] {
        ["domain", "level", "model", "verdict", "score", "reason"] + Feature.allCases.map(\.name)
            + ["model_version", "window_start", "window_end"]
    }

    /// Writes the header and the rows of one analysis, row by row as it goes.
    public static func write(_ verdicts: some Sequence<Verdict>, context: ExportContext, to out: inout some TextOutputStream) {
        write(verdicts, windowStart: context.windowStart, windowEnd: context.windowEnd,
              modelVersions: context.modelVersion.map { [context.model: $0] } ?? [:], to: &out)
    }

    /// Writes the header and the rows, row by row as it goes; `modelVersions` gives each
    /// model's weights version (a model without one gets an empty field).
    public static func write(_ verdicts: some Sequence<Verdict>, windowStart: Timestamp, windowEnd: Timestamp,
                             modelVersions: [String: String], to out: inout some TextOutputStream) {
        write(rows: verdicts.lazy.map { fields($0, modelVersion: modelVersions[$0.model]) },
              windowStart: windowStart, windowEnd: windowEnd, to: &out)
    }

    /// Writes the header and rows made by `fields` before the window was known (a streaming
    /// analysis keeps only these of each domain), each ended by the window columns.
    public static func write(rows: some Sequence<String>, windowStart: Timestamp, windowEnd: Timestamp,
                             to out: inout some TextOutputStream) {
        out.write(headerLine)
        let end = lineEnd(windowStart: windowStart, windowEnd: windowEnd)
        for row in rows { out.write(row + end) }
    }

    /// The header row as a line (CRLF-terminated).
    public static var headerLine: String { header.map(quote).joined(separator: ",") + "\r\n" }

    /// One verdict's fields up to its model version, quoted and joined: a row without its
    /// window (for callers that learn the window only after judging every domain).
    public static func fields(_ v: Verdict, modelVersion: String?) -> String {
        var row = [v.domain.description, v.level.rawValue, v.model, v.verdict.rawValue, number(v.score), v.reason ?? ""]
        row += Feature.allCases.map { v.features[$0].map(number) ?? "" }
        row.append(modelVersion ?? "")
        return row.map(quote).joined(separator: ",")
    }

    /// What ends every row: the window columns and CRLF.
    public static func lineEnd(windowStart: Timestamp, windowEnd: Timestamp) -> String {
        "," + [UTCTime.rfc3339(windowStart), UTCTime.rfc3339(windowEnd)].map(quote).joined(separator: ",") + "\r\n"
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
