import DNSWire

/// Seconds since the Unix epoch, with a fraction.
public typealias Timestamp = Double

/// One answer record seen at one time by one source: the unit every input is turned into.
public struct Observation: Hashable, Sendable {
    /// The owner name of the record.
    public var name: DNSName
    /// The record type (A, AAAA, NS, CNAME, ...).
    public var type: RecordType
    /// The record data.
    public var data: RData
    /// The TTL, or `nil` where the source does not carry one (most passive-DNS exports).
    public var ttl: UInt32?
    /// The section the record came from.
    public var section: Section
    /// When it was seen.
    public var time: Timestamp
    /// Where it was seen (an index into the run's source table).
    public var source: SourceID
    /// How many sightings this observation stands for (at least 1). Aggregated sources
    /// carry counts: a passive-DNS record seen `count` times between `time_first` and
    /// `time_last` becomes an observation at each end whose weights add up to `count`.
    public var weight: Int

    /// Creates an observation.
    public init(name: DNSName, type: RecordType, data: RData, ttl: UInt32?, section: Section, time: Timestamp,
                source: SourceID, weight: Int = 1) {
        self.name = name
        self.type = type
        self.data = data
        self.ttl = ttl
        self.section = section
        self.time = time
        self.source = source
        self.weight = max(1, weight)
    }

    /// The identity of the record, without time, TTL or source.
    public var key: SightingKey { SightingKey(name: name, type: type, data: data) }
}

/// What identifies a sighting: the record itself (passive-DNS style).
public struct SightingKey: Hashable, Sendable {
    public var name: DNSName
    public var type: RecordType
    public var data: RData

    /// Creates a key.
    public init(name: DNSName, type: RecordType, data: RData) {
        self.name = name
        self.type = type
        self.data = data
    }
}
