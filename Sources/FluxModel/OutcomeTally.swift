import DNSWire

/// What identifies an outcome tally: the queried name and type, and the response code.
public struct OutcomeKey: Hashable, Sendable {
    /// The queried name.
    public var name: DNSName
    /// The queried type.
    public var type: RecordType
    /// The response code.
    public var rcode: RCode

    /// Creates a key.
    public init(name: DNSName, type: RecordType, rcode: RCode) {
        self.name = name
        self.type = type
        self.rcode = rcode
    }
}

/// Deduplicated outcomes: how often a name and type got one response code, first and last.
public struct OutcomeTally: Hashable, Sendable, SeenTally {
    /// Name, type and rcode.
    public var key: OutcomeKey
    /// The earliest time seen.
    public var firstSeen: Timestamp
    /// The latest time seen.
    public var lastSeen: Timestamp
    /// How many outcomes were merged.
    public var count: Int

    /// A tally of one outcome.
    public init(_ o: Outcome) {
        key = OutcomeKey(name: o.name, type: o.type, rcode: o.rcode)
        firstSeen = o.time
        lastSeen = o.time
        count = 1
    }

    /// Creates a tally from stored fields.
    public init(key: OutcomeKey, firstSeen: Timestamp, lastSeen: Timestamp, count: Int) {
        self.key = key
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.count = count
    }

    /// Folds one more outcome with the same key in.
    public mutating func add(_ o: Outcome) {
        add(time: o.time)
    }
}
