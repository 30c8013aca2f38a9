import DNSWire

/// Observations, outcomes and client queries deduplicated in memory before they are
/// written, so that writing costs grow with distinct answers, not with traffic.
///
/// Add everything an input yields; flush (write and `removeAll()`) when `isDue` says so:
/// after a number of distinct keys, or a time since the first addition, whichever comes
/// first. Counters for the batch's sources ride along, so a store can add them to its
/// totals in the same transaction as the records.
public struct SightingBatch: Sendable {
    private var sightingTable = TallyTable<SightingKey, Sighting>()
    private var outcomeTable = TallyTable<OutcomeKey, OutcomeTally>()
    private var answerSetTable = TallyTable<AnswerSetKey, AnswerSetTally>()
    /// Per sighting slot: the source of its latest observation (`unknownSource` when not
    /// known), so that a repeat from the same source need not read the sighting's set.
    private var lastSource: [SourceID] = []
    private var replays = MessageReplays()
    private static let unknownSource = SourceID.min
    /// Client tallies by client and name.
    public private(set) var clientQueries: [ClientQueryKey: ClientQueryTally] = [:]
    /// Counters per source for what this batch covers.
    public var counters: [SourceID: IngestCounters] {
        var all = counterTable
        if pendingSource != Self.unknownSource { all[pendingSource, default: .zero] += pending }
        return all
    }
    /// The counters of every source but the latest one, whose changes gather in `pending`
    /// (one dictionary update per source change instead of one per message).
    private var counterTable: [SourceID: IngestCounters] = [:]
    private var pendingSource = SightingBatch.unknownSource
    private var pending = IngestCounters.zero
    /// Probe schedule states by name (compared ignoring case), the latest of each name: written in the
    /// same transaction as the observations of the lookups that produced them.
    public private(set) var schedules: [DNSName: NameSchedule] = [:]
    /// The privacy form of client strings; `nil` when clients are not recorded (adding a
    /// `ClientQuery` then is a programming error).
    public var clientMode: ClientMode?
    /// The observer's clock when it is not the wall clock: the latest time of the prober's
    /// own clock that produced the batch (the lab's simulated clock runs far ahead of the wall
    /// clock). Set by FluxScope's prober, never from input data; stores accept times up to a
    /// year past the later of this and their wall clock (`StoredTimes`).
    public var observerClock: Timestamp?
    /// When the first item was added (for time-based flushing).
    public private(set) var openedAt: ContinuousClock.Instant?
    private var isOpen = false

    /// An empty batch; `clientMode` must be set to record client queries.
    public init(clientMode: ClientMode? = nil) {
        self.clientMode = clientMode
    }

    /// The sightings, in the order first added.
    public var sightings: [Sighting] { sightingTable.values }
    /// The outcome tallies (by name, type and rcode), in the order first added.
    public var outcomes: [OutcomeTally] { outcomeTable.values }
    /// The answer-set tallies (by name, type and sorted addresses), in the order first added.
    public var answerSets: [AnswerSetTally] { answerSetTable.values }

    /// The sighting of one record, if the batch holds it.
    public func sighting(for key: SightingKey) -> Sighting? {
        sightingTable.slot(of: key).map { sightingTable.values[$0] }
    }

    /// Distinct keys held: what writing this batch will cost, in rows.
    public var distinctCount: Int {
        sightingTable.count + outcomeTable.count + clientQueries.count + answerSetTable.count + schedules.count
    }

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
        replays.spoil()
        count(o.source) { $0.observations += 1 }
        _ = fold(o)
    }

    /// Adds `o` to its sighting (made if new); returns the sighting's slot.
    private mutating func fold(_ o: Observation) -> Int {
        let (slot, isNew) = sightingTable.slot(of: o.key, orAppend: { Sighting(o) })
        if isNew {
            lastSource.append(o.source)
        } else {
            fold(slot, time: o.time, ttl: o.ttl, weight: o.weight, source: o.source)
        }
        return slot
    }

    @inline(__always)
    private mutating func fold(_ slot: Int, time: Timestamp, ttl: UInt32?, weight: Int, source: SourceID) {
        let known = lastSource[slot] == source
        lastSource[slot] = source
        sightingTable.update(slot) { $0.add(time: time, ttl: ttl, weight: weight, source: source, sourceKnown: known) }
    }

    /// Folds one observation in by a wire key: bytes that identify its record exactly as its
    /// `SightingKey` does (equal bytes for equal keys, and only for them; see
    /// `MessageLayout.appendNameKey`). `make` builds the observation (with this `time`, `ttl`
    /// and `source`, weight 1) only when the wire key is new to the batch; the result is the
    /// same as `add(make())`. When `make` throws, the batch is left as it was.
    public mutating func addObservation(wireKey: UnsafeRawBufferPointer, time: Timestamp, ttl: UInt32?,
                                        source: SourceID, make: () throws -> Observation) rethrows {
        let hash = ByteKeyIndex.hash(wireKey)
        if let slot = sightingTable.slot(ofWire: wireKey, hash: hash) {
            touch()
            count(source) { $0.observations += 1 }
            fold(slot, time: time, ttl: ttl, weight: 1, source: source)
            replays.record(.sighting, slot: slot)
            return
        }
        let o = try make()
        touch()
        count(o.source) { $0.observations += 1 }
        let (slot, isNew) = sightingTable.slot(of: o.key, wire: wireKey, hash: hash, orAppend: { Sighting(o) })
        if isNew {
            lastSource.append(o.source)
        } else {
            fold(slot, time: o.time, ttl: o.ttl, weight: o.weight, source: o.source)
        }
        replays.record(.sighting, slot: slot)
    }

    /// Folds one outcome in.
    public mutating func add(_ o: Outcome) {
        touch()
        replays.spoil()
        count(o.source) { $0.outcomes += 1 }
        outcomeTable.fold(OutcomeKey(name: o.name, type: o.type, rcode: o.rcode), change: { $0.add(o) },
                          make: { OutcomeTally(o) })
    }

    /// Folds one outcome in by a wire key standing for its `OutcomeKey` (as
    /// `addObservation(wireKey:...)`); the result is the same as `add(make())`.
    public mutating func addOutcome(wireKey: UnsafeRawBufferPointer, time: Timestamp, source: SourceID,
                                    make: () throws -> Outcome) rethrows {
        let hash = ByteKeyIndex.hash(wireKey)
        if let slot = outcomeTable.slot(ofWire: wireKey, hash: hash) {
            touch()
            count(source) { $0.outcomes += 1 }
            outcomeTable.update(slot) { $0.add(time: time) }
            replays.record(.outcome, slot: slot)
            return
        }
        let o = try make()
        touch()
        count(o.source) { $0.outcomes += 1 }
        let slot = outcomeTable.fold(OutcomeKey(name: o.name, type: o.type, rcode: o.rcode), wire: wireKey, hash: hash,
                                     change: { $0.add(o) }, make: { OutcomeTally(o) })
        replays.record(.outcome, slot: slot)
    }

    /// Folds one client query in; its client string must already be in `clientMode` form.
    public mutating func add(_ q: ClientQuery) {
        guard let mode = clientMode, mode != .drop else {
            preconditionFailure("SightingBatch: set clientMode before adding client queries")
        }
        touch()
        replays.spoil()
        count(q.source) { $0.clientQueries += 1 }
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
        replays.spoil()
        answerSetTable.fold(s.key, change: { $0.add(s) }, make: { AnswerSetTally(s) })
    }

    /// Folds one answer set in by a wire key standing for its `AnswerSetKey` (as
    /// `addObservation(wireKey:...)`); the result is the same as `add(make())`.
    public mutating func addAnswerSet(wireKey: UnsafeRawBufferPointer, time: Timestamp,
                                      make: () throws -> AnswerSet) rethrows {
        let hash = ByteKeyIndex.hash(wireKey)
        if let slot = answerSetTable.slot(ofWire: wireKey, hash: hash) {
            touch()
            answerSetTable.update(slot) { $0.add(time: time) }
            replays.record(.answerSet, slot: slot)
            return
        }
        let s = try make()
        touch()
        let slot = answerSetTable.fold(s.key, wire: wireKey, hash: hash, change: { $0.add(s) }, make: { AnswerSetTally(s) })
        replays.record(.answerSet, slot: slot)
    }

    /// Starts recording a message: the wire-keyed additions until `endMessage(key:)` are
    /// what a later `replay(messageKey:...)` of the same message repeats. Any other addition
    /// in between (by value, a client query, a merged sighting) cancels the recording.
    public mutating func beginMessage() {
        replays.begin()
    }

    /// Ends recording the message begun with `beginMessage()`, under `key`: bytes that
    /// determine every addition the message made (for DNS, the message after its ID with
    /// the record TTLs blanked; the TTLs come with each replay).
    public mutating func endMessage(key: UnsafeRawBufferPointer) {
        replays.end(key: key)
    }

    /// Repeats the additions of a message recorded under `key`, as seen at `time` by
    /// `source`, with `ttls` for its observations in the order they were added. The result
    /// is the same as making those additions one by one.
    /// - Returns: false, changing nothing, when no message was recorded under `key`.
    public mutating func replay(messageKey key: UnsafeRawBufferPointer, time: Timestamp, source: SourceID,
                                ttls: UnsafeBufferPointer<UInt32>) -> Bool {
        guard let range = replays.find(key) else { return false }
        touch()
        var observations: Int64 = 0, outcomes: Int64 = 0
        for i in range {
            let item = replays.items[i]
            let slot = Int(item.slot)
            switch item.kind {
            case .sighting:
                let ttl = Int(observations) < ttls.count ? ttls[Int(observations)] : nil
                fold(slot, time: time, ttl: ttl, weight: 1, source: source)
                observations += 1
            case .outcome:
                outcomeTable.update(slot) { $0.add(time: time) }
                outcomes += 1
            case .answerSet:
                answerSetTable.update(slot) { $0.add(time: time) }
            }
        }
        if observations > 0 { count(source) { $0.observations += observations } }
        if outcomes > 0 { count(source) { $0.outcomes += outcomes } }
        return true
    }

    /// Folds a name's probe schedule state in, keeping the later of two states of one name.
    public mutating func add(_ schedule: NameSchedule) {
        touch()
        SightingBatch.keepLater(&schedules[schedule.name], schedule)  // one hash of the name
    }

    private static func keepLater(_ held: inout NameSchedule?, _ schedule: NameSchedule) {
        if let held, !schedule.isLater(than: held) { return }
        held = schedule
    }

    /// Adds counters that do not come with a record (messages read, malformed inputs,
    /// queries without responses) for `source`.
    public mutating func tally(_ delta: IngestCounters, for source: SourceID) {
        touch()
        count(source) { $0 += delta }
    }

    /// Counts `n` messages read for `source`: as `tally(IngestCounters(messages: n), for:
    /// source)`, for the one call every message makes.
    public mutating func countMessages(_ n: Int64, for source: SourceID) {
        touch()
        count(source) { $0.messages += n }
    }

    /// Folds a whole sighting in (for merging stores or batches).
    public mutating func add(_ s: Sighting) {
        touch()
        replays.spoil()
        if let slot = sightingTable.slot(of: s.key) {
            sightingTable.update(slot) { $0.merge(s) }
            lastSource[slot] = Self.unknownSource
        } else {
            sightingTable.append(s, for: s.key)
            lastSource.append(Self.unknownSource)
        }
    }

    /// Empties the batch after it was written; keeps `clientMode`.
    public mutating func removeAll() {
        sightingTable.removeAll()
        lastSource.removeAll(keepingCapacity: true)
        replays.removeAll()
        outcomeTable.removeAll()
        clientQueries.removeAll(keepingCapacity: true)
        answerSetTable.removeAll()
        counterTable.removeAll()
        pendingSource = Self.unknownSource
        observerClock = nil
        pending = .zero
        schedules.removeAll(keepingCapacity: true)
        openedAt = nil
        isOpen = false
    }

    /// Renumbers the sources the batch refers to (sighting source sets and counters), for
    /// producers that number sources locally and learn the store's numbers only when writing.
    /// Ids `map` does not know are kept.
    public mutating func remapSources(_ map: [SourceID: SourceID]) {
        guard map.contains(where: { $0.key != $0.value }) else { return }
        // Most sightings of a batch have the same sources (a probe has one): the last set
        // renumbered is reused, one set for the run instead of one made per sighting.
        var last: (from: Set<SourceID>, to: Set<SourceID>)?
        for slot in 0..<sightingTable.count {
            sightingTable.update(slot) { s in
                if let last, last.from == s.sources {
                    s.sources = last.to
                } else {
                    let renumbered = Set(s.sources.map { map[$0] ?? $0 })
                    last = (s.sources, renumbered)
                    s.sources = renumbered
                }
            }
            lastSource[slot] = Self.unknownSource
        }
        var renumbered: [SourceID: IngestCounters] = [:]
        for (id, c) in counters { renumbered[map[id] ?? id, default: .zero] += c }
        counterTable = renumbered
        pendingSource = Self.unknownSource
        pending = .zero
    }

    /// Changes the counters of `source`.
    @inline(__always)
    private mutating func count(_ source: SourceID, _ change: (inout IngestCounters) -> Void) {
        if source != pendingSource {
            if pendingSource != Self.unknownSource { counterTable[pendingSource, default: .zero] += pending }
            pendingSource = source
            pending = .zero
        }
        change(&pending)
    }

    /// Notes the first addition's time. `isOpen` spares the hot path a copy of the optional
    /// `ContinuousClock.Instant` (a resilient type: copied through its value witnesses).
    @inline(__always)
    private mutating func touch() {
        if !isOpen {
            isOpen = true
            openedAt = .now
        }
    }
}
