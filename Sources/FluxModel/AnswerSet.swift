import DNSWire

/// The addresses one response gave for one name and type: the A (or AAAA) RRset of the answer
/// section, as a set. Detection counts distinct answer sets per lookup and the rate at which
/// fresh addresses appear; single sightings cannot tell "the same 8 addresses every time" from
/// "8 new addresses every time".
public struct AnswerSet: Hashable, Sendable {
    /// The owner name of the RRset (the end of a CNAME chain, not necessarily the question).
    public var name: DNSName
    /// `.a` or `.aaaa`.
    public var type: RecordType
    /// The addresses, ascending and without duplicates.
    public var addresses: [IPAddress]
    /// When the response was seen.
    public var time: Timestamp
    /// Who saw it.
    public var source: SourceID

    /// Creates an answer set; `addresses` are sorted and deduplicated here.
    public init(name: DNSName, type: RecordType, addresses: [IPAddress], time: Timestamp, source: SourceID) {
        self.name = name
        self.type = type
        self.addresses = AnswerSet.normalized(addresses)
        self.time = time
        self.source = source
    }

    /// The answer sets of an answer section's address records: grouped by owner (any case)
    /// and type (the RRsets; usually one), in order of first appearance, each seen at `time`
    /// from `source`.
    public static func grouped(_ records: some Sequence<(name: DNSName, type: RecordType, address: IPAddress)>,
                               time: Timestamp, source: SourceID) -> [AnswerSet] {
        var groups: [(name: DNSName, type: RecordType, addresses: [IPAddress])] = []
        for r in records {
            if let i = groups.firstIndex(where: { $0.type == r.type && $0.name == r.name }) {
                groups[i].addresses.append(r.address)
            } else {
                groups.append((r.name, r.type, [r.address]))
            }
        }
        return groups.map { AnswerSet(name: $0.name, type: $0.type, addresses: $0.addresses, time: time, source: source) }
    }

    /// The identity of the set, without time or source.
    public var key: AnswerSetKey { AnswerSetKey(name: name, type: type, sortedAddresses: addresses) }

    /// `addresses` ascending, duplicates removed.
    public static func normalized(_ addresses: [IPAddress]) -> [IPAddress] {
        guard addresses.count > 1 else { return addresses }
        var sorted = addresses.sorted()
        var write = 1
        for read in 1..<sorted.count where sorted[read] != sorted[write - 1] {
            sorted[write] = sorted[read]
            write += 1
        }
        sorted.removeLast(sorted.count - write)
        return sorted
    }
}

/// What identifies an answer set: name (any case), type and the sorted addresses.
public struct AnswerSetKey: Hashable, Sendable {
    /// The owner name.
    public var name: DNSName
    /// `.a` or `.aaaa`.
    public var type: RecordType
    /// The addresses, ascending, without duplicates.
    public var addresses: [IPAddress]

    /// Creates a key from addresses in any order.
    public init(name: DNSName, type: RecordType, addresses: [IPAddress]) {
        self.init(name: name, type: type, sortedAddresses: AnswerSet.normalized(addresses))
    }

    /// Creates a key from addresses already ascending and unique.
    init(name: DNSName, type: RecordType, sortedAddresses: [IPAddress]) {
        self.name = name
        self.type = type
        self.addresses = sortedAddresses
    }
}

/// Deduplicated answer sets: how often one name got exactly one set of addresses, first and
/// last time.
public struct AnswerSetTally: Hashable, Sendable, SeenTally {
    /// Name, type and addresses.
    public var key: AnswerSetKey
    /// The earliest time seen.
    public var firstSeen: Timestamp
    /// The latest time seen.
    public var lastSeen: Timestamp
    /// How many responses carried this set.
    public var count: Int

    /// A tally of one answer set.
    public init(_ s: AnswerSet) {
        key = s.key
        firstSeen = s.time
        lastSeen = s.time
        count = 1
    }

    /// Creates a tally from stored fields.
    public init(key: AnswerSetKey, firstSeen: Timestamp, lastSeen: Timestamp, count: Int) {
        self.key = key
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.count = count
    }

    /// Folds one more response with the same set in.
    public mutating func add(_ s: AnswerSet) {
        add(time: s.time)
    }
}
