import FluxModel

/// Counts of a live dnstap run, for periodic stats.
public struct DnstapStats: Hashable, Sendable {
    /// Connections accepted so far.
    public var connections = 0
    /// Connections open now.
    public var openConnections = 0
    /// dnstap messages decoded.
    public var events = 0
    /// Events left out by the message-type filter.
    public var filtered = 0
    /// Problems reported (bad frames, malformed DNS messages, protocol errors).
    public var problems = 0

    /// Zero counts.
    public init() {}
}

/// Turns what a `DnstapServer` delivers into sink calls: resolves each server's source once,
/// applies the message-type filter and the client privacy mode, turns problems into
/// `IngestProblem`s of the endpoint and peer, and keeps `DnstapStats`. Not `Sendable`: it
/// lives in the one task (or actor) that owns the sink.
public struct DnstapCollector {
    /// `clients` says how `CLIENT_QUERY` addresses are kept.
    public var options: ReadOptions
    /// The message types to ingest; `nil` for all.
    public var messageTypes: Set<DnstapMessageType>?
    /// What happened so far.
    public private(set) var stats = DnstapStats()
    private let endpointName: String
    private var sources: DnstapSources

    /// Creates a collector for the stream at `endpointName` (used for problems, and as the
    /// source name of senders that send no identity).
    public init(endpointName: String, options: ReadOptions = ReadOptions(), messageTypes: Set<DnstapMessageType>? = nil,
                resolver: @escaping SourceResolver) {
        self.endpointName = endpointName
        self.options = options
        self.messageTypes = messageTypes
        self.sources = DnstapSources(fallbackName: endpointName, resolver: resolver)
    }

    /// Takes one input into `sink`.
    /// - Throws: Whatever the source resolver throws.
    public mutating func take<Sink: IngestSink>(_ input: DnstapInput, into sink: inout Sink) throws {
        switch input {
        case .connected:
            stats.connections += 1
            stats.openConnections += 1
        case .disconnected:
            stats.openConnections -= 1
        case .problem(let error, let peer):
            stats.problems += 1
            sink.problem(error.problem(file: "\(endpointName) from \(peer)"))
        case .event(let event, let peer):
            stats.events += 1
            if let messageTypes, !messageTypes.contains(event.type) {
                stats.filtered += 1
                return
            }
            stats.problems += event.anomalies.count + (event.wireError == nil ? 0 : 1)
            let source = try sources.id(for: event)
            event.emit(source: source, clients: options.clients, file: "\(endpointName) from \(peer)", into: &sink)
            sink.endOfRecord()
        }
    }
}
