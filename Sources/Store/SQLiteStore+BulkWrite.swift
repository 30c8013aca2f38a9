import GRDB

/// Bulk writes without `sightings_by_data`: every new sighting adds an entry to that index at
/// a random place (its key leads with the data, and a probe's addresses are all over the key
/// space), which cost as much CPU as the rest of the write together (a C loop over a 206k-name
/// probe's statements: 3.2 CPU-s with the index, 1.5 without, 0.5-0.8 more to build it afterwards
/// by sorting). So a bulk writer into a store that holds fewer sightings than it expects to
/// write drops the index first and builds it once at the end (`CREATE INDEX` sorts).
extension SQLiteStore {
    static let dataIndexSQL = "CREATE INDEX IF NOT EXISTS sightings_by_data ON sightings (type, rdata_key)"

    public func beginBulkWrite(expectedSightings: Int) async throws -> Bool {
        guard expectedSightings > 0 else { return false }
        return try await pool.write { db in
            // At most `expectedSightings` rows are counted: bounded by the work to come.
            let stored = try Int.fetchOne(db, sql: "SELECT count(*) FROM (SELECT 1 FROM sightings LIMIT ?)",
                                          arguments: [expectedSightings]) ?? 0
            guard stored < expectedSightings else { return false }
            try db.execute(sql: "DROP INDEX IF EXISTS sightings_by_data")
            return true
        }
    }

    public func endBulkWrite() async throws {
        try await pool.write { db in try SQLiteStore.buildDataIndex(db) }
    }

    /// Builds `sightings_by_data` if it is missing. The sort spills to a temporary file, not to
    /// memory (`temp_store = MEMORY` otherwise), so memory does not follow the table.
    static func buildDataIndex(_ db: Database) throws {
        guard try !hasDataIndex(db) else { return }
        try db.execute(sql: "PRAGMA temp_store = DEFAULT")
        defer { try? db.execute(sql: "PRAGMA temp_store = MEMORY") }
        try db.execute(sql: dataIndexSQL)
    }

    static func hasDataIndex(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'index' AND name = 'sightings_by_data'") ?? false
    }

    /// True when `sightings_by_data` exists (for tests).
    func hasDataIndex() async throws -> Bool {
        try await pool.read { db in try SQLiteStore.hasDataIndex(db) }
    }
}
