import DNSWire
import FluxModel
import Foundation
import Store
import TestSupport
import Testing

@Suite struct StorePruneTests {
    // 2026-01-06 (a Tuesday), 2026-06-02, and a cutoff on Wednesday 2026-06-10 12:00 UTC.
    static let old: Timestamp = 1_767_657_600
    static let recent: Timestamp = 1_780_358_400
    static let cutoff: Timestamp = 1_781_092_800

    func write(_ store: any ObservationStore, _ owner: String, at time: Timestamp, source: SourceID) async throws {
        var batch = SightingBatch()
        batch.add(obs(owner, at: time, source: source))
        batch.add(Outcome(name: name(owner), type: .aaaa, rcode: .nxDomain, time: time, source: source))
        try await store.write(batch, checkpoint: nil)
    }

    @Test(arguments: Backend.allCases) func pruneDeletesWhatWasLastSeenBeforeTheCutoff(_ backend: Backend) async throws {
        try await withStore(backend) { store, _ in
            let source = try await store.registerSource(Source(kind: .pcap, name: "s"), clientMode: nil)
            try await write(store, "old.example.", at: Self.old, source: source)
            try await write(store, "recent.example.", at: Self.recent, source: source)
            try await write(store, "before.example.", at: Self.cutoff - 3600, source: source)   // the cutoff's week, before it
            try await write(store, "after.example.", at: Self.cutoff + 3600, source: source)    // the cutoff's week, after it
            let report = try await store.prune(before: Self.cutoff)
            var left: [String] = []
            for try await s in store.allSightings() { left.append(s.key.name.description) }
            #expect(left.sorted() == ["after.example."])
            #expect(try await store.outcomes(named: nil).map(\.key.name.description) == ["after.example."])
            switch backend {
            case .sqlite:
                #expect(report.sightingRowsDeleted == 3 && report.partitionsDropped.isEmpty)
            case .postgres:
                // The weeks of "old" and "recent" go whole; "before" is deleted from the cutoff's week.
                #expect(report.partitionsDropped == ["sightings_p20260105", "sightings_p20260601"])
                #expect(report.sightingRowsDeleted == 1)
            }
            #expect(report.outcomesDeleted == 3)
            // Old data may arrive again afterwards (a late capture): it is stored again.
            try await write(store, "old.example.", at: Self.old, source: source)
            #expect(try await store.sightings(named: name("old.example.")).first?.count == 1)
        }
    }

    /// A writer that believes a week's partition exists while another process drops it
    /// retries once with the partition created again.
    @Test func aWriterRecreatesAPartitionAnotherProcessDropped() async throws {
        let server = try await PostgresServer.shared()
        let database = try await server.createDatabase()
        let writer = try PostgresStore(url: server.url(database: database))
        let pruner = try PostgresStore(url: server.url(database: database))
        try await writer.migrate()
        let source = try await writer.registerSource(Source(kind: .pcap, name: "s"), clientMode: nil)
        try await write(writer, "old.example.", at: Self.old, source: source)
        #expect(try await pruner.prune(before: Self.cutoff).partitionsDropped == ["sightings_p20260105"])
        try await write(writer, "old.example.", at: Self.old + 60, source: source)
        let rows = try await pruner.sightings(named: name("old.example."))
        #expect(rows.map(\.count) == [1] && rows.first?.firstSeen == Self.old + 60)
        try await writer.close()
        try await pruner.close()
        await server.dropDatabase(database)
    }

    /// On PostgreSQL a sighting is kept per week of its last sighting: reading merges the
    /// weeks, and pruning takes the old weeks only (SQLite keeps or deletes the whole row).
    @Test func weeksMergeOnReadAndPruneSeparately() async throws {
        try await withStore(.postgres) { store, _ in
            let source = try await store.registerSource(Source(kind: .pcap, name: "s"), clientMode: nil)
            try await write(store, "both.example.", at: Self.old, source: source)
            try await write(store, "BOTH.example.", at: Self.recent, source: source)
            let merged = try #require(try await store.sightings(named: name("both.example.")).first)
            #expect(merged.count == 2 && merged.firstSeen == Self.old && merged.lastSeen == Self.recent)
            #expect(merged.key.name.description == "both.example.")   // the oldest week's spelling
            #expect(try await store.stats().sightings == 1)
            try await store.prune(before: Self.recent - 86_400)
            let kept = try #require(try await store.sightings(named: name("both.example.")).first)
            #expect(kept.count == 1 && kept.firstSeen == Self.recent && kept.key.name.description == "BOTH.example.")
        }
    }
}
