import DNSWire
import FluxModel
import Foundation
import Store
import TestSupport
import Testing

/// What the weekly partitions of PostgreSQL change, and what they must not: the write
/// report's counts, the partitions' storage setting, and staging within one transaction.
@Suite struct StoreWeeksTests {
    // Tuesday 2023-11-14 22:13:20 UTC, and the same time a week later.
    static let week1: Timestamp = 1_700_000_000
    static let week2: Timestamp = 1_700_000_000 + 7 * 86_400

    /// A key seen again in a later week is a new row on PostgreSQL (one row per key and
    /// week) and an updated row on SQLite (one row per key); a batch that spans two weeks is
    /// counted week by week; reads merge the weeks on both.
    @Test(arguments: Backend.allCases) func reportCountsRowsPerWeek(_ backend: Backend) async throws {
        try await withStore(backend) { store, _ in
            let source = try await store.registerSource(Source(kind: .pcap, name: "s"), clientMode: nil)
            var first = SightingBatch()
            first.add(obs("k.example.", at: Self.week1, source: source))
            var report = try await store.write(first, checkpoint: nil)
            #expect(report.sightingsInserted == 1 && report.sightingsUpdated == 0)

            var second = SightingBatch()
            second.add(obs("k.example.", at: Self.week2, source: source))   // moves to week 2
            second.add(obs("l.example.", at: Self.week1, source: source))   // new, week 1
            second.add(obs("m.example.", at: Self.week2, source: source))   // new, week 2
            report = try await store.write(second, checkpoint: nil)
            switch backend {
            case .sqlite: #expect(report.sightingsInserted == 2 && report.sightingsUpdated == 1)
            case .postgres: #expect(report.sightingsInserted == 3 && report.sightingsUpdated == 0)
            }

            var third = SightingBatch()
            third.add(obs("k.example.", at: Self.week2 + 60, source: source))
            third.add(obs("l.example.", at: Self.week1 + 60, source: source))
            third.add(obs("m.example.", at: Self.week2 + 60, source: source))
            third.add(obs("n.example.", at: Self.week1 + 60, source: source))
            report = try await store.write(third, checkpoint: nil)
            #expect(report.sightingsInserted == 1 && report.sightingsUpdated == 3)

            let k = try #require(try await store.sightings(named: name("k.example.")).first)
            #expect(k.count == 3 && k.firstSeen == Self.week1 && k.lastSeen == Self.week2 + 60)
            #expect(try await store.stats().sightings == 4)
        }
    }

    /// New partitions are created with `fillfactor = 50`, and migration v7 sets it on the
    /// partitions that existed before it.
    @Test func partitionsLeaveRoomForHOTUpdates() async throws {
        try await withStore(.postgres) { store, _ in
            let pg = try #require(store as? PostgresStore)
            let server = try await PostgresServer.shared()
            let db = databaseName(pg)
            let source = try await store.registerSource(Source(kind: .pcap, name: "s"), clientMode: nil)
            var batch = SightingBatch()
            batch.add(obs("k.example.", at: Self.week1, source: source))
            try await store.write(batch, checkpoint: nil)
            func options(_ table: String) async throws -> String {
                try await server.psql("SELECT coalesce(array_to_string(reloptions, ','), '') FROM pg_class WHERE relname = '\(table)'",
                                      database: db).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            #expect(try await options("sightings_p20231113") == "fillfactor=50")

            // A partition from before v7 (PostgreSQL's default fill), then v7 applied again.
            try await server.psql("""
                CREATE TABLE sightings_p20231120 PARTITION OF sightings FOR VALUES FROM ('2023-11-20') TO ('2023-11-27')
                """, database: db)
            #expect(try await options("sightings_p20231120") == "")
            try await server.psql("DELETE FROM fluxscope_migrations WHERE name = 'v7_sightings_fillfactor'", database: db)
            try await pg.migrate()
            #expect(try await options("sightings_p20231120") == "fillfactor=50")
        }
    }

    /// Staging tables are dropped at commit, so a write needs no session state and works
    /// through a transaction-mode pooler: none is left in the catalog after writes.
    @Test func stagingTablesEndWithTheirTransaction() async throws {
        try await withStore(.postgres) { store, _ in
            let pg = try #require(store as? PostgresStore)
            let server = try await PostgresServer.shared()
            let source = try await store.registerSource(Source(kind: .pcap, name: "s"), clientMode: .keep)
            for round in 0..<3 {
                var batch = SightingBatch(clientMode: .keep)
                batch.add(obs("k\(round).example.", at: Self.week1, source: source))
                batch.add(Outcome(name: name("x\(round).example."), type: .a, rcode: .nxDomain, time: Self.week1, source: source))
                try await store.write(batch, checkpoint: nil)
            }
            let temp = try await server.psql("SELECT count(*) FROM pg_class WHERE relpersistence = 't' AND relname LIKE 'stage%'",
                                             database: databaseName(pg))
            #expect(temp.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
            #expect(try await store.stats().sightings == 3)
        }
    }
}
