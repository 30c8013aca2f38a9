import Store
import TestSupport
import Testing

@Suite struct StoreURLTests {
    @Test func parsesSQLitePaths() throws {
        #expect(try StoreURL(parsing: "sqlite:./fluxscope.sqlite") == .sqlite(path: "./fluxscope.sqlite"))
        #expect(try StoreURL(parsing: "sqlite:///var/lib/fluxscope.sqlite") == .sqlite(path: "/var/lib/fluxscope.sqlite"))
        #expect(StoreURL.default.description == "sqlite:./fluxscope.sqlite")
    }

    @Test func rejectsWhatItCannotOpen() async throws {
        #expect(throws: StoreError.self) { try StoreURL(parsing: "./fluxscope.sqlite") }
        #expect(throws: StoreError.self) { try StoreURL(parsing: "sqlite:") }
        #expect(try StoreURL(parsing: "postgres://flux@db.example/fluxscope") == .postgres("postgres://flux@db.example/fluxscope"))
        // A PostgreSQL URL must name a host and a database, and only sslmode is understood.
        for bad in ["postgres://db.example", "postgres://flux@db.example/", "postgres:///fluxscope",
                    "postgres://flux@db.example/fluxscope?sslmode=verify-full&x=1"] {
            await #expect(throws: StoreError.self, "\(bad)") { _ = try await StoreURL(parsing: bad).open() }
        }
    }

    @Test func opensAndMigratesPostgres() async throws {
        let server = try await PostgresServer.shared()
        let database = try await server.createDatabase()
        let store = try await StoreURL(parsing: server.url(database: database)).open()
        let pg = try #require(store as? PostgresStore)
        #expect(try await pg.appliedMigrations() == ["v1", "v2_answer_sets", "v3_server", "v4_network_ids", "v5_probe_schedules", "v6_probe_leases",
                                                   "v7_sightings_fillfactor", "v8_probe_schedules_unindexed", "v9_network_successors"])
        #expect(pg.url == server.url(database: database))
        // Opening again (a second process) finds everything applied and changes nothing.
        let again = try await StoreURL(parsing: server.url(database: database)).open()
        #expect(try await again.stats().sightings == 0)
        try await again.close()
        try await store.close()
        await server.dropDatabase(database)
    }

    @Test func opensAndMigratesSQLite() async throws {
        try await withTemporaryDirectory { dir in
            let store = try await StoreURL(parsing: "sqlite:" + dir.appendingPathComponent("x.sqlite").path).open()
            let sqlite = try #require(store as? SQLiteStore)
            #expect(try await sqlite.appliedMigrations() == ["v1", "v2_answer_sets", "v3_server", "v4_network_ids", "v5_probe_schedules", "v6_probe_leases",
                                                       "v8_probe_schedules_unindexed", "v9_network_successors"])
            #expect(try await store.stats().sightings == 0)
            try await store.close()
        }
    }
}
