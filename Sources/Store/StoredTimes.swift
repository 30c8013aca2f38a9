import FluxModel

/// The observation times a store accepts. A record (sighting, answer set, outcome or client
/// tally) whose first or last seen time is not finite, lies before 1970-01-01T00:00:00Z, or
/// lies more than `ahead` past the writer's clock is not written; `write` counts it in
/// `WriteReport.rejected` and writes the rest of the batch. Both stores apply the same rule.
///
/// Why: such times come from hostile or broken input (a pcap record header, a passive-DNS
/// line), never from a real observation. On PostgreSQL each distinct week of a sighting's
/// last seen time creates a partition, so a file with times spread over years 1970-9999 would
/// create 400,000 tables, and `to_timestamp` of a time past year 294276 fails the whole batch.
/// With this window the partitions are bounded by the weeks between 1970 and now + `ahead`
/// (about 2,970 in 2026, growing by 52 a year), and `prune` drops old ones. The lower bound is
/// not relative to now: old captures are legitimate input.
/// The upper bound allows a year ahead, for clocks that run fast; a batch from FluxScope's own
/// prober is judged against the prober's clock when that is later (the lab's simulated clock
/// runs ahead of the wall clock at its time scale: 5000x passes a year in under two hours).
public enum StoredTimes {
    /// The earliest accepted time: 1970-01-01T00:00:00Z.
    public static let earliest: Timestamp = 0
    /// How far past the writer's clock a time may lie: 366 days.
    public static let ahead: Double = 366 * 86_400

    /// True when both times are accepted at `now` (seconds since 1970).
    public static func accepts(_ first: Timestamp, _ last: Timestamp, now: Timestamp) -> Bool {
        accepts(first, now: now) && accepts(last, now: now)
    }

    static func accepts(_ time: Timestamp, now: Timestamp) -> Bool {
        time.isFinite && time >= earliest && time <= now + ahead
    }
}

/// The records of a batch whose times `StoredTimes` accepts, and how many it leaves out: what
/// both stores encode and write. Times are judged against the later of the writer's wall
/// clock and the prober's clock the batch carries (`SightingBatch.observerClock`).
struct AcceptedRecords {
    let sightings: [Sighting]
    let answerSets: [AnswerSetTally]
    let outcomes: [OutcomeTally]
    let clients: [ClientQueryTally]
    let rejected: Int

    init(_ batch: SightingBatch, wall: Timestamp) {
        let now = max(wall, batch.observerClock ?? wall)
        var rejected = 0
        func kept<R>(_ records: some Sequence<R>, _ times: (R) -> (Timestamp, Timestamp)) -> [R] {
            records.filter { r in
                let (first, last) = times(r)
                if StoredTimes.accepts(first, last, now: now) { return true }
                rejected += 1
                return false
            }
        }
        sightings = kept(batch.sightings) { ($0.firstSeen, $0.lastSeen) }
        answerSets = kept(batch.answerSets) { ($0.firstSeen, $0.lastSeen) }
        outcomes = kept(batch.outcomes) { ($0.firstSeen, $0.lastSeen) }
        clients = kept(batch.clientQueries.values) { ($0.firstSeen, $0.lastSeen) }
        self.rejected = rejected
    }
}
