import DNSWire
import FluxModel
import GRDB

/// Probe worker leases on the watchlist (migration `v6_probe_leases`). Every method is one
/// IMMEDIATE transaction (GRDB's default for writes), so processes sharing the file in WAL
/// mode take the write lock in turn (busy timeout 30 s) and never see a half-done lease.
extension SQLiteStore {
    public func leaseDueWatches(worker: String, at time: Timestamp, until: Timestamp, limit: Int) async throws -> [WatchLease] {
        guard limit > 0 else { return [] }
        return try await pool.write { db in
            let rows = try Row.fetchAll(db, sql: """
                UPDATE watchlist SET lease_owner = ?, lease_until = ?
                WHERE domain_lc IN (
                    SELECT domain_lc FROM watchlist
                    WHERE next_due <= ? AND (lease_until IS NULL OR lease_until <= ?)
                    ORDER BY next_due, domain_lc LIMIT ?)
                RETURNING \(SQLiteStore.watchColumns)
                """, arguments: [worker, until, time, time, limit])
            return try rows.map { WatchLease(entry: try SQLiteStore.watchEntry(row: $0), worker: worker, until: until) }
                .sorted { ($0.entry.nextDue, $0.entry.domain.lowercased.description) < ($1.entry.nextDue, $1.entry.domain.lowercased.description) }
        }
    }

    @discardableResult
    public func completeLeases(_ probes: [WatchProbe], worker: String, batch: SightingBatch) async throws -> Set<DNSName> {
        let encoded = try EncodedBatch(batch, now: SQLiteStore.now)
        let rows = probes.map { ($0.domain, $0.domain.lowercased.description, $0.probedAt, $0.nextDue) }
        return try await pool.write { db in
            _ = try encoded.apply(db)
            var done = Set<DNSName>()
            let update = try db.cachedStatement(sql: """
                UPDATE watchlist SET last_probed = ?, next_due = ?, lease_owner = NULL, lease_until = NULL
                WHERE domain_lc = ? AND lease_owner = ?
                """)
            for (domain, key, probedAt, nextDue) in rows {
                try update.execute(arguments: [probedAt, nextDue, key, worker])
                if db.changesCount == 1 { done.insert(domain) }
            }
            return done
        }
    }

    public func heartbeat(worker: String, at time: Timestamp, until: Timestamp) async throws -> WorkerHeartbeat {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO probe_workers (worker_id, started_at, heartbeat_at, alive_until) VALUES (?, ?, ?, ?)
                ON CONFLICT (worker_id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at, alive_until = excluded.alive_until
                """, arguments: [worker, time, time, until])
            try db.execute(sql: "UPDATE watchlist SET lease_until = ? WHERE lease_owner = ? AND lease_until > ?",
                           arguments: [until, worker, time])
            let renewed = db.changesCount
            // Workers dead for a day are forgotten, so the table stays small.
            try db.execute(sql: "DELETE FROM probe_workers WHERE alive_until < ?", arguments: [time - 86_400])
            let live = try Int.fetchOne(db, sql: "SELECT count(*) FROM probe_workers WHERE alive_until > ?", arguments: [time]) ?? 1
            return WorkerHeartbeat(liveWorkers: max(1, live), leasesRenewed: renewed)
        }
    }

    public func retireWorker(_ worker: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE watchlist SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?",
                           arguments: [worker])
            try db.execute(sql: "DELETE FROM probe_workers WHERE worker_id = ?", arguments: [worker])
        }
    }
}
