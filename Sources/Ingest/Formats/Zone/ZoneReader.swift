import DNSWire
import FluxModel

/// Reads RFC 1035 section 5 master files, such as a registry's zone snapshot: `$ORIGIN`,
/// `$TTL` (RFC 2308), `@`, relative names, omitted owner, TTL and class taken from before,
/// records continued over lines in parentheses, comments, quoted strings. `$INCLUDE` and
/// `$GENERATE` are refused as problems (a snapshot must be one self-contained file).
///
/// Every IN record becomes an observation at `options.snapshotTime` from a `.zone` source
/// named after the zone's apex (its SOA owner, else the origin). NS records below the apex
/// (delegations) are put in the authority section, the rest in the answer section;
/// `DelegationCollector` and `ZoneDelta` compare delegations between snapshots.
public struct ZoneReader: FormatReader {
    /// Creates the reader.
    public init() {}

    public var format: TextFormat { .zone }

    public func sniff(_ prefix: [UInt8]) -> Bool {
        var records = 0
        for line in Sniff.lines(prefix) {
            if line.hasPrefix("$ORIGIN") || line.hasPrefix("$TTL") { return true }
            guard let parsed = try? PresentationLine(Array(line.utf8)), !parsed.tokens.isEmpty else { continue }
            let rest = parsed.startsWithBlank ? parsed.tokens[...] : parsed.tokens.dropFirst()
            guard RecordTokens(rest) != nil else { return false }
            records += 1
            if records >= 2 { return true }
        }
        return records > 0
    }

    public func read(_ input: inout LineReader, options: ReadOptions, sources: @escaping SourceResolver,
                     into sink: inout some IngestSink) throws -> ReadSummary {
        guard let time = options.snapshotTime else {
            throw ReadError(.needsOption, file: input.name, "a zone file carries no time: give the time the snapshot was taken")
        }
        var context = ReadContext(file: input.name, format: .zone, options: options, sources: sources)
        var state = ZoneState(origin: options.origin)
        var pending: [PresentationToken] = []
        var depth = 0, entryLine = 0, blankOwner = false
        while let line = try context.nextLine(&input, into: &sink) {
            let parsed: PresentationLine
            do throws(DNSWireError) { parsed = try PresentationLine(Array(line.text.utf8)) } catch {
                try context.problem("bad_text", error.reason, line: line.number, into: &sink)
                pending = []; depth = 0
                continue
            }
            if depth == 0 {
                entryLine = line.number
                blankOwner = parsed.startsWithBlank
            }
            pending += parsed.tokens
            depth += parsed.parenthesesDelta
            if depth > 0 { continue }
            defer { pending = []; depth = 0 }
            guard depth == 0 else {
                try context.problem("bad_text", "')' without '('", line: line.number, into: &sink)
                continue
            }
            guard !pending.isEmpty else { continue }
            do {
                if let record = try state.entry(pending, blankOwner: blankOwner) {
                    try emit(record, state: state, time: time, file: input.name, context: &context, into: &sink)
                }
            } catch let error as ZoneEntryError {
                try context.problem(error.kind, error.reason, line: entryLine, into: &sink)
            }
        }
        if depth > 0 {
            try context.problem("truncated", "'(' opened here is not closed at the end of the file", line: entryLine, into: &sink)
        }
        return context.summary
    }

    private func emit(_ r: ZoneRecord, state: ZoneState, time: Timestamp, file: String, context: inout ReadContext,
                      into sink: inout some IngestSink) throws {
        context.accepted()
        guard r.recordClass == .in else {
            sink.count(.skippedRecords, 1)
            return
        }
        let apex = state.apex ?? state.origin
        let source = try context.source(.zone, apex?.description ?? file)
        let section: Section = r.type == .ns && apex != nil && r.name != apex! ? .authority : .answer
        sink.observe(Observation(name: r.name, type: r.type, data: r.data, ttl: r.ttl, section: section, time: time, source: source))
    }
}
