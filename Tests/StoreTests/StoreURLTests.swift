import Store
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
        let pg = try StoreURL(parsing: "postgres://flux@db.example/fluxscope")
        do {
            _ = try await pg.open()
            Issue.record("postgres should not open yet")
        } catch let error as StoreError {
            #expect(error.code == .unsupported)
            #expect(error.reason.contains("not supported yet"))
        }
    }

    @Test func opensAndMigratesSQLite() async throws {
        try await withTemporaryDirectory { dir in
            let store = try await StoreURL(parsing: "sqlite:" + dir.appendingPathComponent("x.sqlite").path).open()
            let sqlite = try #require(store as? SQLiteStore)
            #expect(try await sqlite.appliedMigrations() == ["v1", "v2_answer_sets", "v3_server", "v4_network_ids", "v5_probe_schedules", "v6_probe_leases"])
            #expect(try await store.stats().sightings == 0)
            try await store.close()
        }
    }
}
