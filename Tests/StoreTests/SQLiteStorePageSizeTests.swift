import Foundation
import GRDB
import Testing

@testable import Store

/// `SQLiteStore(path:cacheKiB:walCheckpointPages:pageSize:)`: the page size of a new file, kept
/// by a file made earlier, and the WAL checkpoint counted in the same bytes either way.
struct SQLiteStorePageSizeTests {
    func pragma(_ name: String, _ store: SQLiteStore) async throws -> Int? {
        try await store.pool.write { db in try Int.fetchOne(db, sql: "PRAGMA \(name)") }
    }

    @Test func newFileTakesThePageSizeAnOldFileKeepsItsOwn() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("pages.sqlite").path
            let made = try SQLiteStore(path: path, walCheckpointPages: 4_096, pageSize: 16_384)
            try await made.migrate()
            #expect(try await pragma("page_size", made) == 16_384)
            #expect(try await pragma("wal_autocheckpoint", made) == 4_096)
            try await made.close()

            let small = dir.appendingPathComponent("small.sqlite").path
            let old = try SQLiteStore(path: small)
            try await old.migrate()
            try await old.close()
            let reopened = try SQLiteStore(path: small, walCheckpointPages: 4_096, pageSize: 16_384)
            #expect(try await pragma("page_size", reopened) == 4_096)
            #expect(try await pragma("wal_autocheckpoint", reopened) == 16_384)  // 64 MiB either way
            try await reopened.close()
        }
    }
}
