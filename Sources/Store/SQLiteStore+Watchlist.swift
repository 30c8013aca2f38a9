import DNSWire
import FluxModel
import GRDB

extension SQLiteStore {
    static let watchColumns = "domain, note, interval, added_at, next_due, last_probed, lease_owner, lease_until"

    public func watchlist() async throws -> [WatchEntry] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT \(SQLiteStore.watchColumns) FROM watchlist ORDER BY domain_lc")
                .map(SQLiteStore.watchEntry(row:))
        }
    }

    public func watchEntry(_ domain: DNSName) async throws -> WatchEntry? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT \(SQLiteStore.watchColumns) FROM watchlist WHERE domain_lc = ?",
                             arguments: [domain.lowercased.description]).map(SQLiteStore.watchEntry(row:))
        }
    }

    public func upsertWatch(_ entry: WatchEntry) async throws -> (entry: WatchEntry, created: Bool) {
        try await pool.write { db in
            let key = entry.domain.lowercased.description
            let existed = try Bool.fetchOne(db, sql: "SELECT 1 FROM watchlist WHERE domain_lc = ?", arguments: [key]) ?? false
            try db.execute(sql: """
                INSERT INTO watchlist (domain_lc, domain, note, interval, added_at, next_due, last_probed)
                VALUES (?, ?, ?, ?, ?, ?, NULL)
                ON CONFLICT (domain_lc) DO UPDATE SET
                    note = excluded.note, interval = excluded.interval, next_due = excluded.next_due
                """, arguments: [key, entry.domain.description, entry.note, entry.interval, entry.addedAt, entry.nextDue])
            let row = try Row.fetchOne(db, sql: "SELECT \(SQLiteStore.watchColumns) FROM watchlist WHERE domain_lc = ?",
                                       arguments: [key])
            guard let row else { throw StoreError(.corruptRow, "watchlist entry \(key) vanished during its upsert") }
            return (try SQLiteStore.watchEntry(row: row), !existed)
        }
    }

    public func removeWatch(_ domain: DNSName) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM watchlist WHERE domain_lc = ?", arguments: [domain.lowercased.description])
            return db.changesCount > 0
        }
    }

    public func dueWatches(at time: Timestamp, limit: Int) async throws -> [WatchEntry] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT \(SQLiteStore.watchColumns) FROM watchlist WHERE next_due <= ? ORDER BY next_due, domain_lc LIMIT ?
                """, arguments: [time, max(1, limit)]).map(SQLiteStore.watchEntry(row:))
        }
    }

    static func watchEntry(row: Row) throws -> WatchEntry {
        WatchEntry(domain: try name(row[0]), note: row[1], interval: row[2], addedAt: row[3], nextDue: row[4], lastProbed: row[5],
                   leaseOwner: row[6], leaseUntil: row[7])
    }
}
