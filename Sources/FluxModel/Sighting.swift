import DNSWire

/// Deduplicated observations of one record: when it was first and last seen, how often, with
/// which TTLs, and by which sources.
public struct Sighting: Hashable, Sendable {
    public var key: SightingKey
    public var firstSeen: Timestamp
    public var lastSeen: Timestamp
    /// How many times the record was seen: the sum of the merged observations' weights.
    public var count: Int
    /// The smallest and largest TTL seen; `nil` when no observation carried one.
    public var minTTL: UInt32?
    public var maxTTL: UInt32?
    /// The sources that saw it.
    public var sources: Set<SourceID>

    /// A sighting made of one observation.
    public init(_ o: Observation) {
        key = o.key
        firstSeen = o.time
        lastSeen = o.time
        count = o.weight
        minTTL = o.ttl
        maxTTL = o.ttl
        sources = [o.source]
    }

    /// Creates a sighting from stored fields.
    public init(key: SightingKey, firstSeen: Timestamp, lastSeen: Timestamp, count: Int, minTTL: UInt32?, maxTTL: UInt32?, sources: Set<SourceID>) {
        self.key = key
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.count = count
        self.minTTL = minTTL
        self.maxTTL = maxTTL
        self.sources = sources
    }

    /// Folds one more observation of the same record in.
    public mutating func add(_ o: Observation) {
        add(time: o.time, ttl: o.ttl, weight: o.weight, source: o.source)
    }

    /// Folds one more observation of the same record in, given by its parts.
    @inline(__always)
    public mutating func add(time: Timestamp, ttl: UInt32?, weight: Int, source: SourceID) {
        add(time: time, ttl: ttl, weight: weight, source: source, sourceKnown: false)
    }

    /// As `add(time:ttl:weight:source:)`; `sourceKnown` says the caller knows `sources`
    /// holds `source` already (the set is not read then: one memory access less).
    @inline(__always)
    mutating func add(time: Timestamp, ttl: UInt32?, weight: Int, source: SourceID, sourceKnown: Bool) {
        firstSeen = min(firstSeen, time)
        lastSeen = max(lastSeen, time)
        count = Sighting.saturatingAdd(count, weight)
        if let t = ttl {
            minTTL = minTTL.map { Swift.min($0, t) } ?? t
            maxTTL = maxTTL.map { Swift.max($0, t) } ?? t
        }
        if !sourceKnown, !sources.contains(source) { sources.insert(source) }  // a read, not a write, on the hot path
    }

    /// Counts from aggregated sources can be huge: they stop at `Int.max` instead of trapping.
    static func saturatingAdd(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? Int.max : Int.min) : sum
    }

    /// Folds another sighting of the same record in (used when merging batches or stores).
    public mutating func merge(_ other: Sighting) {
        firstSeen = min(firstSeen, other.firstSeen)
        lastSeen = max(lastSeen, other.lastSeen)
        count = Sighting.saturatingAdd(count, other.count)
        if let t = other.minTTL { minTTL = minTTL.map { Swift.min($0, t) } ?? t }
        if let t = other.maxTTL { maxTTL = maxTTL.map { Swift.max($0, t) } ?? t }
        sources.formUnion(other.sources)
    }
}
