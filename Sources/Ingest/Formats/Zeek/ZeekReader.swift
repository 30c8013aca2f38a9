import DNSWire
import FluxModel

/// Reads Zeek `dns.log` files, TSV (with their `#` header) or JSON lines. See `ZeekAnswers`
/// for how answers become records, and docs/formats.md for the whole mapping.
public struct ZeekReader: FormatReader {
    /// Creates the reader.
    public init() {}

    public var format: TextFormat { .zeek }

    public func sniff(_ prefix: [UInt8]) -> Bool {
        let lines = Sniff.lines(prefix)
        if lines.contains(where: { $0.hasPrefix("#separator ") || $0.hasPrefix("#fields") }) {
            // Another Zeek log (conn.log…) says so in #path.
            if let path = lines.first(where: { $0.hasPrefix("#path") }) { return path.hasSuffix("dns") }
            return lines.contains { $0.hasPrefix("#fields") && $0.contains("query") }
        }
        guard let o = Sniff.firstJSONObject(prefix) else { return false }
        return o["ts"] != nil && (o["uid"] != nil || o["id.orig_h"] != nil)
            && (o["query"] != nil || o["qtype_name"] != nil || o["trans_id"] != nil)
    }

    public func read(_ input: inout LineReader, options: ReadOptions, sources: @escaping SourceResolver,
                     into sink: inout some IngestSink) throws -> ReadSummary {
        var context = ReadContext(file: input.name, format: .zeek, options: options, sources: sources)
        let source = try context.source(.zeek, input.name)
        var header: ZeekTSVHeader?
        while let line = try context.nextLine(&input, into: &sink) {
            if line.text.isEmpty { continue }
            if line.text.hasPrefix("#") {
                var h = header ?? ZeekTSVHeader()
                do throws(RecordProblem) {
                    try h.apply(line.text)
                } catch {
                    try context.problem(error.kind, error.reason, line: line.number, into: &sink)
                    continue
                }
                if let path = h.path, path != "dns" {
                    throw ReadError(.wrongFormat, file: input.name, "this is Zeek's \(path).log, not dns.log")
                }
                header = h
                continue
            }
            let entry: ZeekEntry
            do {
                if line.text.hasPrefix("{") {
                    let value: JSONValue
                    do throws(JSONParser.Failure) { value = try JSONParser.parse(line.text) } catch {
                        try context.problem("bad_json", error.description, line: line.number, into: &sink)
                        continue
                    }
                    entry = try ZeekEntry(json: value)
                } else {
                    guard let h = header, !h.fields.isEmpty else {
                        try context.problem("no_header", "a data line before any #fields header (not a Zeek log?)", line: line.number, into: &sink)
                        continue
                    }
                    guard h.columns["ts"] != nil, h.columns["query"] != nil else {
                        throw ReadError(.wrongFormat, file: input.name, "#fields has no ts or query column: not a dns.log")
                    }
                    entry = try ZeekEntry(tsv: line.text, header: h)
                }
            } catch let error as RecordProblem {
                try context.problem(error.kind, error.reason, line: line.number, into: &sink)
                continue
            }
            try emit(entry, line: line.number, source: source, context: &context, into: &sink)
        }
        return context.summary
    }

    private func emit(_ e: ZeekEntry, line: Int, source: SourceID, context: inout ReadContext,
                      into sink: inout some IngestSink) throws {
        let query: DNSName?
        if let q = e.query {
            do { query = try ZeekAnswers.dnsName(q) } catch {
                try context.problem("bad_name", "query '\(q)' is not a domain name", line: line, into: &sink)
                return
            }
        } else {
            query = nil
        }
        if let ttls = e.ttls, ttls.count != e.answers.count {
            try context.problem("bad_ttls", "\(e.answers.count) answers but \(ttls.count) TTLs", line: line, into: &sink)
            return
        }
        context.accepted()
        sink.count(.messages, 1)
        if let client = e.client, let query {
            try context.client(client, name: query, time: e.time, source: source, line: line, into: &sink)
        }
        guard e.rcode != nil || !e.answers.isEmpty else {
            sink.count(.unansweredQueries, 1)
            return
        }
        sink.count(.responses, 1)
        // Updates, notifies and other opcodes carry no resolution data.
        guard e.opcode ?? 0 == 0, let query else {
            if !e.answers.isEmpty { sink.count(.skippedRecords, e.answers.count) }
            return
        }
        // An empty answer list is NODATA only for types whose answers Zeek logs: for others
        // (WKS, NULL, unknown types) Zeek writes no answers even when there were some.
        if let rcode = e.rcode, let qtype = e.qtype,
           rcode != .noError || (e.answers.isEmpty && ZeekReader.loggedAnswerTypes.contains(qtype)) {
            sink.outcome(Outcome(name: query, type: qtype, rcode: rcode, time: e.time, source: source))
        }
        let inferred = ZeekAnswers(e.answers, query: query, qtype: e.qtype)
        if inferred.skipped > 0 { sink.count(.skippedRecords, inferred.skipped) }
        for r in inferred.records {
            sink.observe(Observation(name: r.owner, type: r.type, data: r.data, ttl: e.ttls.flatMap { ZeekReader.ttl($0[r.index]) },
                                     section: .answer, time: e.time, source: source))
        }
    }

    /// The query types whose answers Zeek's DNS analyzer puts into `answers` (its base
    /// scripts handle these replies, LOC (29), SSHFP (44) and BIND's 65534 among them); an ANY query
    /// logs whatever came back.
    static let loggedAnswerTypes: Set<RecordType> = [
        .a, .aaaa, .ns, .cname, .ptr, .mx, .txt, .spf, .soa, .srv, .naptr, .caa, RecordType(29), RecordType(44),
        .ds, .dnskey, .rrsig, .nsec, .nsec3, .nsec3param, .svcb, .https, .tkey, RecordType(65534), .any,
    ]

    /// Zeek writes TTLs as intervals (`300.000000`); whole seconds within UInt32 are kept.
    static func ttl(_ v: Double) -> UInt32? {
        guard v.isFinite, v >= 0, v <= Double(UInt32.max) else { return nil }
        return UInt32(v.rounded())
    }
}
