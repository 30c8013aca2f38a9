import DNSWire
import FluxModel
import Foundation
import Store
import Testing

/// `probe_schedules` (migration `v5_probe_schedules`): written with a batch, read by name.
@Suite struct StoreSchedulesTests {
    @Test(arguments: Backend.allCases) func schedulesCommitWithTheBatchAndKeepTheLaterState(_ backend: Backend) async throws {
        try await withStore(backend) { store, _ in
            #expect(try await store.latestProbeLookup() == nil)
            let source = try await store.registerSource(Source(kind: .probe, name: "resolver@127.0.0.1:53"), clientMode: nil)
            var b = SightingBatch()
            b.add(obs("Www.Flux.Example.", source: source))
            b.add(NameSchedule(name: name("Www.Flux.Example."), nextDue: 1_000, lastTTL: 300, lookups: 3, lastLookup: 700))
            b.add(NameSchedule(name: name("www.flux.example."), nextDue: 900, lookups: 2))  // older: dropped in the batch
            b.add(NameSchedule(name: name("b.example."), nextDue: 50, consecutiveFailures: 2, lookups: 1, lastLookup: 40))
            #expect(b.schedules.count == 2)
            try await store.write(b, checkpoint: nil)
            var stored = try await store.allProbeSchedules()
            #expect(stored.map(\.name.description) == ["b.example.", "Www.Flux.Example."])
            #expect(stored[1] == NameSchedule(name: name("www.flux.example."), nextDue: 1_000, lastTTL: 300, lookups: 3, lastLookup: 700))
            #expect(stored[0].consecutiveFailures == 2 && stored[0].lastTTL == nil)
            #expect(try await store.latestProbeLookup() == 700)

            // A late write of an older state, and a name registered again, do not wind back.
            var again = SightingBatch()
            again.add(NameSchedule(name: name("www.flux.example."), nextDue: 2_000, lookups: 2))
            again.add(NameSchedule(name: name("b.example.")))
            again.add(NameSchedule(name: name("c.example.")))
            try await store.write(again, checkpoint: nil)
            stored = try await store.allProbeSchedules()
            #expect(stored.map(\.lookups) == [1, 0, 3])
            #expect(stored[2].nextDue == 1_000)

            // A later state replaces the stored one.
            var later = SightingBatch()
            later.add(NameSchedule(name: name("b.example."), nextDue: 400, lastTTL: 60, lookups: 2, lastLookup: 340))
            try await store.write(later, checkpoint: nil)
            #expect(try await store.latestProbeLookup() == 700)
            #expect(try await store.probeSchedules(after: nil, limit: 1).first?.nextDue == 400)
            #expect(try await store.probeSchedules(after: name("b.example."), limit: 10).map(\.name.description)
                        == ["c.example.", "Www.Flux.Example."])
        }
    }

    @Test(arguments: Backend.allCases) func aFailedBatchWritesNoSchedule(_ backend: Backend) async throws {
        try await withStore(backend) { store, _ in
            var b = SightingBatch()
            b.add(obs("a.example.", source: 42))  // source 42 is not registered: the batch fails
            b.add(NameSchedule(name: name("a.example."), nextDue: 10, lookups: 1))
            let batch = b
            await #expect(throws: StoreError.self) { try await store.write(batch, checkpoint: nil) }
            let left = try await store.allProbeSchedules()
            #expect(left.isEmpty)
        }
    }

    @Test(arguments: Backend.allCases) func schedulesOfNamedNamesIgnoreCaseAndLeaveOutUnknownNames(_ backend: Backend) async throws {
        try await withStore(backend) { store, _ in
            var b = SightingBatch()
            for (i, n) in ["a.example.", "B.example.", "c.example."].enumerated() {
                b.add(NameSchedule(name: name(n), nextDue: Double(100 * (i + 1)), lookups: i + 1))
            }
            try await store.write(b, checkpoint: nil)
            let found = try await store.probeSchedules(named: [name("b.EXAMPLE."), name("c.example."), name("zz.example."), name("c.example.")])
            #expect(found.map { $0.name.description.lowercased() }.sorted() == ["b.example.", "c.example."])
            #expect(found.first { $0.name == name("c.example.") }?.lookups == 3)
            #expect(try await store.probeSchedules(named: []).isEmpty)
        }
    }
}
