import FluxModel
import GRDB

extension SQLiteStore {
    @discardableResult
    public func write(_ batch: SightingBatch, checkpoint: RunCheckpoint?) async throws -> WriteReport {
        let encoded = try EncodedBatch(batch)  // outside the transaction: the writer lock is held only to bind and step
        let now = SQLiteStore.now
        return try await pool.write { db in
            let report = try encoded.apply(db)
            if let checkpoint {
                let total = encoded.total
                try db.cachedStatement(sql: SQLiteStore.checkpointSQL).execute(arguments: [
                    checkpoint.position, now, total.messages, total.malformed, total.unansweredQueries,
                    total.observations, total.outcomes, total.clientQueries, checkpoint.run,
                ])
                guard db.changesCount == 1 else {
                    throw StoreError(.unknownRun, "run \(checkpoint.run) does not exist or is finished; batch not written")
                }
            }
            return report
        }
    }

    /// A batch encoded into rows, ready to be upserted inside a write transaction (by `write`,
    /// and by `completeLeases`, which writes a probe's batch with the leases it completes).
    struct EncodedBatch: Sendable {
        let sightings: [SightingRow]
        let answerSets: [AnswerSetRow]
        let outcomes: [OutcomeTally]
        let clients: [ClientQueryTally]
        let schedules: [ScheduleRow]
        let counters: [SourceID: IngestCounters]
        let total: IngestCounters

        init(_ batch: SightingBatch) throws {
            var encoded: [SightingRow] = []
            encoded.reserveCapacity(batch.sightings.count)
            for s in batch.sightings { encoded.append(try SightingRow(s)) }
            // Key order: the upserts walk the primary-key B-tree front to back.
            encoded.sort { ($0.nameKey, $0.type) < ($1.nameKey, $1.type) }
            sightings = encoded
            answerSets = batch.answerSets.map(AnswerSetRow.init).sorted { ($0.nameKey, $0.type) < ($1.nameKey, $1.type) }
            outcomes = batch.outcomes
            clients = Array(batch.clientQueries.values)
            schedules = batch.schedules.values.map(ScheduleRow.init)
            counters = batch.counters.filter { !$0.value.isZero }
            total = batch.totalCounters
        }

        /// Upserts the rows and adds the per-source counters; throws (the caller's transaction
        /// then rolls back) if a source is not registered.
        func apply(_ db: Database) throws -> WriteReport {
            var report = WriteReport()
            if !sightings.isEmpty {
                let upsert = try db.cachedStatement(sql: SightingRow.upsertSQL)
                for row in sightings {
                    if try row.upsert(with: upsert, in: db) { report.sightingsInserted += 1 } else { report.sightingsUpdated += 1 }
                }
            }
            if !answerSets.isEmpty {
                let upsert = try db.cachedStatement(sql: AnswerSetRow.upsertSQL)
                for row in answerSets {
                    if try row.upsert(with: upsert, in: db) { report.answerSetsInserted += 1 } else { report.answerSetsUpdated += 1 }
                }
            }
            if !outcomes.isEmpty {
                let upsert = try db.cachedStatement(sql: SQLiteStore.upsertOutcomeSQL)
                for o in outcomes {
                    upsert.setUncheckedArguments([
                        o.key.name.lowercased.description, o.key.name.description, Int(o.key.type.rawValue),
                        Int(o.key.rcode.rawValue), o.firstSeen, o.lastSeen, o.count,
                    ])
                    try upsert.execute()
                }
            }
            if !clients.isEmpty {
                let upsert = try db.cachedStatement(sql: SQLiteStore.upsertClientSQL)
                for c in clients {
                    upsert.setUncheckedArguments([
                        c.key.client, c.mode.rawValue, c.key.name.lowercased.description, c.key.name.description,
                        c.firstSeen, c.lastSeen, c.count,
                    ])
                    try upsert.execute()
                }
            }
            if !schedules.isEmpty {
                let upsert = try db.cachedStatement(sql: ScheduleRow.upsertSQL)
                for row in schedules { try row.upsert(with: upsert) }
            }
            for (source, delta) in counters {
                try db.cachedStatement(sql: SQLiteStore.addSourceCountersSQL).execute(arguments: [
                    delta.messages, delta.malformed, delta.unansweredQueries, delta.observations,
                    delta.outcomes, delta.clientQueries, source,
                ])
                guard db.changesCount == 1 else {
                    throw StoreError(.unknownSource, "source \(source) is not registered; batch not written")
                }
            }
            return report
        }
    }

    static let upsertOutcomeSQL = """
        INSERT INTO outcomes (name_lc, name, type, rcode, first_seen, last_seen, count)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (name_lc, type, rcode) DO UPDATE SET
            first_seen = min(first_seen, excluded.first_seen),
            last_seen = max(last_seen, excluded.last_seen),
            count = count + excluded.count
        """

    static let upsertClientSQL = """
        INSERT INTO client_queries (client, client_mode, name_lc, name, first_seen, last_seen, count)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (client_mode, client, name_lc) DO UPDATE SET
            first_seen = min(first_seen, excluded.first_seen),
            last_seen = max(last_seen, excluded.last_seen),
            count = count + excluded.count
        """

    static let addSourceCountersSQL = """
        UPDATE sources SET
            messages = messages + ?, malformed = malformed + ?, unanswered_queries = unanswered_queries + ?,
            observations = observations + ?, outcomes = outcomes + ?, client_queries = client_queries + ?
        WHERE id = ?
        """

    static let checkpointSQL = """
        UPDATE ingest_runs SET
            position = ?, updated_at = ?, batches = batches + 1,
            messages = messages + ?, malformed = malformed + ?, unanswered_queries = unanswered_queries + ?,
            observations = observations + ?, outcomes = outcomes + ?, client_queries = client_queries + ?
        WHERE id = ? AND completed = 0
        """
}
