import DNSWire
import FluxModel
import Foundation
import Store
import Testing

@Suite struct StoreRunsTests {
    /// Writes a small capture-like file and returns its identity.
    func makeFile(_ dir: URL, _ name: String, bytes: Int = 3 << 20, seed: UInt8 = 7) throws -> FileIdentity {
        let url = dir.appendingPathComponent(name)
        try Data((0..<bytes).map { UInt8(truncatingIfNeeded: $0 * 31) &+ seed }).write(to: url)
        return try FileIdentity(contentsOf: url.path)
    }

    func batch(_ range: Range<Int>, source: SourceID) -> SightingBatch {
        var b = SightingBatch()
        for i in range { b.add(obs("h\(i).example.", .a, .a(IPv4Address(UInt32(i))), source: source)) }
        b.tally(IngestCounters(messages: Int64(range.count)), for: source)
        return b
    }

    @Test(arguments: Backend.allCases) func completedFileIsReportedAsAlreadyIngested(_ backend: Backend) async throws {
        try await withStore(backend) { store, dir in
            let source = try await store.registerSource(Source(kind: .pcap, name: "sensor"), clientMode: .truncate)
            let file = try makeFile(dir, "day1.pcap")
            let start = try await store.beginRun(source: source, file: file, clientMode: .truncate, at: 10)
            guard case .fresh(let run) = start else { Issue.record("expected a fresh run, got \(start)"); return }
            try await store.write(batch(0..<50, source: source), checkpoint: RunCheckpoint(run: run.id, position: 4096))
            try await store.finishRun(run.id, at: 20)

            let again = try await store.beginRun(source: source, file: try FileIdentity(contentsOf: file.path),
                                                 clientMode: .truncate, at: 30)
            guard case .alreadyIngested(let done) = again else { Issue.record("expected done, got \(again)"); return }
            #expect(done.id == run.id && done.completed && done.position == 4096 && done.finishedAt == 20)
            #expect(done.file == file && done.clientMode == .truncate)
            #expect(done.counters == IngestCounters(messages: 50, observations: 50))

            // A moved file keeps its identity; a changed one does not.
            var moved = file
            moved.path = "/elsewhere/day1.pcap"
            guard case .alreadyIngested = try await store.beginRun(source: source, file: moved, clientMode: nil, at: 31) else {
                Issue.record("a moved file should still be done"); return
            }
            let other = try makeFile(dir, "day2.pcap", seed: 8)
            guard case .fresh(let second) = try await store.beginRun(source: source, file: other, clientMode: nil, at: 32) else {
                Issue.record("a different file needs a fresh run"); return
            }
            #expect(second.id != run.id)
            // Writing to a finished run is refused and writes nothing.
            await #expect(throws: StoreError.self) {
                try await store.write(batch(100..<110, source: source), checkpoint: RunCheckpoint(run: run.id, position: 9999))
            }
            #expect(try await store.stats().sightings == 50)
        }
    }

    @Test(arguments: Backend.allCases) func interruptedRunResumesAtCommittedPosition(_ backend: Backend) async throws {
        try await withStore(backend) { store, dir in
            let source = try await store.registerSource(Source(kind: .pcap, name: "sensor"), clientMode: nil)
            let file = try makeFile(dir, "big.pcap", bytes: 100_000)
            let run = try await store.beginRun(source: source, file: file, clientMode: nil, at: 1).run
            try await store.write(batch(0..<10, source: source), checkpoint: RunCheckpoint(run: run.id, position: 1000))
            try await store.write(batch(10..<25, source: source), checkpoint: RunCheckpoint(run: run.id, position: 2500))
            // (process dies here: no finishRun)
            let start = try await store.beginRun(source: source, file: file, clientMode: nil, at: 2)
            guard case .resume(let resumed) = start else { Issue.record("expected resume, got \(start)"); return }
            #expect(resumed.id == run.id && !resumed.completed)
            #expect(resumed.position == 2500 && resumed.batches == 2)
            #expect(resumed.counters.observations == 25 && resumed.counters.messages == 25)
            #expect(try await totalCount(store) == 25)
            try await store.write(batch(25..<30, source: source), checkpoint: RunCheckpoint(run: run.id, position: 3000))
            try await store.finishRun(run.id, at: 3)
            let finished = try #require(try await store.run(id: run.id))
            #expect(finished.completed && finished.position == 3000 && finished.counters.observations == 30)
        }
    }

    @Test(arguments: Backend.allCases) func liveRunsAreAlwaysFresh(_ backend: Backend) async throws {
        try await withStore(backend) { store, _ in
            let source = try await store.registerSource(Source(kind: .live, name: "eth0"), clientMode: nil)
            let a = try await store.beginRun(source: source, file: nil, clientMode: nil, at: 1)
            let b = try await store.beginRun(source: source, file: nil, clientMode: nil, at: 2)
            guard case .fresh(let ra) = a, case .fresh(let rb) = b else { Issue.record("live runs must be fresh"); return }
            #expect(ra.id != rb.id && ra.file == nil)
            await #expect(throws: StoreError.self) {
                _ = try await store.beginRun(source: 999, file: nil, clientMode: nil, at: 3)
            }
        }
    }
}
