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
            v.domain.description, v.level.rawValue, v.model, v.verdict.rawValue, FixedDecimal.string(v.score, digits: 3),
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
        for row in rows { for c in widths.indices where c < row.count { widths[c] = max(widths[c], width(row[c])) } }
        return widths
    }

    /// One row as a line, padded to `widths`.
    public static func line(_ row: [String], widths: [Int]) -> String {
        var bytes: [UInt8] = []
        appendLine(row, widths: widths, to: &bytes)
        return String(decoding: bytes.dropLast(), as: UTF8.self)
    }

    /// Appends one row as a line, padded to `widths`, and a newline: what `line` gives,
    /// written straight into an output buffer.
    public static func appendLine(_ row: [String], widths: [Int], to out: inout [UInt8]) {
        appendLine(cells: row.lazy.map(\.utf8), widths: widths, to: &out)
    }

    /// `appendLine` for cells given as UTF-8 octets (the ranked rows `analyze` reads back
    /// from its temporary file), made `String`s only where a cell is not ASCII.
    @inlinable  // specialised where called: `analyze` prints a million rows through it
    public static func appendLine(cells row: some Sequence<some Collection<UInt8>>, widths: [Int], to out: inout [UInt8]) {
        for (c, cell) in row.enumerated() {
            if c > 0 { out.append(contentsOf: [0x20, 0x20]) }
            guard c < widths.count else { out.append(contentsOf: cell); continue }
            guard isASCII(cell) else {
                out.append(contentsOf: String(decoding: cell, as: UTF8.self).padding(toLength: widths[c], withPad: " ", startingAt: 0).utf8)
                continue
            }
            // ASCII: a character is an octet, so padding (or cutting) to a width is by octets.
            out.append(contentsOf: cell.prefix(widths[c]))
            if cell.count < widths[c] { out.append(contentsOf: repeatElement(0x20, count: widths[c] - cell.count)) }
        }
        out.append(0x0A)
    }

    /// A cell's width in characters.
    static func width(_ cell: String) -> Int { isASCII(cell.utf8) ? cell.utf8.count : cell.count }

    @inlinable  // `appendLine(cells:)` pads every cell of a million rows through it
    static func isASCII(_ octets: some Sequence<UInt8>) -> Bool { octets.allSatisfy { $0 < 0x80 } }

    static func int(_ x: Double) -> String { String(Int(x.rounded())) }

    /// The reason, or the two largest contributions (or Holz's f).
    static func topEvidence(_ v: Verdict) -> String {
        if let reason = v.reason, v.verdict == .insufficientData { return reason }
        let items = v.evidence.prefix(2).map { item -> String in
            let value = item.value.map { FixedDecimal.string($0, digits: abs($0) >= 100 || $0 == $0.rounded() ? 0 : 2) } ?? "?"
            let c = item.contribution.map { " (" + FixedDecimal.string($0, digits: 2, plus: true) + ")" } ?? ""
            return "\(item.name)=\(value)\(c)"
        }
        return ([v.reason].compactMap { $0 } + items).joined(separator: "; ")
    }
}
