/// What loading a text table found. Bad lines are counted and the first few kept; the
/// rest of the file is still loaded.
public struct LoadReport: Sendable, Hashable, CustomStringConvertible {
    /// How many errors ``firstErrors`` keeps.
    public static let keptErrors = 5

    /// Lines read, comments and blanks included.
    public var lines = 0
    /// Distinct prefixes loaded.
    public var routes = 0
    /// Malformed lines skipped.
    public var badLines = 0
    /// Well-formed rows that carry no route (iptoasn "Not routed", ASN 0).
    public var unrouted = 0
    /// Prefixes listed more than once (the first row wins).
    public var duplicates = 0
    /// The first few malformed lines, with line numbers.
    public var firstErrors: [EnrichmentError] = []

    /// Creates an empty report.
    public init() {}

    /// Counts a bad line, keeping it if it is among the first few.
    mutating func recordBad(_ error: EnrichmentError) {
        badLines += 1
        if firstErrors.count < LoadReport.keptErrors { firstErrors.append(error) }
    }

    /// One line: counts, then the first errors.
    public var description: String {
        var text = "\(lines) lines, \(routes) prefixes, \(badLines) bad, \(unrouted) unrouted, \(duplicates) duplicate"
        for error in firstErrors { text += "\n  \(error)" }
        return text
    }
}
