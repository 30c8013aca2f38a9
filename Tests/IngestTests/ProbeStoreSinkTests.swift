import DNSWire
import FluxModel
import Foundation
import Pipeline
@testable import Probe
import Store
import TestSupport
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
        var stored = 0
        _ = try await eventually(within: 60) {
            stored = try await store.allProbeSchedules().count
            return stored == 50
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

    /// Results and their schedule states pass the fold stage (off the prober's loop) and the
    /// writer in order, none lost or doubled, while the sink takes a list every 10 rows and
    /// writes batches one after another: every delivered record is stored once per lookup.
    @Test func resultsAndSchedulesAreFoldedAndWrittenWhole() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sink-\(UUID().uuidString).sqlite").path
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        let store = try SQLiteStore(path: path)
        try await store.migrate()
        let sink = ProbeStoreSink(store: store, flushInterval: 3600, backlogLimit: 10)
        let server = ProbeServer(address: .v4(IPv4Address(127, 0, 0, 1)), port: 5300)
        sink.source(1, Source(kind: .probe, name: "authoritative@127.0.0.1:5300"))
        let ns = try DNSName("ns1.sink.test.")
        let zone = try DNSName("sink.test.")
        // Two rounds over 40 names, delivered 8 lookups at a time: each a name's A answer (its
        // own address) and the zone's NS in authority, which every lookup repeats.
        for round in 1...2 {
            for first in stride(from: 0, to: 40, by: 8) {
                var results: [ProbeResult] = []
                var states: [NameSchedule] = []
                for i in first..<(first + 8) {
                    let name = try DNSName("n\(i).sink.test.")
                    let time = Double(1_000 * round + i)
                    let answer = Observation(name: name, type: .a, data: .a(IPv4Address(192, 0, 2, UInt8(i))), ttl: 300,
                                             section: .answer, time: time, source: 1)
                    let authority = Observation(name: zone, type: .ns, data: .name(ns), ttl: 3600, section: .authority,
                                                time: time, source: 1)
                    results.append(ProbeResult(probedName: name, question: Question(name: name, type: .a), purpose: .target,
                                               server: server, status: .answered(.noError), time: time, rtt: 0.001, attempts: 1,
                                               transport: .udp, authoritative: true, observations: [answer, authority], outcome: nil))
                    states.append(NameSchedule(name: name, nextDue: time + 300, lastTTL: 300, lookups: round, lastLookup: time))
                }
                sink.deliver(results, schedules: states)
            }
            // Full lists are written without waiting for close(): every state of this round
            // arrives (generous for a loaded machine; the timer is an hour).
            var done = 0
            _ = try await eventually(within: 60) {
                done = try await store.allProbeSchedules().filter { $0.lookups == round }.count
                return done == 40
            }
            #expect(done == 40, "round \(round): \(done) of 40 states stored")
        }
        let report = try await sink.close()
        #expect(report.sightingsInserted == 41)                       // 40 A and one NS
        #expect(report.answerSetsInserted == 40)
        let stats = try await store.stats()
        #expect(stats.sightings == 41 && stats.answerSets == 40)
        let nsSighting = try #require(try await store.sightings(named: zone).first { $0.key.type == .ns })
        #expect(nsSighting.count == 80)                                 // every lookup's authority, once
        for i in [0, 17, 39] {
            let name = try DNSName("n\(i).sink.test.")
            #expect(try await store.sightings(named: name).map(\.count) == [2])
            #expect(try await store.answerSets(named: name).map(\.count) == [2])
        }
        let schedules = try await store.allProbeSchedules()
        #expect(schedules.count == 40 && schedules.allSatisfy { $0.lookups == 2 })
        #expect(try await store.sources().first?.counters.messages == 80)
        try await store.close()
    }
}
