import DNSWire
import FluxModel
import Foundation
import Store
import Testing

@Suite struct StoreAnswerSetsTests {
    func set(_ owner: String, _ addresses: [UInt32], at time: Timestamp, type: RecordType = .a) -> AnswerSet {
        AnswerSet(name: name(owner), type: type, addresses: addresses.map { .v4(IPv4Address($0)) }, time: time, source: 1)
    }

    @Test(arguments: Backend.allCases) func migrationV2IsAppliedAfterV1(_ backend: Backend) async throws {
        try await withStore(backend) { store, _ in
            let applied = try await appliedMigrations(store)
            #expect(applied.prefix(2) == ["v1", "v2_answer_sets"])
        }
    }

    @Test(arguments: Backend.allCases) func answerSetsMergeAcrossBatchesAndReportNewVersusUpdated(_ backend: Backend) async throws {
        try await withStore(backend) { store, _ in
            let source = try await store.registerSource(Source(kind: .pcap, name: "s"), clientMode: nil)
            #expect(source == 1)
            var b = SightingBatch()
            b.add(set("Flux.Example.", [3, 1, 2], at: 10))
            b.add(set("flux.example.", [1, 2, 3, 3], at: 12))
            b.add(set("flux.example.", [9], at: 11))
            b.add(obs("flux.example."))
            let first = try await store.write(b, checkpoint: nil)
            #expect(first == WriteReport(sightingsInserted: 1, sightingsUpdated: 0, answerSetsInserted: 2, answerSetsUpdated: 0))

            var c = SightingBatch()
            c.add(set("FLUX.example.", [2, 3, 1], at: 5))
            c.add(set("other.example.", [1], at: 5))
            c.add(obs("flux.example."))
            let second = try await store.write(c, checkpoint: nil)
            #expect(second == WriteReport(sightingsInserted: 0, sightingsUpdated: 1, answerSetsInserted: 1, answerSetsUpdated: 1))

            let sets = try await store.answerSets(named: name("flux.EXAMPLE."))
            #expect(sets.count == 2)
            let three = try #require(sets.first { $0.key.addresses.count == 3 })
            #expect(three.key.addresses == [1, 2, 3].map { IPAddress.v4(IPv4Address($0)) })
            #expect(three.count == 3 && three.firstSeen == 5 && three.lastSeen == 12)
            #expect(try await store.stats().answerSets == 3)
        }
    }

    @Test(arguments: Backend.allCases) func pagedScanVisitsEverySetOnceInNameOrder(_ backend: Backend) async throws {
        try await withStore(backend) { store, _ in
            var b = SightingBatch()
            for i in 0..<25 { b.add(set("n\(i % 7).example.", [UInt32(i)], at: Double(i))) }
            try await store.write(b, checkpoint: nil)
            var seen: [AnswerSetTally] = []
            var cursor: AnswerSetCursor?
            repeat {
                let page = try await store.answerSetPage(after: cursor, limit: 4)
                seen += page.answerSets
                cursor = page.next
            } while cursor != nil
            #expect(seen.count == 25)
            let names = seen.map { $0.key.name.description }
            #expect(names == names.sorted())
        }
    }

    @Test(arguments: Backend.allCases) func beginRunAgainPassesOverCompletedRunsButResumesInterruptedOnes(_ backend: Backend) async throws {
        try await withStore(backend) { store, dir in
            let url = dir.appendingPathComponent("f.pcap")
            try Data(repeating: 1, count: 1000).write(to: url)
            let file = try FileIdentity(contentsOf: url.path)
            let source = try await store.registerSource(Source(kind: .pcap, name: "s"), clientMode: nil)
            let first = try await store.beginRun(source: source, file: file, clientMode: nil, at: 1)
            try await store.finishRun(first.run.id, at: 2)
            guard case .alreadyIngested = try await store.beginRun(source: source, file: file, clientMode: nil, at: 3) else {
                Issue.record("expected alreadyIngested")
                return
            }
            let again = try await store.beginRun(source: source, file: file, clientMode: nil, at: 4, again: true)
            guard case .fresh(let forced) = again else { Issue.record("expected a fresh run, got \(again)"); return }
            #expect(forced.id != first.run.id)
            let resumed = try await store.beginRun(source: source, file: file, clientMode: nil, at: 5, again: true)
            guard case .resume(let r) = resumed else { Issue.record("expected resume, got \(resumed)"); return }
            #expect(r.id == forced.id)
        }
    }
}
