import Analysis
import DNSWire
import Detection
import Enrichment
import Foundation
import Lab
import Pipeline
import Store
import Testing

/// Every class of the built-in lab world, judged end to end as `fluxscope demo` does it: the
/// lab's authoritative server on 127.0.0.1, the real prober over UDP (TCP on truncation) for
/// three simulated days at the lab's time scale (about a minute), the SQLite store, libloc
/// enrichment, analysis and the bundled FluxScope model.
@Suite(.serialized, .enabled(if: LabWorlds.available, "needs libloc-database and publicsuffix (scripts/setup.sh)"))
struct LabEndToEndTests {
    @Test func everyLabClassGetsItsVerdictThroughTheRealProber() async throws {
        let world = try LabWorld(scenario: .standard)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fluxscope-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteStore(path: dir.appendingPathComponent("lab.sqlite").path)
        try await store.migrate()
        let summary = try await LabProbe(world: world).run(into: store)
        #expect(summary.counters.answered > 1_000, "the prober barely reached the lab: \(summary.counters)")
        _ = try await AddressEnrichment(enricher: try LabWorlds.enricher()).run(store: store)
        let evidence = try await Analysis(publicSuffixes: try PublicSuffixList.load()).evidence(from: store)
        try await store.close()

        let truth = LabTruth(world)
        let model = try FluxScopeModel.bundled()
        var rows: [(kind: DomainClass, verdict: Verdict)] = []
        for v in Analysis.classify(evidence, models: [model]) {
            if let kind = truth.kind(of: v.domain) { rows.append((kind, v)) }
        }
        for kind in DomainClass.allCases {
            let mine = rows.filter { $0.kind == kind }
            let counts = Dictionary(grouping: mine, by: { "\($0.verdict.level.rawValue) \($0.verdict.verdict.rawValue)" }).mapValues(\.count)
            print("lab e2e \(kind): \(counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))")
        }
        let byClass = LabWorlds.flaggedByClass(rows)
        for kind in DomainClass.allCases {
            let total = byClass[kind]?.total ?? 0
            #expect(total > 0, "no verdict for \(kind): the lab class was not probed")
        }
    }
}
