import DNSWire
import FluxModel
import Foundation
import Ingest
import Pipeline
import Store
import Testing
import TestSupport

/// Ingest of small captures built here: answer sets, unanswered queries, outcomes, clients.
@Suite struct SyntheticIngestTests {
    static let client: [UInt8] = [192, 0, 2, 55]
    static let server: [UInt8] = [198, 51, 100, 53]

    /// Four queries for flux.test from 192.0.2.55; three answered (two with the same address
    /// set in another order), one never; one NXDOMAIN for gone.test.
    static func capture(at path: String) throws {
        var w = PcapWriter()
        let sets = [["192.0.2.1", "192.0.2.2"], ["192.0.2.2", "192.0.2.1"], ["192.0.2.3"]]
        var t = 1_700_000_000.0
        for (i, set) in sets.enumerated() {
            let id = UInt16(100 + i)
            w.udp(try Wire.query("flux.test.", id: id), src: client, sport: 40000, dst: server, dport: 53, time: t)
            w.udp(try Wire.response("FLUX.test.", id: id, addresses: set), src: server, sport: 53, dst: client, dport: 40000, time: t + 0.01)
            t += 1
        }
        w.udp(try Wire.query("flux.test.", id: 999), src: client, sport: 40001, dst: server, dport: 53, time: t)
        w.udp(try Wire.query("gone.test.", id: 7), src: client, sport: 40002, dst: server, dport: 53, time: t + 1)
        w.udp(try Wire.response("gone.test.", id: 7, addresses: [], rcode: .nxDomain), src: server, sport: 53, dst: client,
              dport: 40002, time: t + 1.01)
        try w.write(to: path)
    }

    @Test func answerSetsAreDeduplicatedBySortedAddresses() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let file = scratch.path("flux.pcap")
        try Self.capture(at: file)
        let store = try await scratch.store()
        let summary = try await Tool.ingest([file], into: store)
        let sets = try await store.answerSets(named: DNSName("flux.test."))
        #expect(sets.count == 2)
        let pair = try #require(sets.first { $0.key.addresses.count == 2 })
        #expect(pair.key.addresses == [.v4(IPv4Address("192.0.2.1")!), .v4(IPv4Address("192.0.2.2")!)])
        #expect(pair.count == 2 && pair.lastSeen - pair.firstSeen > 0.9)
        #expect(sets.first { $0.key.addresses.count == 1 }?.count == 1)
        #expect(summary.report.answerSetsInserted == 2)
        let page = try await store.answerSetPage(after: nil, limit: 1)
        #expect(page.answerSets.count == 1 && page.next != nil)
        let rest = try await store.answerSetPage(after: page.next, limit: 10)
        #expect(rest.answerSets.count == 1 && rest.next == nil)
        try await store.close()
    }

    @Test func unansweredQueriesAndOutcomesAreCounted() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let file = scratch.path("flux.pcap")
        try Self.capture(at: file)
        let store = try await scratch.store()
        let summary = try await Tool.ingest([file], into: store)
        #expect(summary.counters.messages == 9)
        #expect(summary.counters.unansweredQueries == 1)
        #expect(summary.counters.observations == 5)
        let outcomes = try await store.outcomes(named: DNSName("gone.test."))
        #expect(outcomes.map(\.key.rcode) == [.nxDomain])
        let run = try #require(try await store.run(id: summary.files[0].run))
        #expect(run.completed && run.position == 9 && run.counters.unansweredQueries == 1)
        try await store.close()
    }

    @Test func clientsAreOffUnlessAskedForAndThenKeptInTheChosenForm() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let file = scratch.path("flux.pcap")
        try Self.capture(at: file)
        let keyFile = scratch.path("client.key")
        let hash = try ClientPrivacy.parse(mode: "hash", keyFile: keyFile)
        let attributes = try FileManager.default.attributesOfItem(atPath: keyFile)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect((attributes[.size] as? NSNumber)?.intValue == 32)

        var seen: [String: [ClientQueryTally]] = [:]
        for (mode, policy) in [("off", ClientPrivacy.off), ("keep", .keep), ("truncate", .truncate), ("hash", hash),
                               ("hash-again", try ClientPrivacy.parse(mode: "hash", keyFile: keyFile))] {
            let store = try SQLiteStore(path: scratch.path("\(mode).sqlite"))
            try await store.migrate()
            _ = try await Tool.ingest([file], into: store, clients: policy)
            seen[mode] = try await store.clientQueries(named: nil)
            try await store.close()
        }
        #expect(seen["off"]?.isEmpty == true)
        #expect(seen["keep"]?.map(\.key.client) == ["192.0.2.55", "192.0.2.55"])
        #expect(seen["keep"]?.first { $0.key.name == (try? DNSName("flux.test.")) }?.count == 4)
        #expect(seen["truncate"]?.map(\.key.client) == ["192.0.2.0/24", "192.0.2.0/24"])
        #expect(seen["truncate"]?.allSatisfy { $0.mode == .truncate } == true)
        let hashed = try #require(seen["hash"]?.first?.key.client)
        #expect(hashed.count == 32 && hashed.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(seen["hash-again"]?.first?.key.client == hashed)  // stable under the same key
        let other = ClientPrivacy.hash(key: Array(repeating: 7, count: 32)).render(.v4(IPv4Address("192.0.2.55")!))
        #expect(other != hashed)
    }
}
