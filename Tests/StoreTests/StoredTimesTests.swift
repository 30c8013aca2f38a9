import DNSWire
import FluxModel
import Foundation
import Store
import TestSupport
import Testing

/// `StoredTimes`: records with times before 1970 or more than a year ahead are rejected and
/// counted, the rest of the batch is written; on PostgreSQL they create no partition.
@Suite struct StoredTimesTests {
    @Test func theWindow() {
        let now: Timestamp = 1_780_000_000
        #expect(StoredTimes.accepts(0, now, now: now))
        #expect(StoredTimes.accepts(1000, now + StoredTimes.ahead, now: now))
        #expect(!StoredTimes.accepts(-1, now, now: now))
        #expect(!StoredTimes.accepts(now, now + StoredTimes.ahead + 1, now: now))
        #expect(!StoredTimes.accepts(.nan, now, now: now))
        #expect(!StoredTimes.accepts(now, .infinity, now: now))
        #expect(!StoredTimes.accepts(-.infinity, now, now: now))
    }

    @Test(arguments: Backend.allCases) func outOfWindowRecordsAreRejectedAndCounted(_ backend: Backend) async throws {
        try await withStore(backend) { store, _ in
            let source = try await store.registerSource(Source(kind: .pcap, name: "hostile"), clientMode: nil)
            let now = Date().timeIntervalSince1970
            let good: Timestamp = 1_700_000_000
            let bad: [Timestamp] = [-400 * 86_400, 253_370_764_800 /* 9999-01-01 */, now + 2 * 365 * 86_400, .infinity, 1e300]
            var batch = SightingBatch()
            batch.add(obs("good.example.", at: good, source: source))
            batch.add(obs("skewed.example.", at: now + 3600, source: source))   // a fast clock: accepted
            for (i, t) in bad.enumerated() {
                batch.add(obs("bad\(i).example.", at: t, source: source))
                batch.add(Outcome(name: name("bad\(i).example."), type: .aaaa, rcode: .nxDomain, time: t, source: source))
            }
            // A record seen at a good time and at a bad one: its window spans the bad time.
            batch.add(obs("mixed.example.", at: good, source: source))
            batch.add(obs("mixed.example.", at: 1e12, source: source))
            let report = try await store.write(batch, checkpoint: nil)
            #expect(report.rejected == bad.count * 2 + 1)
            #expect(report.sightingsInserted == 2 && report.sightingsUpdated == 0)
            var names: [String] = []
            for try await s in store.allSightings() { names.append(s.key.name.description) }
            #expect(names.sorted() == ["good.example.", "skewed.example."])
            #expect(try await store.outcomes(named: nil).isEmpty)
            if backend == .postgres, let pg = store as? PostgresStore {
                let server = try await PostgresServer.shared()
                let partitions = try await server.psql(
                    "SELECT count(*) FROM pg_inherits WHERE inhparent = 'sightings'::regclass", database: databaseName(pg))
                // The good week, and the week of now + 1 hour (which may be this week or the next).
                #expect(Int(partitions.trimmingCharacters(in: .whitespacesAndNewlines)) == 2)
            }
        }
    }
}

extension StoredTimesTests {
    /// The lab's simulated clock runs years ahead of the wall clock: a batch carrying the
    /// prober's clock is judged against it, and one without it is not.
    @Test(arguments: Backend.allCases) func aProbersClockMovesTheWindow(_ backend: Backend) async throws {
        try await withStore(backend) { store, _ in
            let source = try await store.registerSource(Source(kind: .probe, name: "lab"), clientMode: nil)
            let simulated = Date().timeIntervalSince1970 + 3 * 365 * 86_400
            var batch = SightingBatch()
            batch.add(obs("lab.example.", at: simulated, source: source))
            let unmarked = try await store.write(batch, checkpoint: nil)
            #expect(unmarked.rejected == 1 && unmarked.sightingsInserted == 0)
            batch.observerClock = simulated
            let marked = try await store.write(batch, checkpoint: nil)
            #expect(marked.rejected == 0 && marked.sightingsInserted == 1)
        }
    }
}

/// The database a PostgreSQL store's URL names.
func databaseName(_ store: PostgresStore) -> String {
    String(store.url.split(separator: "/").last ?? "")
}
