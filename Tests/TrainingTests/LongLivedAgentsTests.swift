import Analysis
import DNSWire
import Detection
import FluxModel
import Foundation
import Store
import Testing

/// Flux agents that live for hours or days and serve several names of one zone, as real
/// compromised home machines do (the lab's first flux zones churned agents within hours, and
/// model version 3 learned "a short-lived address is flux" from them: docs/lab.md).
@Suite struct LongLivedAgentsTests {
    static let start: Timestamp = 1_740_787_200

    /// Agent `i`: addresses in 20 /8s, its AS 64500 + i % 20, one of four countries.
    static func agent(_ i: Int) -> IPv4Address {
        IPv4Address(UInt8(80 + i % 20), UInt8(i / 20 + 1), UInt8(i % 7), UInt8(10 + i % 200))
    }

    /// Regression (model version 3, found by `StreamingAnalysisTests`): a registered domain
    /// whose two names are answered by 60 agents each (one lookup every 10 minutes, TTL 60,
    /// agents in 20 ASes), 30 agents shared but seen by the two names five hours apart. Each
    /// name was flagged (0.89) but the registered domain scored 0.19, benign (-2.6 for the
    /// unknown `n_ns_asn`: hand-built sightings carry no NS records; and the merged names'
    /// `address_lifetime_share` of 0.17, which version 3 counted against flux).
    @Test func registeredDomainWhoseNamesReuseAgentsHoursApartIsFlagged() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("long-lived-\(UUID().uuidString).sqlite").path
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        let store = try SQLiteStore(path: path)
        try await store.migrate()
        let source = try await store.registerSource(Source(kind: .probe, name: "hand-built"), clientMode: nil)
        var batch = SightingBatch()
        for (name, agents) in [("a.flux-one.test.", 0..<60), ("b.flux-one.test.", 30..<90)] {
            for (k, i) in agents.enumerated() {
                batch.add(Observation(name: try DNSName(name), type: .a, data: .a(Self.agent(i)), ttl: 60, section: .answer,
                                      time: Self.start + Double(k) * 600, source: source))
            }
        }
        try await store.write(batch, checkpoint: nil)
        try await store.upsertAddressInfo((0..<90).map {
            AddressInfoRecord(address: .v4(Self.agent($0)), asn: UInt32(64_500 + $0 % 20), country: ["DE", "FR", "US", "BR"][$0 % 4],
                              enrichedAt: Self.start)
        })
        let evidence = try await Analysis(publicSuffixes: PublicSuffixList(text: "test\n")).evidence(from: store)
        try await store.close()
        let verdicts = Analysis.classify(evidence, models: [try FluxScopeModel.bundled()])
        let byDomain = Dictionary(uniqueKeysWithValues: verdicts.map { ("\($0.level.rawValue) \($0.domain)", $0) })
        let zone = try #require(byDomain["registered flux-one.test."])
        let lifetime = try #require(zone.features[.addressLifetimeShare])
        #expect(lifetime > 0.1, "the scenario no longer reuses agents hours apart: \(lifetime)")
        for key in ["fqdn a.flux-one.test.", "fqdn b.flux-one.test.", "registered flux-one.test."] {
            let v = try #require(byDomain[key])
            #expect(v.verdict == .fastFlux, "\(key): \(v.verdict.rawValue) score \(v.score); \(v.evidence.prefix(5).map { "\($0.name) \($0.contribution ?? .nan)" })")
        }
    }
}
