import DNSWire
import FluxModel
import PostgresNIO

/// Probe worker leases on the watchlist (migration `v6_probe_leases`): several workers on
/// several machines take due domains with `FOR UPDATE SKIP LOCKED`, so two never take the
/// same domain and none waits for another's rows.
extension PostgresStore {
    public func leaseDueWatches(worker: String, at time: Timestamp, until: Timestamp, limit: Int) async throws -> [WatchLease] {
        guard limit > 0 else { return [] }
        let rows = try await rows("""
            UPDATE watchlist SET lease_owner = \(worker), lease_until = \(until)
            WHERE domain_lc IN (
                SELECT domain_lc FROM watchlist
                WHERE next_due <= \(time) AND (lease_until IS NULL OR lease_until <= \(time))
                ORDER BY next_due, domain_lc LIMIT \(limit)
                FOR UPDATE SKIP LOCKED)
            RETURNING \(unescaped: PostgresStore.watchColumns)
            """)
        return try rows.map { WatchLease(entry: try PostgresStore.watchEntry($0), worker: worker, until: until) }
            .sorted { ($0.entry.nextDue, $0.entry.domain.lowercased.description) < ($1.entry.nextDue, $1.entry.domain.lowercased.description) }
    }

    @discardableResult
    public func completeLeases(_ probes: [WatchProbe], worker: String, batch: SightingBatch) async throws -> Set<DNSName> {
        let staged = try StagedBatch(batch, now: PostgresStore.now)
        try await ensurePartitions(staged.weeks)
        let sorted = probes.sorted { $0.domain.lowercased.description < $1.domain.lowercased.description }
        let keys = sorted.map { $0.domain.lowercased.description }
        let done = try await transaction { connection in
            _ = try await staged.write(on: connection, checkpoint: nil, logger: logger)
            return Set(try await PostgresStore.rows("""
                UPDATE watchlist w SET last_probed = p.probed_at, next_due = p.next_due, lease_owner = NULL, lease_until = NULL
                FROM unnest(\(keys)::text[], \(sorted.map(\.probedAt))::float8[], \(sorted.map(\.nextDue))::float8[])
                     AS p(domain_lc, probed_at, next_due)
                WHERE w.domain_lc = p.domain_lc AND w.lease_owner = \(worker)
                RETURNING w.domain_lc
                """, on: connection, logger: logger).map { try $0.at(0, as: String.self) })
        }
        return Set(sorted.filter { done.contains($0.domain.lowercased.description) }.map(\.domain))
    }

    public func heartbeat(worker: String, at time: Timestamp, until: Timestamp) async throws -> WorkerHeartbeat {
        try await transaction { connection in
            try await PostgresStore.rows("""
                INSERT INTO probe_workers (worker_id, started_at, heartbeat_at, alive_until) VALUES (\(worker), \(time), \(time), \(until))
                ON CONFLICT (worker_id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at, alive_until = excluded.alive_until
                """, on: connection, logger: logger)
            let renewed = try await PostgresStore.rows("""
                UPDATE watchlist SET lease_until = \(until) WHERE lease_owner = \(worker) AND lease_until > \(time) RETURNING 1
                """, on: connection, logger: logger).count
            // Workers dead for a day are forgotten, so the table stays small.
            try await PostgresStore.rows("DELETE FROM probe_workers WHERE alive_until < \(time - 86_400)", on: connection, logger: logger)
            let live = try await PostgresStore.rows("SELECT count(*) FROM probe_workers WHERE alive_until > \(time)",
                                                    on: connection, logger: logger).first?.at(0, as: Int.self) ?? 1
            return WorkerHeartbeat(liveWorkers: max(1, live), leasesRenewed: renewed)
        }
    }

    public func retireWorker(_ worker: String) async throws {
        try await transaction { connection in
            try await PostgresStore.rows("UPDATE watchlist SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = \(worker)",
                                         on: connection, logger: logger)
            try await PostgresStore.rows("DELETE FROM probe_workers WHERE worker_id = \(worker)", on: connection, logger: logger)
        }
    }
}
