import DNSWire

/// Observations, outcomes and client queries deduplicated in memory before they are
/// written, so that writing costs grow with distinct answers, not with traffic.
///
/// Add everything an input yields; flush (write and `removeAll()`) when `isDue` says so:
/// after a number of distinct keys, or a time since the first addition, whichever comes
/// first. Counters for the batch's sources ride along, so a store can add them to its
/// totals in the same transaction as the records.
public struct SightingBatch: Sendable {
    /// Sightings by record.
    public private(set) var sightings: [SightingKey: Sighting] = [:]
    /// Outcome tallies by name, type and rcode.
    public private(set) var outcomes: [OutcomeKey: OutcomeTally] = [:]
    /// Client tallies by client and name.
    public private(set) var clientQueries: [ClientQueryKey: ClientQueryTally] = [:]
    /// Answer-set tallies by name, type and sorted addresses.
    public private(set) var answerSets: [AnswerSetKey: AnswerSetTally] = [:]
    /// Counters per source for what this batch covers.
    public private(set) var counters: [SourceID: IngestCounters] = [:]
    /// Probe schedule states by name (compared ignoring case), the latest of each name: written in the
    /// same transaction as the observations of the lookups that produced them.
    public private(set) var schedules: [DNSName: NameSchedule] = [:]
    /// The privacy form of client strings; `nil` when clients are not recorded (adding a
    /// `ClientQuery` then is a programming error).
    public var clientMode: ClientMode?
    /// When the first item was added (for time-based flushing).
    public private(set) var openedAt: ContinuousClock.Instant?

    /// An empty batch; `clientMode` must be set to record client queries.
    public init(clientMode: ClientMode? = nil) {
        self.clientMode = clientMode
    }

    /// Distinct keys held: what writing this batch will cost, in rows.
    public var distinctCount: Int { sightings.count + outcomes.count + clientQueries.count + answerSets.count + schedules.count }

    /// True when nothing was added (neither records nor counters).
    public var isEmpty: Bool { distinctCount == 0 && counters.values.allSatisfy(\.isZero) }

    /// The sum of the counters over all sources.
    public var totalCounters: IngestCounters { counters.values.reduce(.zero, +) }

    /// True when the batch should be written: it holds `maxDistinct` keys or more, or its
    /// first item is at least `maxAge` old.
    public func isDue(maxDistinct: Int, maxAge: Duration, now: ContinuousClock.Instant = .now) -> Bool {
        if distinctCount >= maxDistinct { return true }
        guard let openedAt else { return false }
        return openedAt.duration(to: now) >= maxAge
    }

    /// Folds one observation in, merging with an earlier one of the same record.
    public mutating func add(_ o: Observation) {
        touch()
        counters[o.source, default: .zero].observations += 1
        let key = o.key
        if let i = sightings.index(forKey: key) {
            sightings.values[i].add(o)
        } else {
            sightings[key] = Sighting(o)
        }
    }

    /// Folds one outcome in.
    public mutating func add(_ o: Outcome) {
        touch()
        counters[o.source, default: .zero].outcomes += 1
        let key = OutcomeKey(name: o.name, type: o.type, rcode: o.rcode)
        if let i = outcomes.index(forKey: key) {
            outcomes.values[i].add(o)
        } else {
            outcomes[key] = OutcomeTally(o)
        }
    }

    /// Folds one client query in; its client string must already be in `clientMode` form.
    public mutating func add(_ q: ClientQuery) {
        guard let mode = clientMode, mode != .drop else {
            preconditionFailure("SightingBatch: set clientMode before adding client queries")
        }
        touch()
        counters[q.source, default: .zero].clientQueries += 1
        let key = ClientQueryKey(client: q.client, name: q.name)
        if let i = clientQueries.index(forKey: key) {
            clientQueries.values[i].add(q)
        } else {
            clientQueries[key] = ClientQueryTally(q, mode: mode)
        }
    }

    /// Folds one answer set in (no counter: answer sets are a view of observations already
    /// counted).
    public mutating func add(_ s: AnswerSet) {
        touch()
        let key = s.key
        if let i = answerSets.index(forKey: key) {
            answerSets.values[i].add(s)
        } else {
            answerSets[key] = AnswerSetTally(s)
        }
    }

    /// Folds a name's probe schedule state in, keeping the later of two states of one name.
    public mutating func add(_ schedule: NameSchedule) {
        touch()
        if let held = schedules[schedule.name], !schedule.isLater(than: held) { return }
        schedules[schedule.name] = schedule
    }

    /// Adds counters that do not come with a record (messages read, malformed inputs,
    /// queries without responses) for `source`.
    public mutating func tally(_ delta: IngestCounters, for source: SourceID) {
        touch()
        counters[source, default: .zero] += delta
    }

    /// Folds a whole sighting in (for merging stores or batches).
    public mutating func add(_ s: Sighting) {
        touch()
        if let i = sightings.index(forKey: s.key) {
            sightings.values[i].merge(s)
        } else {
            sightings[s.key] = s
        }
    }

    /// Empties the batch after it was written; keeps `clientMode`.
    public mutating func removeAll() {
        sightings.removeAll(keepingCapacity: true)
        outcomes.removeAll(keepingCapacity: true)
        clientQueries.removeAll(keepingCapacity: true)
        answerSets.removeAll(keepingCapacity: true)
        schedules.removeAll(keepingCapacity: true)
        counters.removeAll()
        openedAt = nil
    }

    /// Renumbers the sources the batch refers to (sighting source sets and counters), for
    /// producers that number sources locally and learn the store's numbers only when writing.
    /// Ids `map` does not know are kept.
    public mutating func remapSources(_ map: [SourceID: SourceID]) {
        guard map.contains(where: { $0.key != $0.value }) else { return }
        for i in sightings.indices {
            let old = sightings.values[i].sources
            sightings.values[i].sources = Set(old.map { map[$0] ?? $0 })
        }
        var renumbered: [SourceID: IngestCounters] = [:]
        for (id, c) in counters { renumbered[map[id] ?? id, default: .zero] += c }
        counters = renumbered
    }

    private mutating func touch() {
        if openedAt == nil { openedAt = .now }
    }
}
