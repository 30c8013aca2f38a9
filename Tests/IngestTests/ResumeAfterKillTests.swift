import DNSWire
import FluxModel
import Foundation
import Store
import Testing
import TestSupport

/// A `fluxscope ingest` child killed with SIGKILL mid-run leaves whole batches only, and the
/// next run resumes after them: every observation ends up counted exactly once.
@Suite(.serialized) struct ResumeAfterKillTests {
    /// 30,000 exchanges of distinct names, 3 addresses each: 60,000 messages, 90,000
    /// observations, 120,000 distinct keys (sightings + answer sets).
    static func bigCapture(at path: String) throws -> (messages: Int, observations: Int) {
        var w = PcapWriter()
        let client: [UInt8] = [10, 1, 2, 3], server: [UInt8] = [10, 0, 0, 53]
        let n = 30_000
        for i in 0..<n {
            let name = "host\(i).flux.test."
            let id = UInt16(truncatingIfNeeded: i)
            let base = "10.\(i % 200).\((i / 200) % 250)."
            let t = 1_700_000_000 + Double(i) * 0.001
            w.udp(try Wire.query(name, id: id), src: client, sport: UInt16(20000 + i % 1000), dst: server, dport: 53, time: t)
            w.udp(try Wire.response(name, id: id, addresses: [base + "1", base + "2", base + "3"]),
                  src: server, sport: 53, dst: client, dport: UInt16(20000 + i % 1000), time: t + 0.0005)
        }
        try w.write(to: path)
        return (2 * n, 3 * n)
    }

    @Test func killedIngestResumesAfterTheLastCommittedBatch() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let file = scratch.path("big.pcap")
        let expected = try Self.bigCapture(at: file)
        let log = scratch.path("first.log")
        // The child kills itself with SIGKILL right after its 7th commit: as abrupt as kill -9
        // from outside, and independent of how loaded the machine is. (Kills in the middle of
        // a write are StoreTests' CrashConsistencyTests.)
        let child = try ChildProcess(Tool.fluxscope, ["ingest", file, "--db", scratch.url, "--batch-size", "300",
                                                      "--kill-after-batches", "7"], output: log)
        #expect(child.wait(timeout: 300) == 128 + SIGKILL, "the ingest ended before it could be killed")

        let store = try await scratch.store()
        #expect(try await store.integrityCheck() == ["ok"])
        let killed = try #require(try await store.run(id: 1))
        #expect(!killed.completed && killed.position > 0 && killed.position < Int64(expected.messages))
        // Whole batches only: the counters committed with the position match the rows.
        var stored = 0
        for try await s in store.allSightings() { stored += s.count }
        #expect(Int64(stored) == killed.counters.observations)
        #expect(killed.counters.messages == killed.position)
        try await store.close()

        let second = try await TestEnvironment.run(Tool.fluxscope, ["ingest", file, "--db", scratch.url, "--batch-size", "300"], timeout: 300)
        #expect(second.status == 0, "\(second.output)")
        #expect(second.output.contains("resuming run 1 after record \(killed.position)"))

        let after = try await scratch.store()
        let run = try #require(try await after.run(id: 1))
        #expect(run.completed && run.position == Int64(expected.messages))
        #expect(run.counters.messages == Int64(expected.messages))
        #expect(run.counters.observations == Int64(expected.observations))
        var total = 0, rows = 0
        for try await s in after.allSightings() {
            total += s.count
            rows += 1
            #expect(s.count == 1, "\(s.key.name) counted \(s.count) times")
        }
        #expect(total == expected.observations && rows == expected.observations)
        #expect(try await after.stats().answerSets == expected.messages / 2)
        try await after.close()
    }
}
