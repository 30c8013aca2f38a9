import FluxModel
import Foundation
import Store
import Testing

/// A writer killed with SIGKILL mid-stream must leave a sound database whose recorded
/// progress equals exactly what was committed.
@Suite(.serialized) struct CrashConsistencyTests {
    /// `store-crash-helper`, built beside the test bundle (`swift build` builds it).
    static func helper() throws -> URL {
        var candidates: [URL] = []
        if let exe = Bundle.main.executableURL { candidates.append(exe.deletingLastPathComponent()) }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug"))
        for dir in candidates {
            let url = dir.appendingPathComponent("store-crash-helper")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw StoreError(.io, "store-crash-helper not found near \(candidates.map(\.path)); run `swift build` first")
    }

    /// Starts the helper, waits for `commits` committed batches, then waits `fraction` of the
    /// time the last batch took before killing it: so the kills land at spread-out points
    /// of the write cycle. Returns the last position the helper reported.
    func killMidWrite(path: String, batchSize: Int, commits: Int, fraction: Double) async throws -> Int64 {
        let process = Process()
        process.executableURL = try Self.helper()
        process.arguments = [path, String(batchSize)]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        var seen = 0
        var lastPosition: Int64 = 0
        var pending = ""
        let clock = ContinuousClock()
        var lastCommit = clock.now
        var cycle = Duration.milliseconds(100)
        while seen < commits {
            let data = pipe.fileHandleForReading.availableData
            if data.isEmpty { break }  // helper exited early
            pending += String(decoding: data, as: UTF8.self)
            while let newline = pending.firstIndex(of: "\n") {
                let line = pending[..<newline].split(separator: " ")
                pending = String(pending[pending.index(after: newline)...])
                if line.count == 3, line[0] == "committed" {
                    seen += 1
                    lastPosition = Int64(line[2]) ?? 0
                    if seen > 1 { cycle = lastCommit.duration(to: clock.now) }
                    lastCommit = clock.now
                }
            }
        }
        try await Task.sleep(for: cycle * fraction)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        // Lines printed before the kill but not read yet (a loaded machine reads late).
        pending += String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        for raw in pending.split(separator: "\n") {
            let line = raw.split(separator: " ")
            if line.count == 3, line[0] == "committed" { lastPosition = Int64(line[2]) ?? lastPosition }
        }
        #expect(seen == commits, "helper stopped after \(seen) commits")
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL)
        return lastPosition
    }

    @Test(arguments: [0.1, 0.3, 0.5, 0.7, 0.9])
    func killedWriterLeavesWholeBatchesAndExactProgress(fraction: Double) async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("crash.sqlite").path
            let batchSize = 10_000
            let printed = try await killMidWrite(path: path, batchSize: batchSize, commits: 3, fraction: fraction)
            let store = try SQLiteStore(path: path)
            try await store.migrate()
            #expect(try await store.integrityCheck() == ["ok"])
            let run = try #require(try await store.run(id: 1))
            // At least what the helper reported, at most one batch more (committed, not yet printed).
            #expect(run.position >= printed && run.position <= printed + Int64(batchSize))
            #expect(run.position % Int64(batchSize) == 0)
            #expect(run.batches * Int64(batchSize) == run.position)
            #expect(run.counters.observations == run.position && run.counters.messages == run.position)
            #expect(run.counters.clientQueries == run.position)
            let clients = try await store.clientQueries(named: nil).reduce(0) { $0 + $1.count }
            #expect(Int64(clients) == run.position)
            #expect(try await totalCount(store) == Int(run.position))
            #expect(try await store.stats().observations == run.position)
            try await store.close()
        }
    }
}
