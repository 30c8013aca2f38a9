import FluxModel
import GRDB

extension SQLiteStore {
    @discardableResult
    public func prune(before cutoff: Timestamp) async throws -> PruneReport {
        try await pool.write { db in
            var report = PruneReport()
            func delete(_ table: String) throws -> Int {
                try db.execute(sql: "DELETE FROM \(table) WHERE last_seen < ?", arguments: [cutoff])
                return db.changesCount
            }
            report.sightingRowsDeleted = try delete("sightings")
            report.outcomesDeleted = try delete("outcomes")
            report.clientQueriesDeleted = try delete("client_queries")
            report.answerSetsDeleted = try delete("answer_sets")
            return report
        }
    }
}
