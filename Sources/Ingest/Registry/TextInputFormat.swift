import FluxModel

/// A text format (Zeek, COF, DNSDB, passivedns, dig, zone) as the ingest registry sees it.
///
/// The text readers report what each line yields but not where a record ends, so every
/// observation, outcome, client query and problem counts as one record here: batches are
/// cut between them and a resumed ingest skips exactly as many as were committed, which is
/// deterministic because a file always yields the same sequence.
public struct TextInputFormat: InputFormat {
    public let format: TextFormat

    /// Wraps a text format.
    public init(_ format: TextFormat) { self.format = format }

    public var name: String { format.rawValue }

    public var sourceKind: Source.Kind {
        switch format {
        case .zeek: return .zeek
        case .cof: return .cof
        case .dnsdb: return .dnsdb
        case .passivedns: return .passivedns
        case .dig: return .dig
        case .zone: return .zone
        }
    }

    public func sniff(_ prefix: [UInt8]) -> Bool { TextFormat.detect(prefix: prefix) == format }

    public func read<Sink: IngestSink>(_ input: InputFile, into sink: inout Sink) throws {
        var counting = RecordPerEvent(inner: sink)
        defer { sink = counting.inner }
        _ = try format.reader.read(path: input.path, options: input.options, sources: input.resolver, into: &counting) { bytes in
            input.progress?.bytes = Int64(bytes)
        }
    }
}

/// Passes everything on and ends a record after each event.
struct RecordPerEvent<Inner: IngestSink>: IngestSink {
    var inner: Inner
    mutating func observe(_ observation: Observation) { inner.observe(observation); inner.endOfRecord() }
    mutating func outcome(_ outcome: Outcome) { inner.outcome(outcome); inner.endOfRecord() }
    mutating func client(_ query: ClientQuery) { inner.client(query); inner.endOfRecord() }
    mutating func count(_ counter: IngestCounter, _ n: Int) { inner.count(counter, n) }
    mutating func problem(_ problem: IngestProblem) { inner.problem(problem); inner.endOfRecord() }
    mutating func answerSet(_ set: AnswerSet) { inner.answerSet(set) }
}
