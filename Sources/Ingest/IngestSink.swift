import DNSWire
import FluxModel

/// Where an input reader puts what it finds. Readers call these in input order; the sink
/// deduplicates, counts and writes (to a store, or to memory in tests).
public protocol IngestSink {
    /// One answer record seen.
    mutating func observe(_ observation: Observation)
    /// A response outcome worth keeping on its own (NXDOMAIN, SERVFAIL, REFUSED, no data).
    mutating func outcome(_ outcome: Outcome)
    /// Who asked for a name (only from sources that carry clients, and only when kept).
    mutating func client(_ query: ClientQuery)
    /// Adds to one of the run's counters.
    mutating func count(_ counter: IngestCounter, _ n: Int)
    /// A bad line or record: counted, reported, and the rest of the input still read.
    mutating func problem(_ problem: IngestProblem)
    /// The addresses one response gave for one name (see `AnswerSet`). Optional: the default
    /// ignores them.
    mutating func answerSet(_ set: AnswerSet)
    /// Marks the end of one input record (a captured DNS message, a dnstap frame, a log line):
    /// a point where a batch may be cut. Readers call it once per record, after everything the
    /// record yielded; the number of calls is the position a resumed ingest skips to. The
    /// default does nothing.
    mutating func endOfRecord()
    /// One answer record, by a wire key: bytes that identify the record exactly as its
    /// `SightingKey` does (`SightingBatch.addObservation(wireKey:...)`). `make` builds the
    /// observation (seen at `time` with `ttl` by `source`); a sink that deduplicates calls it
    /// only for a key it has not seen. The default is `observe(make())`.
    mutating func observe(wireKey: UnsafeRawBufferPointer, time: Timestamp, ttl: UInt32?, source: SourceID,
                          make: () throws -> Observation) rethrows
    /// An outcome by a wire key standing for its `OutcomeKey`; the default is `outcome(make())`.
    mutating func outcome(wireKey: UnsafeRawBufferPointer, time: Timestamp, source: SourceID,
                          make: () throws -> Outcome) rethrows
    /// An answer set by a wire key standing for its `AnswerSetKey`; the default is
    /// `answerSet(make())`.
    mutating func answerSet(wireKey: UnsafeRawBufferPointer, time: Timestamp, make: () throws -> AnswerSet) rethrows
    /// Repeats what a message recorded under `messageKey` yielded (`SightingBatch.replay`),
    /// seen now at `time` by `source`, its observations with `ttls`; false when the sink has
    /// no such message (the default: then the caller emits the message record by record).
    mutating func replay(messageKey: UnsafeRawBufferPointer, time: Timestamp, source: SourceID,
                         ttls: UnsafeBufferPointer<UInt32>) -> Bool
    /// Marks the start of one message's wire-keyed calls, for a sink that records them to
    /// replay (the default does nothing).
    mutating func beginMessage()
    /// Marks their end: the message's key (its bytes, as `replay` takes them).
    mutating func endMessage(key: UnsafeRawBufferPointer)
}

extension IngestSink {
    /// Ignores answer sets.
    public mutating func answerSet(_ set: AnswerSet) {}
    /// Ignores record boundaries.
    public mutating func endOfRecord() {}
    /// Replays nothing.
    public mutating func replay(messageKey: UnsafeRawBufferPointer, time: Timestamp, source: SourceID,
                                ttls: UnsafeBufferPointer<UInt32>) -> Bool { false }
    /// Records nothing.
    public mutating func beginMessage() {}
    /// Records nothing.
    public mutating func endMessage(key: UnsafeRawBufferPointer) {}
    /// Builds the observation.
    public mutating func observe(wireKey: UnsafeRawBufferPointer, time: Timestamp, ttl: UInt32?, source: SourceID,
                                 make: () throws -> Observation) rethrows {
        observe(try make())
    }
    /// Builds the outcome.
    public mutating func outcome(wireKey: UnsafeRawBufferPointer, time: Timestamp, source: SourceID,
                                 make: () throws -> Outcome) rethrows {
        outcome(try make())
    }
    /// Builds the answer set.
    public mutating func answerSet(wireKey: UnsafeRawBufferPointer, time: Timestamp,
                                   make: () throws -> AnswerSet) rethrows {
        answerSet(try make())
    }
}

/// The counters every input reports, whatever its format.
public enum IngestCounter: String, CaseIterable, Sendable {
    /// DNS messages (or log entries standing for one) read.
    case messages
    /// Responses among them.
    case responses
    /// Queries seen without a matching response.
    case unansweredQueries = "unanswered_queries"
    /// Messages, lines or records that could not be parsed.
    case malformed
    /// Observations produced.
    case observations
    /// Well-formed records that FluxScope does not turn into observations (for example
    /// Zeek's one-line summaries of RRSIG or DNSKEY answers, which lack the record data).
    case skippedRecords = "skipped_records"
}

/// A bad piece of input: where it is and what is wrong with it.
public struct IngestProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file (or stream) name.
    public var file: String
    /// The 1-based line for text inputs, else `nil`.
    public var line: Int?
    /// The byte offset in the file (or the frame number for captures), where known.
    public var offset: Int?
    /// A short stable name for the kind of problem (`bad_json`, `bad_rdata`, `truncated`...).
    public var kind: String
    /// A readable reason.
    public var reason: String

    /// Creates a problem report.
    public init(file: String, line: Int? = nil, offset: Int? = nil, kind: String, reason: String) {
        self.file = file
        self.line = line
        self.offset = offset
        self.kind = kind
        self.reason = reason
    }

    public var description: String {
        var place = file
        if let line { place += ":\(line)" } else if let offset { place += "@\(offset)" }
        return "\(place): \(kind): \(reason)"
    }
}

/// Options shared by the input readers.
public struct ReadOptions: Sendable {
    /// Make the first bad line or record fatal.
    public var strict = false
    /// Longest accepted line for text formats, in bytes.
    public var maxLineLength = 1 << 20
    /// Seconds east of UTC for inputs that print local time without a zone (dig's `;; WHEN:`).
    public var utcOffset = 0
    /// The time a zone snapshot was taken (zone files carry none); also the time of dig
    /// transcripts without a `;; WHEN:` line.
    public var snapshotTime: Timestamp?
    /// The origin of a zone file that has no `$ORIGIN` line (BIND takes it from its config).
    public var origin: DNSName?
    /// DNS ports for captures.
    public var ports: Set<UInt16> = [53]
    /// Whether and how client addresses are kept (see `ClientPrivacy`); off by default.
    public var clients: ClientPrivacy = .off

    /// Default options.
    public init() {}
}

/// Gives each `Source` a `SourceID`; the ingest command backs it with the store's table.
public typealias SourceResolver = (Source) throws -> SourceID

/// A sink that keeps everything in memory: for tests and small inputs.
public struct CollectingSink: IngestSink {
    public var observations: [Observation] = []
    public var outcomes: [Outcome] = []
    public var clients: [ClientQuery] = []
    public var answerSets: [AnswerSet] = []
    /// How many records the reader marked as done (`endOfRecord()`).
    public var records = 0
    public var counters: [IngestCounter: Int] = [:]
    public var problems: [IngestProblem] = []

    /// Creates an empty sink.
    public init() {}

    public mutating func observe(_ observation: Observation) {
        observations.append(observation)
        counters[.observations, default: 0] += 1
    }
    public mutating func outcome(_ outcome: Outcome) { outcomes.append(outcome) }
    public mutating func client(_ query: ClientQuery) { clients.append(query) }
    public mutating func answerSet(_ set: AnswerSet) { answerSets.append(set) }
    public mutating func endOfRecord() { records += 1 }
    public mutating func count(_ counter: IngestCounter, _ n: Int) { counters[counter, default: 0] += n }
    public mutating func problem(_ problem: IngestProblem) {
        problems.append(problem)
        counters[.malformed, default: 0] += 1
    }
}
