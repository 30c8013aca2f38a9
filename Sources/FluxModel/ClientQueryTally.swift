import DNSWire

/// What identifies a client tally: the client (in its stored privacy form) and the name.
public struct ClientQueryKey: Hashable, Sendable {
    /// The client in its stored privacy form.
    public var client: String
    /// The queried name.
    public var name: DNSName

    /// Creates a key.
    public init(client: String, name: DNSName) {
        self.client = client
        self.name = name
    }
}

/// Deduplicated client queries: who asked for a name, how often, first and last.
public struct ClientQueryTally: Hashable, Sendable, SeenTally {
    /// Client and name.
    public var key: ClientQueryKey
    /// The privacy form `key.client` is in.
    public var mode: ClientMode
    /// The earliest time seen.
    public var firstSeen: Timestamp
    /// The latest time seen.
    public var lastSeen: Timestamp
    /// How many queries were merged.
    public var count: Int

    /// A tally of one query whose client is in privacy form `mode`.
    public init(_ q: ClientQuery, mode: ClientMode) {
        key = ClientQueryKey(client: q.client, name: q.name)
        self.mode = mode
        firstSeen = q.time
        lastSeen = q.time
        count = 1
    }

    /// Creates a tally from stored fields.
    public init(key: ClientQueryKey, mode: ClientMode, firstSeen: Timestamp, lastSeen: Timestamp, count: Int) {
        self.key = key
        self.mode = mode
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.count = count
    }

    /// Folds one more query with the same key in.
    public mutating func add(_ q: ClientQuery) {
        add(time: q.time)
    }
}
