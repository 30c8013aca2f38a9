import DNSWire
import FluxModel
@testable import Store
import Testing

/// `beginBulkWrite` drops `sightings_by_data` only while the store holds fewer sightings than
/// the bulk writer expects; reads by data give the same answers without it; `endBulkWrite`,
/// or the next `migrate()` after a writer that died, builds it again.
@Suite struct StoreBulkWriteTests {
    /// `owners` each with the shared address 192.0.2.66 and one of their own.
    func write(_ owners: [String], to store: any ObservationStore) async throws {
        var batch = SightingBatch()
        for (i, owner) in owners.enumerated() {
            batch.add(obs(owner, .a, .a(IPv4Address(192, 0, 2, 66))))
            batch.add(obs(owner, .a, .a(IPv4Address(198, 51, 100, UInt8(i + 1)))))
        }
        try await store.write(batch, checkpoint: nil)
    }

    func domains(of address: String, in store: any ObservationStore) async throws -> [String] {
        try await store.sightings(withAddress: IPAddress(address)!).map(\.key.name.description)
    }

    @Test func aSmallStoreGetsItsDataIndexBuiltOnceAtTheEnd() async throws {
        try await withStore { store, _ in
            let sqlite = try #require(store as? SQLiteStore)
            _ = try await store.registerSource(Source(kind: .probe, name: "p"), clientMode: nil)
            try await write(["a.example.", "b.example."], to: store)  // 4 sightings
            #expect(try await store.beginBulkWrite(expectedSightings: 5))
            #expect(try await sqlite.hasDataIndex() == false)
            try await write(["c.example.", "D.example."], to: store)
            #expect(try await domains(of: "192.0.2.66", in: store) == ["a.example.", "b.example.", "c.example.", "D.example."])
            try await store.endBulkWrite()
            #expect(try await sqlite.hasDataIndex())
            #expect(try await domains(of: "192.0.2.66", in: store) == ["a.example.", "b.example.", "c.example.", "D.example."])
            #expect(try await domains(of: "198.51.100.2", in: store) == ["b.example.", "D.example."])
            #expect(try await sqlite.integrityCheck() == ["ok"])
            try await store.endBulkWrite()  // nothing put off: nothing to do
            #expect(try await sqlite.hasDataIndex())
        }
    }

    @Test func aStoreHoldingAsManySightingsAsExpectedKeepsItsIndex() async throws {
        try await withStore { store, _ in
            let sqlite = try #require(store as? SQLiteStore)
            _ = try await store.registerSource(Source(kind: .probe, name: "p"), clientMode: nil)
            try await write(["a.example.", "b.example."], to: store)  // 4 sightings
            #expect(try await store.beginBulkWrite(expectedSightings: 4) == false)
            #expect(try await store.beginBulkWrite(expectedSightings: 0) == false)
            #expect(try await sqlite.hasDataIndex())
        }
    }

    @Test func migrateBuildsTheIndexADeadBulkWriterLeftOut() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("bulk.sqlite").path
            let first = try SQLiteStore(path: path)
            try await first.migrate()
            _ = try await first.registerSource(Source(kind: .probe, name: "p"), clientMode: nil)
            #expect(try await first.beginBulkWrite(expectedSightings: 100))
            try await write(["a.example.", "b.example."], to: first)
            try await first.close()  // no endBulkWrite: the writer died
            let second = try SQLiteStore(path: path)
            #expect(try await second.hasDataIndex() == false)
            try await second.migrate()
            #expect(try await second.hasDataIndex())
            #expect(try await domains(of: "192.0.2.66", in: second) == ["a.example.", "b.example."])
            try await second.close()
        }
    }
}
