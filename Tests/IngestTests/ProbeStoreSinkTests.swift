import DNSWire
import FluxModel
import Foundation
import Pipeline
import Probe
import Store
import Testing

/// `ProbeStoreSink` writes a batch as soon as it is full, not at the next tick of its timer:
/// the prober waits while the sink is backlogged, so a full batch left for the timer stalls
/// the probe (it did: with a one-second timer, `probe --db` ran at the rate of one batch a
/// second).
@Suite struct ProbeStoreSinkTests {
    @Test func aFullBatchIsWrittenAtOnceNotAtTheNextTimerTick() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sink-\(UUID().uuidString).sqlite").path
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        let store = try SQLiteStore(path: path)
        try await store.migrate()

        // A timer of an hour: only a full batch can get written during this test.
        let sink = ProbeStoreSink(store: store, flushInterval: 3600, backlogLimit: 50)
        let names = try (0..<50).map { try DNSName("s\($0).sink.test.") }
        sink.deliver([], schedules: names.map { NameSchedule(name: $0, nextDue: 10, lookups: 1, lastLookup: 5) })

        // Generous for a loaded machine, and far below the timer.
        let deadline = Date().addingTimeInterval(60)
        var stored = 0
        while Date() < deadline {
            stored = try await store.allProbeSchedules().count
            if stored == 50 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(stored == 50, "the full batch was not written before the timer")
        #expect(!sink.isBacklogged)

        // Below the limit: held until close().
        sink.deliver([], schedules: [NameSchedule(name: try DNSName("late.sink.test."), nextDue: 10, lookups: 1)])
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await store.allProbeSchedules().count == 50)
        try await sink.close()
        #expect(try await store.allProbeSchedules().count == 51)
        try await store.close()
    }
}
