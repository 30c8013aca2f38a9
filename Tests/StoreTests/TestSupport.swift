import DNSWire
import FluxModel
import Foundation
import Store

/// A fresh directory under the system temporary directory, removed after `body`.
func withTemporaryDirectory<T>(_ body: (URL) async throws -> T) async throws -> T {
    let dir = FileManager.default.temporaryDirectory
        .appendingPathComponent("StoreTests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    return try await body(dir)
}

/// A migrated store in a temporary directory, closed and removed after `body`.
func withStore<T>(_ body: (SQLiteStore, URL) async throws -> T) async throws -> T {
    try await withTemporaryDirectory { dir in
        let path = dir.appendingPathComponent("test.sqlite").path
        let store = try SQLiteStore(path: path)
        try await store.migrate()
        let result = try await body(store, dir)
        try await store.close()
        return result
    }
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
