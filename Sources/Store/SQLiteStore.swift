import Foundation
import CSQLiteConfig
import GRDB

/// The embedded store: one SQLite file in WAL mode through a GRDB `DatabasePool` (one
/// writer, concurrent readers). Batches are written in one transaction each through cached
/// prepared statements.
///
/// `synchronous = NORMAL` in WAL mode: a killed process loses nothing that was committed;
/// a power failure may lose the last commits, but never leaves a partial batch.
public final class SQLiteStore: ObservationStore {
    /// The database file.
    public let path: String
    // DatabasePool is Sendable: GRDB serializes writes and hands out reader connections.
    let pool: DatabasePool

    /// The page cache of each connection by default: 64 MiB.
    public static let defaultCacheKiB = 65_536

    /// The page cache of each connection for reading the whole store once (an analysis):
    /// 8 MiB.
    public static let scanCacheKiB = 8_192

    /// WAL pages after which a commit checkpoints by default: SQLite's own 1,000 (4 MiB).
    public static let defaultWALCheckpointPages = 1_000

    /// The page size of a new database file by default: SQLite's own 4,096 bytes.
    public static let defaultPageSize = 4_096

    /// Opens (creating if needed) the database at `path`. Call `migrate()` before use.
    /// - Parameter cacheKiB: the page cache of each connection (the writer and every reader),
    ///   at most; it fills as the file grows, so a long-running writer that must stay small
    ///   (`fluxscope probe --db`) asks for less than the default.
    /// - Parameter walCheckpointPages: `PRAGMA wal_autocheckpoint`: the WAL's size in pages at
    ///   which a commit copies it into the database file, with an fsync of each. A bulk writer
    ///   whose every batch fills more than the default (`fluxscope probe --db`) asks for more,
    ///   so that it checkpoints every few batches instead of after each. Counted in pages of
    ///   `pageSize` bytes: in a file made with other pages, the same WAL size in bytes.
    /// - Parameter pageSize: `PRAGMA page_size` of a new file (a power of two, 512 to 65,536);
    ///   a file keeps the page size it was made with. A bulk writer (`fluxscope probe --db`)
    ///   makes its new file with larger pages: fewer B-tree pages to split, seek and write per row.
    public init(path: String, cacheKiB: Int = SQLiteStore.defaultCacheKiB,
                walCheckpointPages: Int = SQLiteStore.defaultWALCheckpointPages,
                pageSize: Int = SQLiteStore.defaultPageSize) throws {
        self.path = path
        _ = SQLiteStore.configureSQLite
        var config = Configuration()
        config.label = "FluxScope.Store"
        config.busyMode = .timeout(30)
        let cache = max(1, cacheKiB)
        let checkpointPages = max(1, walCheckpointPages)
        config.prepareDatabase { db in
            // Before anything writes the file (GRDB turns WAL on after this): once the header
            // is written, SQLite keeps the page size and ignores the pragma.
            try db.execute(sql: "PRAGMA page_size = \(pageSize)")
            let filePageSize = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? pageSize
            try db.execute(sql: """
                PRAGMA synchronous = NORMAL;
                PRAGMA temp_store = MEMORY;
                PRAGMA cache_size = -\(cache);
                PRAGMA wal_autocheckpoint = \(max(1, checkpointPages * pageSize / max(1, filePageSize)));
                """)
        }
        pool = try DatabasePool(path: path, configuration: config)
    }

    /// SQLite's process-wide settings, made once before the first connection opens (SQLite
    /// ignores them after it has initialized; then they are simply not made):
    /// - multi-thread mode: connections have no mutex of their own, which every bind, step and
    ///   column read otherwise locked and unlocked (GRDB gives a connection to one thread at a
    ///   time);
    /// - no memory statistics: every allocation of SQLite's otherwise took a global mutex.
    ///
    /// Together the locks were about 8% of the writer thread's CPU in a `probe --db` run.
    static let configureSQLite: Void = {
        _ = fluxscope_sqlite_multithread()
        _ = fluxscope_sqlite_no_memstatus()
    }()

    /// Also builds `sightings_by_data` again if a bulk writer dropped it and died before it
    /// could (`beginBulkWrite`).
    public func migrate() async throws {
        try SQLiteStore.migrator.migrate(pool)
        try await pool.write { db in try SQLiteStore.buildDataIndex(db) }
    }

    public func close() async throws {
        try pool.close()
    }

    /// The names of the migrations applied to this database, in order.
    public func appliedMigrations() async throws -> [String] {
        try await pool.read { db in try SQLiteStore.migrator.appliedMigrations(db) }
    }

    /// Runs `PRAGMA integrity_check` and returns its lines (`["ok"]` when sound).
    public func integrityCheck() async throws -> [String] {
        try await pool.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }

    /// The current time as a `Timestamp`.
    static var now: Double { Date().timeIntervalSince1970 }
}
