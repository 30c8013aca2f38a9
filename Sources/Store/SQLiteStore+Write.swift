import FluxModel
import GRDB

extension SQLiteStore {
    @discardableResult
    public func write(_ batch: SightingBatch, checkpoint: RunCheckpoint?) async throws -> WriteReport {
        let now = SQLiteStore.now
        let encoded = try EncodedBatch(batch, now: now)  // outside the transaction: the writer lock is held only to bind and step
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
    /// Records with times outside `StoredTimes`'s window are left out and counted.
    struct EncodedBatch: Sendable {
        let sightings: [SightingRow]
        let answerSets: [AnswerSetRow]
        let outcomes: [OutcomeRow]
        let clients: [ClientQueryTally]
        let schedules: [ScheduleRow]
        let counters: [SourceID: IngestCounters]
        let total: IngestCounters
        let rejected: Int

        init(_ batch: SightingBatch, now wall: Timestamp) throws {
            let accepted = AcceptedRecords(batch, wall: wall)
            // Key order: the upserts walk each primary-key B-tree front to back (a probe's
            // batch holds one schedule and one outcome or answer set per name, in no order).
            // in order of each key's first octets as an integer, then of the texts on a tie
            // (`SightingRow.ordered`): comparing texts was most of the sorts' time.
            sightings = try SightingRow.rows(accepted.sightings).sorted {
                SightingRow.ordered($0.keyOrder, $0.nameKey, $0.type, $1.keyOrder, $1.nameKey, $1.type)
            }
            answerSets = accepted.answerSets.map(AnswerSetRow.init).sorted {
                SightingRow.ordered($0.keyOrder, $0.nameKey, $0.type, $1.keyOrder, $1.nameKey, $1.type)
            }
            outcomes = accepted.outcomes.map(OutcomeRow.init)
                .sorted { ($0.nameKey, $0.type, $0.rcode) < ($1.nameKey, $1.type, $1.rcode) }
            clients = accepted.clients
            schedules = batch.schedules.values.map(ScheduleRow.init).sorted {
                SightingRow.ordered($0.keyOrder, $0.nameKey, 0, $1.keyOrder, $1.nameKey, 0)
            }
            rejected = accepted.rejected
            counters = batch.counters.filter { !$0.value.isZero }
            total = batch.totalCounters
        }

        /// Upserts the rows and adds the per-source counters; throws (the caller's transaction
        /// then rolls back) if a source is not registered. The row upserts bind through
        /// SQLite's C API (`RowBinder`) on statements prepared here for this batch.
        func apply(_ db: Database) throws -> WriteReport {
            var report = WriteReport(rejected: rejected)
            if !sightings.isEmpty {
                var insert = RowBinder(try db.makeStatement(sql: SightingRow.insertSQL))
                var merge = RowBinder(try db.makeStatement(sql: SightingRow.mergeSQL))
                for row in sightings {
                    if try row.upsert(insert: &insert, merge: &merge) { report.sightingsInserted += 1 } else { report.sightingsUpdated += 1 }
                }
            }
            if !answerSets.isEmpty {
                var insert = RowBinder(try db.makeStatement(sql: AnswerSetRow.insertSQL))
                var merge = RowBinder(try db.makeStatement(sql: AnswerSetRow.mergeSQL))
                for row in answerSets {
                    if try row.upsert(insert: &insert, merge: &merge) { report.answerSetsInserted += 1 } else { report.answerSetsUpdated += 1 }
                }
            }
            if !outcomes.isEmpty {
                var upsert = RowBinder(try db.makeStatement(sql: SQLiteStore.upsertOutcomeSQL))
                for row in outcomes { try row.upsert(with: &upsert) }
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
                var upsert = RowBinder(try db.makeStatement(sql: ScheduleRow.upsertSQL))
                for row in schedules { try row.upsert(with: &upsert) }
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

    /// An outcome tally as its columns, keyed for sorting before the transaction.
    struct OutcomeRow: Sendable {
        var nameKey: String
        var name: String
        var type: Int
        var rcode: Int
        var firstSeen: Double
        var lastSeen: Double
        var count: Int

        init(_ o: OutcomeTally) {
            name = o.key.name.description
            nameKey = SightingRow.lowercased(name)
            type = Int(o.key.type.rawValue)
            rcode = Int(o.key.rcode.rawValue)
            firstSeen = o.firstSeen
            lastSeen = o.lastSeen
            count = o.count
        }

        func upsert(with statement: inout RowBinder) throws {
            statement.text(nameKey)
            statement.text(name)
            statement.int(type)
            statement.int(rcode)
            statement.double(firstSeen)
            statement.double(lastSeen)
            statement.int(count)
            try statement.step()
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
