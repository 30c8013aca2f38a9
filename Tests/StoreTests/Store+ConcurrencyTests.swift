import DNSWire
import FluxModel
import Foundation
import Store
import TestSupport
import Testing

@Suite struct StoreConcurrencyTests {
    /// Many writers upsert the same keys at once: every increment lands, and each key stays
    /// one sighting. On PostgreSQL the writers are four stores (four processes' worth of
    /// connection pools) with four tasks each; their batches cover the same keys in two weeks.
    @Test(arguments: Backend.allCases) func concurrentUpsertsOfTheSameKeysLoseNothing(_ backend: Backend) async throws {
        try await withStore(backend) { store, _ in
            let source = try await store.registerSource(Source(kind: .pcap, name: "many"), clientMode: nil)
            let keys = 300, batchesPerTask = 8
            var stores: [any ObservationStore] = [store]
            var extra: [PostgresStore] = []
            if backend == .postgres, let pg = store as? PostgresStore {
                for _ in 0..<3 { let s = try PostgresStore(url: pg.url); extra.append(s); stores.append(s) }
            }
            let writers = stores.count * 4
            try await withThrowingTaskGroup(of: Void.self) { group in
                for w in 0..<writers {
                    let target = stores[w % stores.count]
                    group.addTask {
                        for b in 0..<batchesPerTask {
                            var batch = SightingBatch()
                            // Two weeks apart: each batch touches two partitions on PostgreSQL.
                            let time: Timestamp = 1_700_000_000 + Double((w + b) % 2) * 7 * 86_400 + Double(b)
                            // Writers walk the keys in different orders; the store must still not deadlock.
                            for k in 0..<keys {
                                let i = w % 2 == 0 ? (k + w * 37 + b) % keys : keys - 1 - k   // rotated or reversed
                                batch.add(obs("k\(i).Example.", .a, .a(IPv4Address(UInt32(0x0A00_0000 + i))), ttl: UInt32(w + 1),
                                              at: time, source: source))
                            }
                            batch.tally(IngestCounters(messages: 1), for: source)
                            try await target.write(batch, checkpoint: nil)
                        }
                    }
                }
                try await group.waitForAll()
            }
            for s in extra { try await s.close() }
            let expected = writers * batchesPerTask
            var seen = 0
            for try await s in store.allSightings(pageSize: 128) {
                #expect(s.count == expected, "\(s.key)")
                #expect(s.minTTL == 1 && s.maxTTL == UInt32(writers))
                seen += 1
            }
            #expect(seen == keys)
            #expect(try await store.stats().sightings == keys)
            #expect(try await totalCount(store) == keys * expected)
            #expect(try await store.source(id: source)?.counters.messages == Int64(expected))
        }
    }
}
