import DNSWire
import FluxModel
import Foundation
import Store
import TestSupport
import Testing

/// A fresh directory under the system temporary directory, removed after `body`.
func withTemporaryDirectory<T>(_ body: (URL) async throws -> T) async throws -> T {
    let dir = FileManager.default.temporaryDirectory
        .appendingPathComponent("StoreTests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    return try await body(dir)
}

/// The backends every store test runs against.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres
    var testDescription: String { rawValue }
}

/// A migrated, empty store of `backend`, closed and removed after `body`: SQLite in a
/// temporary directory, or a database of its own on the PostgreSQL server the test process
/// shares (`PostgresServer.shared()`). `dir` is a temporary directory either way.
func withStore<T>(_ backend: Backend = .sqlite, _ body: (any ObservationStore, URL) async throws -> T) async throws -> T {
    try await withTemporaryDirectory { dir in
        switch backend {
        case .sqlite:
            let store = try SQLiteStore(path: dir.appendingPathComponent("test.sqlite").path)
            try await store.migrate()
            let result = try await body(store, dir)
            try await store.close()
            return result
        case .postgres:
            let server = try await PostgresServer.shared()
            let database = try await server.createDatabase()
            let store = try PostgresStore(url: server.url(database: database))
            do {
                try await store.migrate()
                let result = try await body(store, dir)
                try await store.close()
                await server.dropDatabase(database)
                return result
            } catch {
                try? await store.close()
                await server.dropDatabase(database)
                throw error
            }
        }
    }
}

/// The migrations applied to a store, in order.
func appliedMigrations(_ store: any ObservationStore) async throws -> [String] {
    if let s = store as? SQLiteStore { return try await s.appliedMigrations() }
    if let s = store as? PostgresStore { return try await s.appliedMigrations() }
    return []
}

/// A name from presentation text (tests only: traps on bad input).
func name(_ text: String) -> DNSName { try! DNSName(text) }

/// An observation with defaults for the fields a test does not care about.
func obs(_ owner: String, _ type: RecordType = .a, _ data: RData? = nil, ttl: UInt32? = 300,
         at time: Timestamp = 1_700_000_000, source: SourceID = 1) -> Observation {
    Observation(name: name(owner), type: type, data: data ?? .a(IPv4Address(192, 0, 2, 1)), ttl: ttl,
                section: .answer, time: time, source: source)
}

/// Sums `count` over every sighting in the store.
func totalCount(_ store: any ObservationStore) async throws -> Int {
    var sum = 0
    for try await s in store.allSightings(pageSize: 1000) { sum += s.count }
    return sum
}
