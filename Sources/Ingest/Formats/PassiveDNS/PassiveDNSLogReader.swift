import DNSWire
import FluxModel

/// Reads the log of gamelinux passivedns (format since 1.0.0):
/// `timestamp||client||server||class||query||type||answer||ttl||count`
/// (the older eight-field form without `count` is read too). Each line is one answer seen
/// `count` times up to `timestamp`: one observation with that weight. `NXDOMAIN` in the
/// answer column (passivedns `-X`) becomes an outcome.
public struct PassiveDNSLogReader: FormatReader {
    /// Creates the reader.
    public init() {}

    public var format: TextFormat { .passivedns }

    public func sniff(_ prefix: [UInt8]) -> Bool {
        guard let line = Sniff.lines(prefix).first(where: { !$0.isEmpty && !$0.hasPrefix("#") }) else { return false }
        let fields = line.split(separator: "||", omittingEmptySubsequences: false)
        return (fields.count == 9 || fields.count == 8) && TimeText.epoch(fields[0]) != nil
    }

    /// Types whose RDATA passivedns cuts down to one name (MX and KX keep only the exchange,
    /// SRV only the target, SOA only the primary server): such lines are counted as skipped.
    static let cutTypes: Set<RecordType> = [.mx, .srv, .soa, RecordType(36), .naptr]

    public func read(_ input: inout LineReader, options: ReadOptions, sources: @escaping SourceResolver,
                     into sink: inout some IngestSink) throws -> ReadSummary {
        var context = ReadContext(file: input.name, format: .passivedns, options: options, sources: sources)
        let source = try context.source(.passivedns, input.name)
        while let line = try context.nextLine(&input, into: &sink) {
            if line.text.isEmpty || line.text.hasPrefix("#") { continue }
            let f = line.text.split(separator: "||", omittingEmptySubsequences: false)
            func problem(_ kind: String, _ reason: String) throws {
                try context.problem(kind, reason, line: line.number, into: &sink)
            }
            guard f.count == 9 || f.count == 8 else {
                try problem("bad_fields", "\(f.count) fields separated by || where 9 are expected")
                continue
            }
            guard let time = TimeText.epoch(f[0]) else { try problem("bad_time", "timestamp '\(f[0])' is not seconds"); continue }
            guard RecordClass(mnemonic: f[3]) != nil else { try problem("bad_class", "'\(f[3])' is not a class"); continue }
            let name: DNSName
            do throws(DNSWireError) { name = try DNSName(f[4]) } catch { try problem("bad_name", "query '\(f[4])': \(error.reason)"); continue }
            guard let type = RecordType(mnemonic: f[5]) else { try problem("bad_type", "'\(f[5])' is not a record type"); continue }
            guard let ttl = UInt32(f[7]) else { try problem("bad_ttl", "TTL '\(f[7])' is not a number"); continue }
            var weight = 1
            if f.count == 9 {
                guard let c = Int(f[8]), c >= 0 else { try problem("bad_count", "count '\(f[8])' is not a number"); continue }
                weight = max(1, c)
            }
            var data: RData?
            if f[6] != "NXDOMAIN" {
                do throws(DNSWireError) {
                    data = try RData(presentation: f[6], type: type)
                } catch {
                    guard PassiveDNSLogReader.cutTypes.contains(type) || !RData.hasPresentationParser(for: type) else {
                        try problem("bad_rdata", "answer '\(f[6])': \(error.reason)")
                        continue
                    }
                }
            }
            context.accepted()
            sink.count(.messages, 1)
            sink.count(.responses, 1)
            try context.client(f[1], name: name, time: time, source: source, line: line.number, into: &sink)
            guard f[6] != "NXDOMAIN" else {
                sink.outcome(Outcome(name: name, type: type, rcode: .nxDomain, time: time, source: source))
                continue
            }
            guard let data else {
                sink.count(.skippedRecords, 1)  // a type passivedns cuts down, or one without a text parser
                continue
            }
            sink.observe(Observation(name: name, type: type, data: data, ttl: ttl, section: .answer, time: time,
                                     source: source, weight: weight))
        }
        return context.summary
    }
}
