import DNSWire
import Detection
import Foundation
import Lab
import Testing
import TestSupport
import Training

/// Name-server hosts of a double-flux zone that a prober looked up only a few times (the host
/// was in the zone's NS set for a short while, or the prober fell behind): in one of three CI
/// runs of `LabEndToEndTests` the prober asked `ns9.pharma-double.lab.` 3 times and model
/// version 3 scored it 0.474. Here the built-in world is sampled in process with lookups 96
/// times further apart than the TTLs ask, so that several NS hosts get 1 to 4 lookups: from 2
/// lookups on they must be flagged, with 1 the verdict is `insufficient-data` (one lookup only).
@Suite(.enabled(if: LabWorlds.available, "needs libloc-database and publicsuffix (scripts/setup.sh)"))
struct SparseNameServerTests {
    @Test func doubleFluxNameServerHostsWithFewLookupsAreFlagged() async throws {
        let examples = try await offPool {
            var sampler = LabSampler(world: try LabWorld(scenario: .standard))
            sampler.spacing = 96
            return sampler.examples(enricher: try LabWorlds.enricher(), psl: try PublicSuffixList.load())
        }
        let model = try FluxScopeModel.bundled()
        let doubleFlux = examples.filter { $0.kind == .doubleFlux }
        let verdicts = doubleFlux.map { model.classify(FeatureExtractor.extract($0.evidence), evidence: $0.evidence) }
        let sparse = verdicts.filter { $0.level == .fqdn && $0.domain.description.hasPrefix("ns") && ($0.features[.lookups] ?? 0) < 5 }
        #expect(sparse.filter { ($0.features[.lookups] ?? 0) >= 2 }.count >= 3,
                "fewer than 3 NS hosts with 2-4 lookups: the test no longer covers the sparse case")
        for v in verdicts {
            let said = "\(v.level.rawValue) \(v.domain): \(v.verdict.rawValue) score \(v.score), lookups \(v.features[.lookups] ?? -1)"
            if (v.features[.lookups] ?? 0) < 2 {
                // One lookup shows no rotation: the verdict says so rather than guess.
                #expect(v.verdict == .insufficientData && v.reason != nil, "\(said)")
            } else {
                #expect(v.verdict.isFlux, "\(said)")
            }
        }
        print("sparse NS hosts: \(sparse.map { "\($0.domain) lookups \(Int($0.features[.lookups] ?? 0)) \($0.verdict.rawValue) \(String(format: "%.3f", $0.score))" }.joined(separator: "; "))")
    }
}
