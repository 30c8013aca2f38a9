import DNSWire
import FluxModel

/// One dnstap message, decoded: who logged it, where in the resolution chain, the endpoints
/// and times, and the DNS message it carries, parsed. A `Sendable` value, so network handlers
/// can decode on their event loops and hand events to the ingesting task.
public struct DnstapEvent: Hashable, Sendable {
    /// The `identity` of the server that logged it (empty when it sent none).
    public var identity: String
    /// The `version` of the software that logged it (empty when it sent none).
    public var version: String
    /// Where in the resolution chain the message was seen.
    public var type: DnstapMessageType
    /// The transport (`udp`, `tcp`, `dot`, `doh`, `dnscrypt-udp`, `dnscrypt-tcp`, `doq`), if given.
    public var transport: String?
    /// The initiator of the exchange: for `CLIENT_*` types, the client.
    public var queryAddress: IPAddress?
    /// The responder of the exchange.
    public var responseAddress: IPAddress?
    /// The initiator's port.
    public var queryPort: UInt16?
    /// The responder's port.
    public var responsePort: UInt16?
    /// When the query was sent or received, if logged.
    public var queryTime: Timestamp?
    /// When the response was sent or received, if logged.
    public var responseTime: Timestamp?
    /// The DNS message of the event: the response for response types, else the query;
    /// partial when `wireError` is set.
    public var message: Message
    /// What was wrong with the DNS message, if it was not well formed.
    public var wireError: DNSWireError?
    /// Irregularities that did not stop decoding (an address of the wrong length, say).
    public var anomalies: [DnstapError]

    /// Creates an event.
    public init(identity: String = "", version: String = "", type: DnstapMessageType, transport: String? = nil,
                queryAddress: IPAddress? = nil, responseAddress: IPAddress? = nil,
                queryPort: UInt16? = nil, responsePort: UInt16? = nil,
                queryTime: Timestamp? = nil, responseTime: Timestamp? = nil,
                message: Message, wireError: DNSWireError? = nil, anomalies: [DnstapError] = []) {
        self.identity = identity
        self.version = version
        self.type = type
        self.transport = transport
        self.queryAddress = queryAddress
        self.responseAddress = responseAddress
        self.queryPort = queryPort
        self.responsePort = responsePort
        self.queryTime = queryTime
        self.responseTime = responseTime
        self.message = message
        self.wireError = wireError
        self.anomalies = anomalies
    }

    /// When the carried message was seen: the response time for responses, the query time for
    /// queries, each falling back to the other (decoding refuses events with neither).
    public var time: Timestamp {
        (type.isResponse ? responseTime ?? queryTime : queryTime ?? responseTime) ?? 0
    }

    /// The client of a `CLIENT_QUERY`, whose address is personal data and kept only as
    /// `ClientPrivacy` says; other types have none (their initiator is a server).
    public var client: IPAddress? { type == .clientQuery ? queryAddress : nil }

    /// The source this event counts under: kind `dnstap`, named by `identity`, or by
    /// `fallbackName` (the file or the endpoint) when the server sent no identity.
    public func source(fallbackName: String) -> Source {
        Source(kind: .dnstap, name: identity.isEmpty ? fallbackName : identity)
    }

    /// Emits what the event shows into `sink`: its anomalies and a DNS malformation as
    /// problems of `file`, then the message's observations, outcomes and client query
    /// (`MessageObservations`), under `source`.
    public func emit<Sink: IngestSink>(source: SourceID, clients: ClientPrivacy, file: String, offset: Int? = nil,
                                       into sink: inout Sink) {
        for a in anomalies {
            sink.problem(IngestProblem(file: file, offset: offset ?? a.offset, kind: a.kind.name, reason: a.reason))
        }
        if let wireError {
            sink.problem(IngestProblem(file: file, offset: offset, kind: wireError.kind.name,
                                       reason: "\(type) DNS message: \(wireError)"))
            if wireError.kind == .truncatedHeader { return }
        }
        let rendered = client.flatMap { clients.render($0) }
        MessageObservations.emit(message, complete: wireError == nil, time: time, source: source,
                                 client: rendered, into: &sink)
    }
}
