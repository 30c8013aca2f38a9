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

    /// Creates a handler; `matcher` bounds the table of queries waiting for a response.
    public init(source: SourceID, file: String, options: ReadOptions, matcher: QueryMatcher = QueryMatcher()) {
        self.source = source
        self.file = file
        self.options = options
        self.matcher = matcher
    }

    /// Handles one message and ends its record.
    /// - Throws: the message's malformation in strict mode.
    public mutating func take<Sink: IngestSink>(_ m: CapturedMessage, into sink: inout Sink) throws {
        defer { sink.endOfRecord() }
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
            let key = isResponse
                ? QueryMatcher.Key(client: m.destination, clientPort: m.destinationPort, server: m.source,
                                   serverPort: m.sourcePort, id: message.id, type: q.type, name: q.name)
                : QueryMatcher.Key(client: m.source, clientPort: m.sourcePort, server: m.destination,
                                   serverPort: m.destinationPort, id: message.id, type: q.type, name: q.name)
            if isResponse { matcher.answered(key) } else { matcher.asked(key, at: time) }
        }
        let expired = matcher.expire(now: time)
        if expired > 0 { sink.count(.unansweredQueries, expired) }
        let client = isResponse ? nil : options.clients.render(m.source)
        MessageObservations.emit(message, complete: error == nil, time: time, source: source, client: client, into: &sink)
    }

    /// Ends the input: queries still waiting are counted as unanswered.
    public mutating func finish<Sink: IngestSink>(into sink: inout Sink) {
        let left = matcher.drain()
        if left > 0 { sink.count(.unansweredQueries, left) }
    }
}
