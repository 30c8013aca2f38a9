import DNSWire
import FluxModel
import Foundation
import Store
import Testing

/// The `v6_probe_leases` semantics that `ProbeWorker` relies on and a PostgreSQL store must
/// keep: one holder per domain, expiry and takeover, a stale worker's completion rejected (its
/// answers still written), renewal by heartbeat, the live-worker count, retiring.
@Suite struct SQLiteStoreLeasesTests {
    /// Watches `count` domains `d0.lease.test.`... due at `due`.
    func watch(_ store: SQLiteStore, _ count: Int, due: Timestamp = 10, prefix: String = "d") async throws -> [DNSName] {
        var names: [DNSName] = []
        for i in 0..<count {
            let n = name("\(prefix)\(i).lease.test.")
            _ = try await store.upsertWatch(WatchEntry(domain: n, addedAt: 0, nextDue: due + Double(i) / 1000))
            names.append(n)
        }
        return names
    }

    @Test func aDueDomainGoesToOneWorkerOnly() async throws {
        try await withStore { store, _ in
            let names = try await watch(store, 5)
            _ = try await watch(store, 2, due: 100, prefix: "later")
            let a = try await store.leaseDueWatches(worker: "a", at: 20, until: 80, limit: 3)
            #expect(a.map(\.entry.domain) == Array(names[0..<3]), "the most overdue first")
            #expect(a.allSatisfy { $0.worker == "a" && $0.until == 80 })
            let b = try await store.leaseDueWatches(worker: "b", at: 20, until: 80, limit: 10)
            #expect(b.map(\.entry.domain) == Array(names[3..<5]), "only free, due domains")
            #expect(try await store.leaseDueWatches(worker: "a", at: 21, until: 80, limit: 10).isEmpty,
                    "a worker is not handed its own leased domains again")
            #expect(try await store.leaseDueWatches(worker: "c", at: 79, until: 90, limit: 0).isEmpty)
        }
    }

    @Test func anEndedLeaseIsTakenOverAndTheStaleCompletionRejected() async throws {
        try await withStore { store, _ in
            let d = try await watch(store, 1)[0]
            _ = try await store.leaseDueWatches(worker: "a", at: 20, until: 30, limit: 10)
            #expect(try await store.leaseDueWatches(worker: "b", at: 29.9, until: 60, limit: 10).isEmpty)
            let taken = try await store.leaseDueWatches(worker: "b", at: 30, until: 60, limit: 10)
            #expect(taken.map(\.entry.domain) == [d], "free once lease_until <= now")

            // a (stale) completes: rejected, but its answers are written.
            let source = try await store.registerSource(Source(kind: .probe, name: "resolver@127.0.0.1:53"), clientMode: nil)
            var batch = SightingBatch()
            batch.add(obs("d0.lease.test.", at: 31, source: source))
            #expect(try await store.completeLeases([WatchProbe(domain: d, probedAt: 31, nextDue: 91)], worker: "a", batch: batch).isEmpty)
            #expect(try await store.sightings(named: d).count == 1, "the stale worker's answers are kept")
            var entry = try #require(try await store.watchEntry(d))
            #expect(entry.lastProbed == nil && entry.nextDue == 10, "the stale completion changed nothing")

            // b (the holder) completes: accepted, the lease cleared, the next due time set.
            #expect(try await store.completeLeases([WatchProbe(domain: d, probedAt: 32, nextDue: 92)], worker: "b",
                                                   batch: SightingBatch()) == [d])
            entry = try #require(try await store.watchEntry(d))
            #expect(entry.lastProbed == 32 && entry.nextDue == 92)
            #expect(try await store.leaseDueWatches(worker: "c", at: 91, until: 100, limit: 10).isEmpty)
            #expect(try await store.leaseDueWatches(worker: "c", at: 92, until: 100, limit: 10).map(\.entry.domain) == [d])
            // Completing twice: the second finds no lease of its own.
            #expect(try await store.completeLeases([WatchProbe(domain: d, probedAt: 93, nextDue: 150)], worker: "b",
                                                   batch: SightingBatch()).isEmpty)
        }
    }

    @Test func aLateCompletionNobodyTookOverIsAccepted() async throws {
        try await withStore { store, _ in
            let d = try await watch(store, 1)[0]
            _ = try await store.leaseDueWatches(worker: "a", at: 20, until: 30, limit: 10)
            #expect(try await store.completeLeases([WatchProbe(domain: d, probedAt: 45, nextDue: 105)], worker: "a",
                                                   batch: SightingBatch()) == [d])
            #expect(try await store.watchEntry(d)?.nextDue == 105)
        }
    }

    @Test func aBatchWithAnUnknownSourceWritesNothingAndKeepsTheLease() async throws {
        try await withStore { store, _ in
            let d = try await watch(store, 1)[0]
            _ = try await store.leaseDueWatches(worker: "a", at: 20, until: 30, limit: 10)
            var batch = SightingBatch()
            batch.add(obs("d0.lease.test.", at: 21, source: 42))
            batch.tally(IngestCounters(messages: 1), for: 42)
            await #expect(throws: StoreError.self) {
                try await store.completeLeases([WatchProbe(domain: d, probedAt: 21, nextDue: 81)], worker: "a", batch: batch)
            }
            #expect(try await store.sightings(named: d).isEmpty)
            #expect(try await store.watchEntry(d)?.lastProbed == nil)
            #expect(try await store.leaseDueWatches(worker: "b", at: 25, until: 60, limit: 10).isEmpty, "still a's")
        }
    }

    @Test func heartbeatsRenewLiveLeasesCountWorkersAndRetiringFreesLeases() async throws {
        try await withStore { store, _ in
            let names = try await watch(store, 2)
            _ = try await store.leaseDueWatches(worker: "a", at: 20, until: 30, limit: 1)
            var beat = try await store.heartbeat(worker: "a", at: 25, until: 50)
            #expect(beat == WorkerHeartbeat(liveWorkers: 1, leasesRenewed: 1))
            #expect(try await store.leaseDueWatches(worker: "b", at: 40, until: 70, limit: 1).map(\.entry.domain) == [names[1]],
                    "a's renewed lease holds past its first end")
            beat = try await store.heartbeat(worker: "b", at: 40, until: 70)
            #expect(beat == WorkerHeartbeat(liveWorkers: 2, leasesRenewed: 1))
            // a stops beating: at 60 its registration and its lease have ended; a late beat does not revive the lease.
            beat = try await store.heartbeat(worker: "b", at: 60, until: 90)
            #expect(beat.liveWorkers == 1)
            #expect(try await store.heartbeat(worker: "a", at: 61, until: 91).leasesRenewed == 0)
            #expect(try await store.leaseDueWatches(worker: "c", at: 62, until: 100, limit: 10).map(\.entry.domain) == [names[0]])
            // b retires: its lease is free at once, long before its end (90).
            try await store.retireWorker("b")
            #expect(try await store.leaseDueWatches(worker: "c", at: 63, until: 100, limit: 10).map(\.entry.domain) == [names[1]])
            #expect(try await store.heartbeat(worker: "c", at: 64, until: 100).liveWorkers == 2, "a (beat at 61) and c")
        }
    }

    /// Four connections (as four processes would) lease concurrently from one file until
    /// nothing is left: every domain is handed out exactly once.
    @Test func concurrentLeasesFromSeveralConnectionsNeverOverlap() async throws {
        try await withStore { store, dir in
            let names = try await watch(store, 300)
            let path = dir.appendingPathComponent("test.sqlite").path
            let taken = try await withThrowingTaskGroup(of: [DNSName].self) { group in
                for w in 0..<4 {
                    group.addTask {
                        let own = try SQLiteStore(path: path)
                        var mine: [DNSName] = []
                        for _ in 0..<200 {  // bounded: a broken lease would hand domains out forever
                            let got = try await own.leaseDueWatches(worker: "w\(w)", at: 20, until: 80, limit: 7)
                            if got.isEmpty { break }
                            mine += got.map(\.entry.domain)
                        }
                        try await own.close()
                        return mine
                    }
                }
                var all: [[DNSName]] = []
                for try await mine in group { all.append(mine) }
                return all
            }
            let flat = taken.flatMap { $0 }
            #expect(flat.count == names.count, "each domain handed out once")
            #expect(Set(flat) == Set(names))
        }
    }
}
