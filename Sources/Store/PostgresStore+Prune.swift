import FluxModel
import PostgresNIO

extension PostgresStore {
    /// Drops the weekly partitions that end at or before `cutoff` (every row in them was last
    /// seen before it), deletes the older rows of the partition that straddles it, and deletes
    /// older outcome and client tallies and answer sets. One transaction.
    @discardableResult
    public func prune(before cutoff: Timestamp) async throws -> PruneReport {
        let weeks = try await existingPartitions()
        let cutoffWeek = SightingWeek.monday(of: cutoff)
        let report = try await transaction { connection in
            var report = PruneReport()
            // Writers create partitions under this lock: none appears or goes while pruning.
            try await PostgresStore.rows("SELECT pg_advisory_xact_lock(\(PostgresStore.partitionLock))", on: connection, logger: logger)
            for (monday, table) in weeks where Double(monday + 7) * SightingWeek.secondsPerDay <= cutoff {
                try await PostgresStore.rows(PostgresQuery(unsafeSQL: "DROP TABLE IF EXISTS \(table)"), on: connection, logger: logger)
                report.partitionsDropped.append(table)
            }
            func delete(_ table: String) async throws -> Int {
                try await PostgresStore.rows(PostgresQuery(unsafeSQL: """
                    WITH gone AS (DELETE FROM \(table) WHERE last_seen < to_timestamp($1) RETURNING 1) SELECT count(*) FROM gone
                    """, binds: try PostgresStore.binds(cutoff)), on: connection, logger: logger).first?.at(0) ?? 0
            }
            if weeks.contains(where: { $0.monday == cutoffWeek }) {
                report.sightingRowsDeleted = try await delete(SightingWeek.tableName(cutoffWeek))
            }
            report.outcomesDeleted = try await delete("outcomes")
            report.clientQueriesDeleted = try await delete("client_queries")
            report.answerSetsDeleted = try await delete("answer_sets")
            return report
        }
        partitions.withLock { known in
            for table in report.partitionsDropped { if let m = SightingWeek.monday(ofTable: table) { known.remove(m) } }
        }
        return report
    }

    /// Bindings of one double.
    static func binds(_ value: Double) throws -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(value)
        return binds
    }
}
