import Analysis
import DNSWire
import Detection
import FluxModel
import Foundation
import Store
import Testing

/// Flux network ids kept in the store across analysis runs (`AnalysisResult.keepingNetworkIDs`,
/// which `fluxscope networks`, `export`, `report` and the server all use), on hand-built
/// sightings: fast-flux names answered by agents in 20 ASNs with TTL 60.
@Suite struct NetworkIDTests {
    static let start: Timestamp = 1_740_787_200

    static func agent(_ i: Int) -> IPAddress { IPAddress("\(80 + i % 20).\(i / 20 + 1).\(i % 7).\(10 + i % 200)")! }

    /// Writes A sightings of `name` for agents `range` (one every 10 minutes) and enriches them.
    /// Adds one lookup per agent of `range`, ten minutes apart from `start`; with
    /// `atAgentTimes` agent `i` is seen at `start + i * 600` whichever name it answers for, so
    /// names sharing agents share them at the same moments.
    static func add(_ name: String, agents range: Range<Int>, to store: SQLiteStore, source: SourceID,
                    atAgentTimes: Bool = false) async throws {
        var batch = SightingBatch()
        for (k, i) in range.enumerated() {
            guard case .v4(let a) = agent(i) else { continue }
            batch.add(Observation(name: try DNSName(name), type: .a, data: .a(a), ttl: 60, section: .answer,
                                  time: start + Double(atAgentTimes ? i : k) * 600, source: source))
        }
        try await store.write(batch, checkpoint: nil)
        try await store.upsertAddressInfo(range.map {
            AddressInfoRecord(address: agent($0), asn: UInt32(64_500 + $0 % 20), country: ["DE", "FR", "US", "BR"][$0 % 4], enrichedAt: start)
        })
    }

    static func run(_ store: SQLiteStore, at time: Timestamp) async throws -> [String: String] {
        let evidence = try await Analysis().evidence(from: store)
        let result = try await AnalysisResult.keepingNetworkIDs(evidence: evidence, model: try FluxScopeModel.bundled(), store: store, at: time)
        return Dictionary(uniqueKeysWithValues: result.networkOf.map { ($0.key.description, $0.value) })
    }

    @Test func idsGrowWithTheNetworkNewNetworksGetNewIDsAndMergesKeepTheOlder() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("netids-\(UUID().uuidString).sqlite").path
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        let store = try SQLiteStore(path: path)
        try await store.migrate()
        let source = try await store.registerSource(Source(kind: .probe, name: "hand-built"), clientMode: nil)

        try await Self.add("a.flux-one.test.", agents: 0..<60, to: store, source: source)
        let first = try await Self.run(store, at: 100)
        let idA = try #require(first["a.flux-one.test."])

        // The network grows by a name sharing 30 agents; an unrelated network appears.
        try await Self.add("0.flux-one.test.", agents: 30..<90, to: store, source: source)
        try await Self.add("c.flux-two.test.", agents: 200..<260, to: store, source: source)
        let second = try await Self.run(store, at: 200)
        #expect(second["a.flux-one.test."] == idA)
        #expect(second["0.flux-one.test."] == idA)
        let idC = try #require(second["c.flux-two.test."])
        #expect(idC != idA)

        // A bridge name shares agents with both: one network, the older id (A's) survives.
        try await Self.add("bridge.flux-three.test.", agents: 70..<90, to: store, source: source)
        try await Self.add("bridge.flux-three.test.", agents: 220..<240, to: store, source: source)
        let third = try await Self.run(store, at: 300)
        #expect(Set(third.values) == [idA])
        #expect(third.count == 4)
        let remembered = try await store.networkMemberships()
        #expect(remembered.map(\.id) == [idA])
        #expect(remembered.first?.createdAt == 100)
        // C's id was retired by the merge: it leads to the network that took its domain.
        #expect(try await store.networkSuccessors() == [idC: idA])
        #expect(try await store.networkSuccessor(of: idC) == idA)
        #expect(try await store.networkSuccessor(of: idA) == nil)
        try await store.close()
    }
}
