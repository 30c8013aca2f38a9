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
    // Model version 2 (a logistic regression) flagged 3-4 of the 7 ntp-pool FQDNs here when
    // the prober fell behind the lab's 5000x clock (the debug test build on a loaded 2-core
    // machine sent about 25k queries in the 3 simulated days; a release `fluxscope demo`
    // about 480k); the test carried that class as a known issue. Version 3 (boosted stumps,
    // docs/lab.md) is held to every class, and the lab's clock now waits for a prober that
    // falls behind (`ProbePace`), so a loaded machine takes longer instead of sampling less.

    @Test func everyLabClassGetsItsVerdictThroughTheRealProber() async throws {
        let world = try LabWorld(scenario: .standard)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fluxscope-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteStore(path: dir.appendingPathComponent("lab.sqlite").path)
        try await store.migrate()
        // The lab's clock may wait for the prober up to 8 times (a debug build on a loaded
        // machine falls behind the 5000x clock; CI once saw 68 lookups of a TTL-150 name in
        // three simulated days, where the TTLs ask for 1,728).
        var probe = LabProbe(world: world)
        probe.maxSlowdown = 8
        let summary = try await probe.run(into: store)
        #expect(summary.counters.answered > 1_000, "the prober barely reached the lab: \(summary.counters)")
        print("lab e2e probe: \(summary.counters.sent) queries, \(summary.counters.answered) answered in \(Int(summary.counters.elapsed)) s, the clock slowed up to \(String(format: "%.2f", summary.slowdown))x")
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
            // The margin: the highest score of a benign class, the lowest of a flux class.
            let scores = mine.map(\.verdict.score)
            let edge = (kind.isFlux ? scores.min() : scores.max()).map { String(format: "%.3f", $0) } ?? "-"
            print("lab e2e \(kind): \(counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")); \(kind.isFlux ? "lowest" : "highest") score \(edge)")
            // Each wrong verdict, with what the model saw, so that a failure in CI explains itself.
            for (_, v) in mine where v.verdict.isFlux != (kind == .fastFlux || kind == .doubleFlux) {
                let shown: [Feature] = [.distinctAddresses, .distinctASNs, .lookups, .ttlMedian, .reseenShare, .freshAddressRate]
                let values = shown.map { f in "\(f.name)=\(v.features[f].map { String(format: "%.2f", $0) } ?? "?")" }
                let top = v.evidence.filter { $0.contribution != nil }.sorted { abs($0.contribution!) > abs($1.contribution!) }.prefix(12)
                    .map { "\($0.name) \(String(format: "%+.2f", $0.contribution!))" }
                print("lab e2e \(kind) misjudged: \(v.domain) \(v.level.rawValue) \(v.verdict.rawValue) score \(String(format: "%.3f", v.score)) \(values.joined(separator: " ")); weighed most: \(top.joined(separator: ", "))")
            }
        }
        // "Correct", per class (flagged = a fast-flux or double-flux verdict):
        // - fast flux: every zone (registered domain) flagged, and every FQDN but at most one
        //   (a wildcard sample answered by few agents can look like a small pool); the static
        //   name servers of these zones have no class (LabWorld.unclassifiedNames);
        // - double flux: every FQDN and zone flagged, and every zone named double flux;
        // - every benign look-alike: nothing flagged, at either level (each false positive
        //   is a real site blocked).
        for kind in DomainClass.allCases {
            let mine = rows.filter { $0.kind == kind }
            let fqdns = mine.filter { $0.verdict.level == .fqdn }, zones = mine.filter { $0.verdict.level == .registered }
            let flaggedFQDNs = fqdns.filter { $0.verdict.verdict.isFlux }.count
            let flaggedZones = zones.filter { $0.verdict.verdict.isFlux }.count
            #expect(!fqdns.isEmpty && !zones.isEmpty, "\(kind): no verdict at one level: the class was not probed")
            switch kind {
            case .fastFlux:
                #expect(flaggedZones == zones.count, "fast flux: \(flaggedZones) of \(zones.count) zones flagged")
                #expect(flaggedFQDNs + 1 >= fqdns.count, "fast flux: \(flaggedFQDNs) of \(fqdns.count) FQDNs flagged")
            case .doubleFlux:
                // A name-server host the loaded prober looked up fewer than 5 times can miss
                // (seen once in three fresh-clone CI runs: ns9.pharma-double.lab. after 3
                // lookups scored 0.474); such a miss is recorded as a known issue of model
                // version 3 (docs/lab.md), every other FQDN and every zone must be flagged.
                let sparse = fqdns.filter { !$0.verdict.verdict.isFlux && ($0.verdict.features[.lookups] ?? 0) < 5 }
                #expect(flaggedFQDNs + sparse.count == fqdns.count && flaggedZones == zones.count)
                #expect(zones.allSatisfy { $0.verdict.verdict == .doubleFlux })
                if !sparse.isEmpty {
                    withKnownIssue("model v3 misses \(sparse.count) double-flux FQDN(s) with under 5 lookups", isIntermittent: true) {
                        #expect(sparse.isEmpty)
                    }
                }
            default:
                #expect(flaggedFQDNs == 0 && flaggedZones == 0,
                        "\(kind): \(flaggedFQDNs) of \(fqdns.count) FQDNs and \(flaggedZones) of \(zones.count) zones flagged as flux")
            }
        }
    }
}
