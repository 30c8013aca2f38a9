import DNSWire

/// A response that carried no answer worth a sighting but is a signal in itself:
/// NXDOMAIN, SERVFAIL, REFUSED, or NOERROR with no data, per queried name and type.
public struct Outcome: Hashable, Sendable {
    public var name: DNSName
    public var type: RecordType
    public var rcode: RCode
    public var time: Timestamp
    public var source: SourceID

    /// Creates an outcome.
    public init(name: DNSName, type: RecordType, rcode: RCode, time: Timestamp, source: SourceID) {
        self.name = name
        self.type = type
        self.rcode = rcode
        self.time = time
        self.source = source
    }
}

/// Who asked for a name: kept only when the user asks for it (client addresses are personal
/// data), in the form the privacy mode produced (kept, keyed hash, or truncated prefix).
public struct ClientQuery: Hashable, Sendable {
    /// The client as stored: an address, a `/24` or `/48` prefix, or a hash (hex).
    public var client: String
    public var name: DNSName
    public var time: Timestamp
    public var source: SourceID

    /// Creates a client query.
    public init(client: String, name: DNSName, time: Timestamp, source: SourceID) {
        self.client = client
        self.name = name
        self.time = time
        self.source = source
    }
}
