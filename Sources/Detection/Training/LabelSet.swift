import DNSWire
import Foundation

/// Labelled domains, as `fluxscope evaluate --labels` reads them: lines
/// `DOMAIN<TAB>flux|benign[<TAB>CLASS]`, or `DOMAIN<TAB>ignore` for a domain not to score.
/// A label applies to its domain and to the names under it that have none of their own.
public struct LabelSet: Sendable {
    /// A line that is not a label.
    public struct FormatError: Error, CustomStringConvertible {
        /// The line number, from 1.
        public var line: Int
        public var text: String
        public var description: String { "line \(line): expected DOMAIN<TAB>flux|benign|ignore, got '\(text)'" }
    }

    /// `nil` for `ignore`.
    private var entries: [DNSName: (isFlux: Bool, cls: String)?] = [:]

    /// The number of labelled domains (`ignore` lines included).
    public var count: Int { entries.count }

    /// Reads labels from text; empty lines and lines starting with `#` are skipped.
    public init(text: String) throws(FormatError) {
        for (i, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let fields = line.split(separator: "\t").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let first = fields.first, !first.isEmpty, !first.hasPrefix("#") else { continue }
            guard fields.count >= 2, let name = try? DNSName(first), ["flux", "benign", "ignore"].contains(fields[1]) else {
                throw FormatError(line: i + 1, text: String(line))
            }
            entries[name] = fields[1] == "ignore" ? .some(nil) : (fields[1] == "flux", fields.count > 2 ? fields[2] : fields[1])
        }
    }

    /// The label of the domain or of its closest labelled ancestor, and which name carried
    /// it; `nil` when none is labelled or the closest is `ignore`.
    public func label(for domain: DNSName) -> (isFlux: Bool, cls: String, at: DNSName)? {
        var n = domain
        for _ in 0..<128 {
            if let entry = entries[n] { return entry.map { ($0.isFlux, $0.cls, n) } }
            if n.isRoot { return nil }
            n = n.parent
        }
        return nil
    }
}
