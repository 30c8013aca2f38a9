import DNSWire
import FluxModel
import Foundation
import Pipeline
import Probe
import Store
import Testing

/// `ProbeResume` reads a probe's names a chunk at a time (so `probe --db` holds a chunk, not
/// the list): every name given is handed to the prober once with its stored state (or a fresh
/// one, written by nobody until its lookup), bad lines are reported once, each chunk comes
/// most overdue first, and `register` (after a stopped run) stores the names still unknown.
@Suite struct ProbeResumeChunkTests {
    static func withStore(_ body: (SQLiteStore) async throws -> Void) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("resume-chunks-\(UUID().uuidString).sqlite").path
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        let store = try SQLiteStore(path: path)
        try await store.migrate()
        try await body(store)
        try await store.close()
    }

    /// Every entry the source hands out, in order, read on a thread of its own as the prober
    /// does (on its event loop): the iterator blocks while a chunk is fetched by a task, which
    /// must not wait for a cooperative thread that the iterator itself holds.
    static func drain(_ source: StoredNames) async throws -> [NameSchedule] {
        let (handed, issues) = try await drainWithIssues(source)
        #expect(issues.isEmpty, "unexpected \(issues)")
        return handed
    }

    static func drainWithIssues(_ source: StoredNames) async throws -> ([NameSchedule], [InputIssue]) {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try drainHere(source) })
            }
        }
    }

    static func drainHere(_ source: StoredNames) throws -> ([NameSchedule], [InputIssue]) {
        var iterator = try source.makeIterator()
        var out: [NameSchedule] = []
        var issues: [InputIssue] = []
        while let entry = iterator.next() {
            switch entry {
            case .success(let s): out.append(s)
            case .failure(let issue): issues.append(issue)
            }
        }
        return (out, issues)
    }

    @Test func aFileIsRegisteredAndHandedOutChunkByChunkWithItsStoredStates() async throws {
        try await Self.withStore { store in
            // 25 names: n1 twice in the first chunk, n7 again in the last; n16 in upper case;
            // two bad lines (5 and 11) and a comment.
            var lines = ["# list"] + (0..<25).map { "n\($0).chunk.test" } + ["n7.chunk.test ; again"]
            lines.insert("bad..name", at: 4)
            lines.insert("n1.chunk.test", at: 5)
            lines.insert("two fields", at: 10)
            lines[20] = lines[20].uppercased()
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("names-\(UUID().uuidString).txt").path
            defer { try? FileManager.default.removeItem(atPath: file) }
            try lines.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)

            // Five names already have states: due at different times, some looked up.
            var batch = SightingBatch()
            for (i, due) in [(3, 500.0), (8, 100.0), (12, 300.0), (13, 50.0), (24, 10.0)] {
                batch.add(NameSchedule(name: try DNSName("n\(i).chunk.test."), nextDue: due, lookups: 2, lastLookup: due - 60 + Double(i)))
            }
            // A stored name not in the list is not probed.
            batch.add(NameSchedule(name: try DNSName("other.chunk.test."), nextDue: 1, lookups: 1, lastLookup: 9_000))
            try await store.write(batch, checkpoint: nil)

            let resume = ProbeResume(store: store, names: .file(file), chunkSize: 7)
            #expect(try resume.expectedNames() == 30)
            // The clock starts at the latest stored lookup when that is ahead of the wall clock.
            #expect(try await resume.clockOrigin(wallNow: 100) == 9_000)
            #expect(try await resume.clockOrigin(wallNow: 10_000) == 10_000)
            let source = resume.source()
            let (handed, issues) = try await Self.drainWithIssues(source)
            #expect(issues.map(\.line) == [5, 11])
            // Handing out writes nothing: a new name is first stored with its lookup's state.
            #expect(try await store.allProbeSchedules().count == 6)
            #expect(source.counts.resumed == 5 && source.counts.fresh == 21)
            // Every name once, except n7, given in two different chunks of 7 (n1's second
            // line falls in its own chunk and is merged).
            let names = handed.map { $0.name.lowercased.description }
            #expect(Set(names).count == 25 && !names.contains("other.chunk.test."))
            #expect(names.count == 26 && names.filter { $0 == "n7.chunk.test." }.count == 2)
            #expect(handed.first { $0.name == (try! DNSName("n13.chunk.test.")) }?.lookups == 2)
            #expect(handed.first { $0.name == (try! DNSName("n14.chunk.test.")) }?.lookups == 0)
            // Within each chunk of 7 names read (6 handed out of the first, n1 merged), the most
            // overdue first; the chunks in file order.
            for range in [0..<6, 6..<13, 13..<20, 20..<26] {
                let dues = handed[range].map(\.nextDue)
                #expect(dues == dues.sorted(), "\(dues)")
            }
            #expect(handed[6..<13].suffix(2).map(\.name) == [try DNSName("n8.chunk.test."), try DNSName("n12.chunk.test.")])
            #expect(handed[0..<6].last?.name == (try DNSName("n3.chunk.test.")))
            // After a stopped run: every name still unknown is stored, due at once (n7 is
            // counted again in the last chunk: registered in the second, stored by then).
            var registerIssues: [InputIssue] = []
            let registration = try await resume.register { registerIssues.append($0) }
            #expect(registerIssues.map(\.line) == [5, 11])
            #expect(registration.resumed == 6 && registration.registered == 20)
            #expect(try await store.allProbeSchedules().count == 26)
            #expect(try await store.probeSchedules(named: [try DNSName("n14.chunk.test.")]) == [NameSchedule(name: try DNSName("n14.chunk.test."))])
            // A second registration finds every name stored, and registers none.
            let again = try await resume.register { _ in }
            #expect(again.resumed == 26 && again.registered == 0)
        }
    }

    @Test func withoutNamesEveryStoredNameIsHandedOutPageByPage() async throws {
        try await Self.withStore { store in
            var batch = SightingBatch()
            for i in 0..<23 { batch.add(NameSchedule(name: try DNSName("s\(i).chunk.test."), nextDue: Double(100 - i), lookups: 1)) }
            try await store.write(batch, checkpoint: nil)
            let resume = ProbeResume(store: store, names: .stored, chunkSize: 5)
            let source = resume.source()
            let handed = try await Self.drain(source)
            #expect(Set(handed.map(\.name)).count == 23 && handed.count == 23)
            #expect(source.counts.resumed == 23 && source.counts.fresh == 0)
            #expect(try resume.expectedNames() == 0)
            // Nothing to register: every name is stored.
            let registration = try await resume.register { Issue.record("no issue expected: \($0)") }
            #expect(registration.resumed == 0 && registration.registered == 0)
        }
    }
}
