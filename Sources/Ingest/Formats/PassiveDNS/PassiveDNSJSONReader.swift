import DNSWire
import FluxModel

/// Reads passive-DNS JSON lines: the Common Output Format (draft-dulaunoy-dnsop-passive-dns-cof)
/// or Farsight DNSDB API output, v1 (one record per line) or v2 (`{"obj":…}` records between
/// `{"cond":…}` lines). Each rdata value of a record becomes observations at its first and
/// last time, weighted so that the count is kept (see `PassiveDNSRecord.sightings`).
public struct PassiveDNSJSONReader: FormatReader {
    /// Which of the two formats, which sets the source kinds.
    public enum Flavour: Sendable {
        /// COF: sensor times as `.cof`, zone times as `.cof` named `<name> (zone)`.
        case cof
        /// DNSDB: sensor times as `.dnsdb`, zone times as `.dnsdbZone`.
        case dnsdb
    }

    /// The flavour read.
    public let flavour: Flavour

    /// Creates the reader.
    public init(flavour: Flavour) { self.flavour = flavour }

    public var format: TextFormat { flavour == .cof ? .cof : .dnsdb }

    public func sniff(_ prefix: [UInt8]) -> Bool {
        guard let o = Sniff.firstJSONObject(prefix) else { return false }
        let wrapped = o["obj"] != nil || o["cond"] != nil
        let record = o["rrname"] != nil && o["rrtype"] != nil && o["rdata"] != nil
        switch flavour {
        case .dnsdb: return wrapped || (record && o["zone_time_first"] != nil && o["time_first"] == nil)
        case .cof: return record && !wrapped
        }
    }

    public func read(_ input: inout LineReader, options: ReadOptions, sources: @escaping SourceResolver,
                     into sink: inout some IngestSink) throws -> ReadSummary {
        var context = ReadContext(file: input.name, format: format, options: options, sources: sources)
        var streaming = false, ended = false
        while let line = try context.nextLine(&input, into: &sink) {
            if line.text.allSatisfy({ $0.isWhitespace }) { continue }
            let value: JSONValue
            do throws(JSONParser.Failure) { value = try JSONParser.parse(line.text) } catch {
                try context.problem("bad_json", error.description, line: line.number, into: &sink)
                continue
            }
            guard var object = value.object else {
                try context.problem("bad_json", "the line is \(value.kindName), not an object", line: line.number, into: &sink)
                continue
            }
            if let cond = object["cond"] {
                streaming = true
                let message = object["msg"]?.string.map { ": \($0)" } ?? ""
                switch cond.string {
                case "begin"?, "ongoing"?: context.accepted()
                case "succeeded"?: context.accepted(); ended = true
                case "limited"?:
                    ended = true
                    try context.problem("dnsdb_limited", "the server stopped at a result limit; results are incomplete\(message)", line: line.number, into: &sink)
                case "failed"?:
                    ended = true
                    try context.problem("dnsdb_failed", "the query failed\(message); results are incomplete", line: line.number, into: &sink)
                default:
                    try context.problem("bad_cond", "unknown cond value", line: line.number, into: &sink)
                }
                continue
            }
            if let obj = object["obj"] {
                streaming = true
                guard let inner = obj.object else {
                    try context.problem("bad_json", "obj is \(obj.kindName), not an object", line: line.number, into: &sink)
                    continue
                }
                object = inner
            }
            do {
                let record = try PassiveDNSRecord(object)
                try emit(record, file: input.name, line: line.number, context: &context, into: &sink)
            } catch let error as RecordProblem {
                try context.problem(error.kind, error.reason, line: line.number, into: &sink)
            }
        }
        if streaming && !ended {
            try context.problem("truncated", "the DNSDB stream ends without a final cond line (succeeded, limited or failed): it was cut short",
                                line: nil, into: &sink)
        }
        return context.summary
    }

    private func emit(_ r: PassiveDNSRecord, file: String, line: Int, context: inout ReadContext,
                      into sink: inout some IngestSink) throws {
        var data: [RData] = []
        for text in r.rdata {
            do throws(DNSWireError) {
                data.append(try RData(presentation: text, type: r.type))
            } catch {
                if RData.hasPresentationParser(for: r.type) || text.hasPrefix("\\#") {
                    try context.problem("bad_rdata", "rdata '\(text)': \(error.reason)", line: line, into: &sink)
                    return
                }
                sink.count(.skippedRecords, 1)  // a type FluxScope keeps no text parser for
            }
        }
        context.accepted()
        let name = r.sensor ?? file
        var spans: [(times: (Timestamp, Timestamp), source: SourceID, count: Int?)] = []
        if let t = r.sensorTimes {
            spans.append((t, try context.source(flavour == .cof ? .cof : .dnsdb, name), r.count))
        }
        if let t = r.zoneTimes {
            let source = flavour == .cof ? try context.source(.cof, "\(name) (zone)") : try context.source(.dnsdbZone, name)
            // The count belongs to the sensor times when both are present.
            let count: Int? = r.sensorTimes == nil ? r.count : nil
            spans.append((t, source, count))
        }
        for (times, source, count) in spans {
            for d in data {
                for (time, weight) in PassiveDNSRecord.sightings(first: times.0, last: times.1, count: count) {
                    sink.observe(Observation(name: r.name, type: r.type, data: d, ttl: nil, section: .answer,
                                             time: time, source: source, weight: weight))
                }
            }
        }
    }
}
