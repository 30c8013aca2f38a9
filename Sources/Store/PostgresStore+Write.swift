import FluxModel
import Foundation
import Logging
import PostgresNIO

extension PostgresStore {
    @discardableResult
    public func write(_ batch: SightingBatch, checkpoint: RunCheckpoint?) async throws -> WriteReport {
        let staged = try StagedBatch(batch, now: PostgresStore.now)
        try await ensurePartitions(staged.weeks)
        return try await PostgresStore.mapErrors {
            do {
                return try await rawTransaction { connection in
                    try await staged.write(on: connection, checkpoint: checkpoint, logger: logger)
                }
            } catch where PostgresStore.partitionGone(error) {
                // `prune` dropped a week this process thought existed.
                partitions.withLock { $0.removeAll() }
                try await ensurePartitions(staged.weeks)
                return try await rawTransaction { connection in
                    try await staged.write(on: connection, checkpoint: checkpoint, logger: logger)
                }
            }
        }
    }

    /// True when `error` says a weekly partition is missing: the row fits no partition
    /// (23514, through the parent) or the week's table does not exist (42P01, written directly).
    static func partitionGone(_ error: any Error) -> Bool {
        let state = sqlState(error)
        return state == "23514" || state == "42P01"
    }

    /// COPY `rows` into a new staging table, then run the merge statement, which answers
    /// (rows inserted, rows merged or inserted).
    static func merge(_ rows: CopyText, into table: String, _ create: String, _ mergeSQL: String,
                       on connection: PostgresConnection, logger: Logger) async throws -> (Int, Int) {
        try await stageRows(rows, into: table, create, on: connection, logger: logger)
        return try await counts(mergeSQL, on: connection, logger: logger)
    }

    /// Creates the staging table (`create`) and copies `rows` into it.
    static func stageRows(_ rows: CopyText, into table: String, _ create: String,
                          on connection: PostgresConnection, logger: Logger) async throws {
        try await PostgresStore.rows(PostgresQuery(unsafeSQL: create), on: connection, logger: logger)
        try await connection.copyFrom(table: table, logger: logger) { writer in
            var data = rows.buffer
            let chunk = 1 << 20
            while data.readableBytes > 0 {
                let slice = data.readSlice(length: min(chunk, data.readableBytes))!
                try await writer.write(slice)
            }
        }
    }

    /// The two counts a merge statement answers.
    static func counts(_ sql: String, on connection: PostgresConnection, logger: Logger) async throws -> (Int, Int) {
        let result = try await PostgresStore.rows(PostgresQuery(unsafeSQL: sql), on: connection, logger: logger)
        guard let row = result.first else { return (0, 0) }
        return (try row.at(0, as: Int.self), try row.at(1, as: Int.self))
    }

    /// Staging tables live for one transaction (`ON COMMIT DROP`), so a write needs nothing of
    /// its session but the transaction: it works through a transaction-mode pooler (PgBouncer).
    static func stage(_ name: String, _ columns: String) -> String {
        "CREATE TEMP TABLE \(name) (\(columns)) ON COMMIT DROP"
    }

    /// Counts of the rows an `INSERT ... RETURNING (xmax = 0) AS inserted` touched.
    static func counted(_ insert: String) -> String {
        "WITH up AS (\(insert) RETURNING (xmax = 0) AS inserted) SELECT count(*) FILTER (WHERE inserted), count(*) FROM up"
    }

}

/// A batch encoded for COPY before its transaction starts: one text buffer per table. The
/// merge statements insert in key order (`ORDER BY` the conflict key; sightings week by week,
/// ascending), so concurrent writers take row locks in the same order and cannot deadlock on
/// each other. Records with times outside `StoredTimes`'s window are left out and counted.
struct StagedBatch: Sendable {
    var sightings = CopyText()
    var answerSets = CopyText()
    var outcomes = CopyText()
    var clients = CopyText()
    var schedules = CopyText()
    /// The weeks (Mondays) the sightings fall in: their partitions must exist.
    var weeks = Set<Int>()
    var counters: [(SourceID, IngestCounters)]
    var total: IngestCounters
    /// Records left out for their times.
    var rejected = 0

    init(_ batch: SightingBatch, now wall: Timestamp) throws(StoreError) {
        let accepted = AcceptedRecords(batch, wall: wall)
        rejected = accepted.rejected
        var rows: [(week: Int, row: SightingRow)] = []
        rows.reserveCapacity(accepted.sightings.count)
        for row in try SightingRow.rows(accepted.sightings) {
            rows.append((SightingWeek.monday(of: row.lastSeen), row))
        }
        sightings = CopyText(capacity: rows.count * 160)
        for (week, r) in rows {
            weeks.insert(week)
            sightings.int(week)
            sightings.text(r.nameKey); sightings.text(r.name); sightings.int(r.type); sightings.text(r.data)
            sightings.bytes(r.rdata); sightings.bytes(r.rdataKey)
            sightings.double(r.firstSeen); sightings.double(r.lastSeen); sightings.int(r.count)
            sightings.int(r.minTTL); sightings.int(r.maxTTL)
            sightings.intArray(r.sourceIDs)
            sightings.endRow()
        }
        for a in accepted.answerSets.map(AnswerSetRow.init) {
            answerSets.text(a.nameKey); answerSets.text(a.name); answerSets.int(a.type)
            answerSets.text("{" + a.addresses + "}")
            answerSets.double(a.firstSeen); answerSets.double(a.lastSeen); answerSets.int(a.count)
            answerSets.endRow()
        }
        for o in accepted.outcomes {
            outcomes.text(o.key.name.lowercased.description); outcomes.text(o.key.name.description)
            outcomes.int(Int(o.key.type.rawValue)); outcomes.int(Int(o.key.rcode.rawValue))
            outcomes.double(o.firstSeen); outcomes.double(o.lastSeen); outcomes.int(o.count)
            outcomes.endRow()
        }
        for c in accepted.clients {
            clients.text(c.key.client); clients.text(c.mode.rawValue)
            clients.text(c.key.name.lowercased.description); clients.text(c.key.name.description)
            clients.double(c.firstSeen); clients.double(c.lastSeen); clients.int(c.count)
            clients.endRow()
        }
        for s in batch.schedules.values.map(ScheduleRow.init) {
            schedules.text(s.nameKey); schedules.text(s.name); schedules.double(s.nextDue); schedules.int(s.lastTTL)
            schedules.int(s.failures); schedules.int(s.lookups)
            if let last = s.lastLookup { schedules.double(last) } else { schedules.text(nil) }
            schedules.endRow()
        }
        counters = batch.counters.filter { !$0.value.isZero }.sorted { $0.key < $1.key }
        total = batch.totalCounters
    }

    /// Copies each table's rows into its staging table and merges them, then adds the
    /// counters and moves the run's checkpoint: all on `connection`, inside its transaction.
    func write(on connection: PostgresConnection, checkpoint: RunCheckpoint?, logger: Logger) async throws -> WriteReport {
        var report = WriteReport(rejected: rejected)
        if sightings.rows > 0 {
            try await PostgresStore.stageRows(sightings, into: "stage_sightings", StagedBatch.stageSightings, on: connection, logger: logger)
            for week in weeks.sorted() {
                let (inserted, all) = try await PostgresStore.counts(StagedBatch.mergeSightings(week: week), on: connection, logger: logger)
                report.sightingsInserted += inserted
                report.sightingsUpdated += all - inserted
            }
        }
        if answerSets.rows > 0 {
            let (inserted, all) = try await PostgresStore.merge(answerSets, into: "stage_answer_sets", StagedBatch.stageAnswerSets, StagedBatch.mergeAnswerSets,
                                                  on: connection, logger: logger)
            report.answerSetsInserted = inserted
            report.answerSetsUpdated = all - inserted
        }
        if outcomes.rows > 0 {
            _ = try await PostgresStore.merge(outcomes, into: "stage_outcomes", StagedBatch.stageOutcomes, StagedBatch.mergeOutcomes, on: connection, logger: logger)
        }
        if clients.rows > 0 {
            _ = try await PostgresStore.merge(clients, into: "stage_client_queries", StagedBatch.stageClients, StagedBatch.mergeClients, on: connection, logger: logger)
        }
        if schedules.rows > 0 {
            _ = try await PostgresStore.merge(schedules, into: "stage_probe_schedules", StagedBatch.stageSchedules, StagedBatch.mergeSchedules,
                                on: connection, logger: logger)
        }
        for (source, d) in counters {
            let updated = try await PostgresStore.rows("""
                UPDATE sources SET
                    messages = messages + \(d.messages), malformed = malformed + \(d.malformed),
                    unanswered_queries = unanswered_queries + \(d.unansweredQueries),
                    observations = observations + \(d.observations), outcomes = outcomes + \(d.outcomes),
                    client_queries = client_queries + \(d.clientQueries)
                WHERE id = \(source) RETURNING id
                """, on: connection, logger: logger)
            guard updated.count == 1 else {
                throw StoreError(.unknownSource, "source \(source) is not registered; batch not written")
            }
        }
        if let checkpoint {
            let t = total
            let updated = try await PostgresStore.rows("""
                UPDATE ingest_runs SET
                    position = \(checkpoint.position), updated_at = now(), batches = batches + 1,
                    messages = messages + \(t.messages), malformed = malformed + \(t.malformed),
                    unanswered_queries = unanswered_queries + \(t.unansweredQueries),
                    observations = observations + \(t.observations), outcomes = outcomes + \(t.outcomes),
                    client_queries = client_queries + \(t.clientQueries)
                WHERE id = \(checkpoint.run) AND NOT completed RETURNING id
                """, on: connection, logger: logger)
            guard updated.count == 1 else {
                throw StoreError(.unknownRun, "run \(checkpoint.run) does not exist or is finished; batch not written")
            }
        }
        return report
    }

    static let stageSightings = PostgresStore.stage("stage_sightings", """
        week integer, name_lc text COLLATE "C", name text, type integer, data text, rdata bytea, rdata_key bytea,
        first_seen double precision, last_seen double precision, count bigint, min_ttl bigint, max_ttl bigint,
        sources bigint[]
        """)

    /// Merges the staged rows of the week starting on `monday` into that week's partition,
    /// named directly: no routing through the parent, and `xmax` can be returned (`counted`:
    /// a row merged into a stored one has `xmax` set by the lock `ON CONFLICT` takes).
    /// Counts add (stopping at the largest bigint), first/last seen widen, TTLs widen
    /// ignoring NULLs (`least`/`greatest` do), sources are the sorted union.
    ///
    /// A key's first row in a week counts as inserted even when an earlier week holds the key
    /// (`WriteReport`): telling the two apart exactly costs a probe of every other week's
    /// partition per new row, which made the insert path 3.4x slower beside 12 older weeks
    /// (docs/store.md, "Write report").
    static func mergeSightings(week monday: Int) -> String {
        PostgresStore.counted("""
            INSERT INTO \(SightingWeek.tableName(monday)) AS t (period, name_lc, name, type, data, rdata, rdata_key,
                                        first_seen, last_seen, count, min_ttl, max_ttl, sources)
            SELECT DATE '1970-01-01' + week, name_lc, name, type, data, rdata, rdata_key, to_timestamp(first_seen),
                   to_timestamp(last_seen), count, min_ttl, max_ttl, sources
            FROM stage_sightings WHERE week = \(monday) ORDER BY name_lc, type, rdata_key
            ON CONFLICT (name_lc, type, rdata_key, period) DO UPDATE SET
                first_seen = least(t.first_seen, excluded.first_seen),
                last_seen = greatest(t.last_seen, excluded.last_seen),
                count = CASE WHEN t.count > 9223372036854775807 - excluded.count THEN 9223372036854775807
                             ELSE t.count + excluded.count END,
                min_ttl = least(t.min_ttl, excluded.min_ttl),
                max_ttl = greatest(t.max_ttl, excluded.max_ttl),
                sources = CASE WHEN t.sources = excluded.sources THEN t.sources
                               ELSE ARRAY(SELECT DISTINCT u FROM unnest(t.sources || excluded.sources) u ORDER BY u) END
            """)
    }

    static let stageAnswerSets = PostgresStore.stage("stage_answer_sets", """
        name_lc text COLLATE "C", name text, type integer, addresses inet[],
        first_seen double precision, last_seen double precision, count bigint
        """)

    static let mergeAnswerSets = PostgresStore.counted("""
        INSERT INTO answer_sets AS t (name_lc, name, type, addresses, first_seen, last_seen, count)
        SELECT name_lc, name, type, addresses, to_timestamp(first_seen), to_timestamp(last_seen), count
        FROM stage_answer_sets ORDER BY name_lc, type, addresses
        ON CONFLICT (name_lc, type, addresses) DO UPDATE SET
            first_seen = least(t.first_seen, excluded.first_seen),
            last_seen = greatest(t.last_seen, excluded.last_seen),
            count = t.count + excluded.count
        """)

    static let stageOutcomes = PostgresStore.stage("stage_outcomes", """
        name_lc text COLLATE "C", name text, type integer, rcode integer,
        first_seen double precision, last_seen double precision, count bigint
        """)

    static let mergeOutcomes = PostgresStore.counted("""
        INSERT INTO outcomes AS t (name_lc, name, type, rcode, first_seen, last_seen, count)
        SELECT name_lc, name, type, rcode, to_timestamp(first_seen), to_timestamp(last_seen), count
        FROM stage_outcomes ORDER BY name_lc, type, rcode
        ON CONFLICT (name_lc, type, rcode) DO UPDATE SET
            first_seen = least(t.first_seen, excluded.first_seen),
            last_seen = greatest(t.last_seen, excluded.last_seen),
            count = t.count + excluded.count
        """)

    static let stageClients = PostgresStore.stage("stage_client_queries", """
        client text COLLATE "C", client_mode text COLLATE "C", name_lc text COLLATE "C", name text,
        first_seen double precision, last_seen double precision, count bigint
        """)

    static let mergeClients = PostgresStore.counted("""
        INSERT INTO client_queries AS t (client, client_mode, name_lc, name, first_seen, last_seen, count)
        SELECT client, client_mode, name_lc, name, to_timestamp(first_seen), to_timestamp(last_seen), count
        FROM stage_client_queries ORDER BY client_mode, client, name_lc
        ON CONFLICT (client_mode, client, name_lc) DO UPDATE SET
            first_seen = least(t.first_seen, excluded.first_seen),
            last_seen = greatest(t.last_seen, excluded.last_seen),
            count = t.count + excluded.count
        """)

    static let stageSchedules = PostgresStore.stage("stage_probe_schedules", """
        name_lc text COLLATE "C", name text, next_due double precision, last_ttl bigint, failures bigint,
        lookups bigint, last_lookup double precision
        """)

    /// Keeps the later state of a name (`NameSchedule.isLater(than:)`), as SQLite does.
    static let mergeSchedules = PostgresStore.counted("""
        INSERT INTO probe_schedules AS t (name_lc, name, next_due, last_ttl, failures, lookups, last_lookup)
        SELECT name_lc, name, next_due, last_ttl, failures, lookups, last_lookup
        FROM stage_probe_schedules ORDER BY name_lc
        ON CONFLICT (name_lc) DO UPDATE SET
            next_due = excluded.next_due, last_ttl = excluded.last_ttl, failures = excluded.failures,
            lookups = excluded.lookups, last_lookup = excluded.last_lookup
        WHERE excluded.lookups > t.lookups OR (excluded.lookups = t.lookups AND excluded.next_due > t.next_due)
        """)
}
