import DNSWire
import FluxModel
import PacketCapture

/// Turns captured DNS messages (from a file or a live interface) into sink calls: parses
/// each message, matches queries with responses to count the unanswered ones, keeps the
/// querying client when asked to, and ends the record. Shared by `CaptureInputFormat` and
/// live capture, so both count the same way.
public struct CaptureMessageHandler {
    /// The source every message is attributed to.
    public let source: SourceID
    /// The file (or interface) name for problems.
    public let file: String
    /// Client privacy and strictness.
    public let options: ReadOptions
    /// Pending queries.
    public private(set) var matcher: QueryMatcher
    /// Whether well-formed messages take the fast path (`WireObservations`); off only to
    /// compare both paths in tests.
    public let fastPath: Bool
    private var wire = WireObservations()
    /// Scratch: the matcher's key of the message being handled.
    private var matchKey: [UInt8] = []

    /// Creates a handler; `matcher` bounds the table of queries waiting for a response.
    public init(source: SourceID, file: String, options: ReadOptions, matcher: QueryMatcher = QueryMatcher(),
                fastPath: Bool = true) {
        self.source = source
        self.file = file
        self.options = options
        self.matcher = matcher
        self.fastPath = fastPath
    }

    /// Handles one message and ends its record.
    /// - Throws: the message's malformation in strict mode.
    public mutating func take<Sink: IngestSink>(_ m: CapturedMessage, into sink: inout Sink) throws {
        defer { sink.endOfRecord() }
        if fastPath, wire.scan(m.payload) {
            let layout = wire.layout
            let isResponse = layout.flags.qr
            do {
                if let q = layout.entries.first, q.section == .question {
                    startKey(m, isResponse: isResponse, id: layout.id, type: q.type)
                    try layout.appendNameKey(at: q.nameStart, in: m.payload, to: &matchKey)
                    match(m, isResponse: isResponse)
                }
                expire(at: m.seconds, into: &sink)
                try wire.emit(m.payload, time: m.seconds, source: source, client: client(of: m, isResponse), into: &sink)
            } catch {
                // Not reached: the scan checked everything these build.
                sink.problem(IngestProblem(file: file, offset: m.frameIndex, kind: "internal", reason: "\(error)"))
            }
            return
        }
        let time = m.seconds
        let (message, error) = Message.parsePartial(m.payload)
        if let error {
            sink.problem(IngestProblem(file: file, offset: m.frameIndex, kind: error.kind.name, reason: error.description))
            if options.strict {
                throw IngestProblem(file: file, offset: m.frameIndex, kind: error.kind.name, reason: error.description)
            }
            // A message cut before its header ends says nothing (as `MessageObservations`).
            if m.payload.count < 12 { return }
        }
        let isResponse = message.flags.qr
        if let q = message.questions.first {
            startKey(m, isResponse: isResponse, id: message.id, type: q.type)
            QueryMatcher.appendName(q.name, to: &matchKey)
            match(m, isResponse: isResponse)
        }
        expire(at: time, into: &sink)
        MessageObservations.emit(message, complete: error == nil, time: time, source: source,
                                 client: client(of: m, isResponse), into: &sink)
    }

    /// Starts the matcher's key of a message (its endpoints, ID and question type); the
    /// question's name follows.
    private mutating func startKey(_ m: CapturedMessage, isResponse: Bool, id: UInt16, type: RecordType) {
        matchKey.removeAll(keepingCapacity: true)
        if isResponse {
            QueryMatcher.appendKey(client: m.destination, clientPort: m.destinationPort, server: m.source,
                                   serverPort: m.sourcePort, id: id, type: type, to: &matchKey)
        } else {
            QueryMatcher.appendKey(client: m.source, clientPort: m.sourcePort, server: m.destination,
                                   serverPort: m.destinationPort, id: id, type: type, to: &matchKey)
        }
    }

    /// Files a query under its exchange (`matchKey`), or answers the query a response
    /// belongs to.
    private mutating func match(_ m: CapturedMessage, isResponse: Bool) {
        matchKey.withUnsafeBytes { key in
            if isResponse { matcher.answered(key) } else { matcher.asked(key, at: m.seconds) }
        }
    }

    /// Counts the queries that waited too long.
    private mutating func expire<Sink: IngestSink>(at time: Double, into sink: inout Sink) {
        let expired = matcher.expire(now: time)
        if expired > 0 { sink.count(.unansweredQueries, expired) }
    }

    /// The querying client in its stored form, for queries when clients are kept.
    private func client(of m: CapturedMessage, _ isResponse: Bool) -> String? {
        isResponse ? nil : options.clients.render(m.source)
    }

    /// Ends the input: queries still waiting are counted as unanswered.
    public mutating func finish<Sink: IngestSink>(into sink: inout Sink) {
        let left = matcher.drain()
        if left > 0 { sink.count(.unansweredQueries, left) }
    }
}
