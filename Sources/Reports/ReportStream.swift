import Foundation
import DNSWire

/// The output forms of `fluxscope report`.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// Aligned columns under `#` lines that state the report, model, window and notes.
    case text
    /// One JSON document: the same statements as fields, then `rows`, an array of objects.
    case json
    /// RFC 4180 CSV; every row repeats the model and window, so a row cut out still says
    /// where it came from.
    case csv
}

/// One cell of a report row.
public enum ReportField: Sendable, Hashable {
    /// A string.
    case text(String)
    /// A whole number.
    case int(Int)
    /// A number (JSON number, shortest text form elsewhere).
    case number(Double)
    /// Strings: a JSON array, space-separated elsewhere.
    case list([String])
    /// Unknown (empty in text and CSV, `null` in JSON).
    case none

    var plain: String {
        switch self {
        case .text(let s): return s
        case .int(let n): return String(n)
        case .number(let x): return CSVWriter.number(x)
        case .list(let items): return items.joined(separator: " ")
        case .none: return ""
        }
    }
}

/// A column of a report: its name in JSON and CSV, and its width in text.
public struct ReportColumn: Sendable {
    /// The name (JSON key, CSV header, text header).
    public var name: String
    /// The minimum width in text (0: no padding).
    public var width: Int

    /// Creates a column.
    public init(_ name: String, width: Int) {
        self.name = name
        self.width = width
    }
}

/// Writes a report row by row to any text stream, so memory stays bounded by one row: the
/// header states the report, the model, the data window and any notes (such as the client
/// privacy mode); rows follow in the caller's (deterministic) order. Nothing depends on the
/// wall clock, so the same data gives the same bytes.
public struct ReportStream<Out: TextOutputStream> {
    private let format: ReportFormat
    private let columns: [ReportColumn]
    private var out: Out
    private var rows = 0
    private let context: ExportContext
    private var json = JSONWriter()

    /// Starts a report called `kind`, writing its header.
    public init(kind: String, format: ReportFormat, columns: [ReportColumn], context: ExportContext,
                notes: [(key: String, value: String)], to out: Out) {
        self.format = format
        self.columns = columns
        self.context = context
        self.out = out
        let window = (UTCTime.rfc3339(context.windowStart), UTCTime.rfc3339(context.windowEnd))
        switch format {
        case .text:
            self.out.write("# FluxScope \(kind) report\n# model: \(context.modelStatement)\n# window: \(window.0) to \(window.1)\n")
            for n in notes { self.out.write("# \(n.key): \(n.value)\n") }
            self.out.write(Self.line(columns.map(\.name), columns) + "\n")
        case .json:
            json.beginObject()
            json.key("report"); json.string(kind)
            json.key("model"); json.string(context.model)
            json.key("model_version"); if let v = context.modelVersion { json.string(v) } else { json.null() }
            json.key("window_start"); json.string(window.0)
            json.key("window_end"); json.string(window.1)
            for n in notes { json.key(n.key); json.string(n.value) }
            json.key("rows")
            self.out.write(json.text + "[")
        case .csv:
            self.out.write((columns.map(\.name) + ["model", "model_version", "window_start", "window_end"]).map(CSVWriter.quote).joined(separator: ",") + "\r\n")
        }
    }

    /// Writes one row (fields in column order).
    public mutating func row(_ fields: [ReportField]) {
        switch format {
        case .text:
            out.write(Self.line(fields.map(\.plain), columns) + "\n")
        case .json:
            json.reset()
            json.beginObject()
            for (c, f) in zip(columns, fields) {
                json.key(c.name)
                switch f {
                case .text(let s): json.string(s)
                case .int(let n): json.number(n)
                case .number(let x): json.number(x)
                case .list(let items): json.beginArray(); for i in items { json.string(i) }; json.endArray()
                case .none: json.null()
                }
            }
            json.endObject()
            out.write((rows == 0 ? "\n" : ",\n") + json.text)
        case .csv:
            let tail = [context.model, context.modelVersion ?? "", UTCTime.rfc3339(context.windowStart), UTCTime.rfc3339(context.windowEnd)]
            out.write((fields.map(\.plain) + tail).map(CSVWriter.quote).joined(separator: ",") + "\r\n")
        }
        rows += 1
    }

    /// Hands the stream to `body` between rows, e.g. to send what has been written so far and
    /// empty it (an HTTP body written page by page).
    public mutating func flush(_ body: (inout Out) async throws -> Void) async rethrows {
        try await body(&out)
    }

    /// Ends the report (closes the JSON document; in text, a count line) and returns the stream.
    public mutating func finish(summary: String) -> Out {
        switch format {
        case .text: out.write("\n\(summary)\n")
        case .json:
            json.reset()
            json.string(summary)
            out.write("\n],\"summary\":\(json.text)}\n")
        case .csv: break
        }
        return out
    }

    static func line(_ cells: [String], _ columns: [ReportColumn]) -> String {
        var parts: [String] = []
        for (i, c) in columns.enumerated() {
            let cell = i < cells.count ? cells[i] : ""
            parts.append(i == columns.count - 1 || cell.count >= c.width ? cell : cell.padding(toLength: c.width, withPad: " ", startingAt: 0))
        }
        return parts.joined(separator: "  ")
    }
}
