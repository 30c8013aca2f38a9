extension RouteTable {
    /// Loads a text table (plain or gzip). With `format` `nil`, the format is detected from
    /// the content. Bad lines are counted in ``report`` and skipped; a file with no usable
    /// line at all, an unreadable file or a truncated gzip stream is an error.
    public static func load(path: String, format given: DatabaseFormat? = nil) throws(EnrichmentError) -> RouteTable {
        let format: DatabaseFormat
        if let given { format = given } else { format = try DatabaseFormat.detect(path: path) }
        let parse: (UnsafeBufferPointer<UInt8>) -> ParsedLine
        switch format {
        case .pfx2as: parse = TextTableFormats.pfx2as
        case .pyasn: parse = TextTableFormats.pyasn
        case .iptoasn: parse = TextTableFormats.iptoasn
        case .libloc, .maxmind:
            throw EnrichmentError(.unknownFormat, "\(format) is a binary database, not a text table", path: path)
        }
        var report = LoadReport()
        var routes: [Route] = []
        try LineReader(path: path).forEachLine { (line, number) throws(EnrichmentError) in
            report.lines = number
            switch parse(line) {
            case .skip: break
            case .unrouted: report.unrouted += 1
            case .routes(let parsed): routes.append(contentsOf: parsed)
            case .bad(let reason): report.recordBad(EnrichmentError(.corrupt, reason, path: path, line: number))
            }
        }
        if routes.isEmpty {
            if let first = report.firstErrors.first { throw first }
            if report.unrouted == 0 {
                throw EnrichmentError(.empty, "no routes in \(report.lines) lines", path: path)
            }
        }
        return RouteTable(name: format.rawValue, routes: routes, report: report)
    }
}
