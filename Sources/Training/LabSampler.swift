import DNSWire
import Detection
import Enrichment
import FluxModel
import Foundation
import Ingest
import Lab

/// Probes a lab world in process (no sockets: `LabWorld.answer`) the way the prober does,
/// each name again when its TTL runs out, and turns what it saw into labelled evidence.
/// Used by `fluxscope train` and the model tests; `fluxscope demo` probes over real UDP.
public struct LabSampler: Sendable {
    public var world: LabWorld
    /// Simulated time probed, in seconds.
    public var duration: Double = 3 * 86_400
    /// Lookups of a name are spaced by its TTL, within these bounds (seconds).
    public var minInterval: Double = 60
    public var maxInterval: Double = 3_600
    /// How much later than its TTL asks each lookup comes: 1 for a prober that keeps up; more
    /// for one that falls behind (a rate limit, a long watchlist, a slow build), which sees
    /// fewer lookups per name and fewer of a pool's rotations.
    public var spacing: Double = 1

    /// Creates a sampler.
    public init(world: LabWorld) { self.world = world }

    /// One labelled domain: its evidence and the lab's class.
    public struct Example: Sendable {
        public var evidence: DomainEvidence
        public var kind: DomainClass
    }

    /// Probes every name of the world and returns FQDN and registered-domain examples.
    public func examples(enricher: Enricher, psl: PublicSuffixList) -> [Example] {
        var sink = CollectingSink()
        var builder = EvidenceBuilder()
        let start = world.scenario.start
        for name in world.probeDomains() {
            var t = 0.0
            while t < duration {
                let now = start.addingTimeInterval(t)
                let response = world.answer(Question(name: name, type: .a), at: now)
                MessageObservations.emit(response, time: now.timeIntervalSince1970, source: 1, into: &sink)
                let addresses = response.answers.compactMap { rr -> IPAddress? in
                    if case .a(let a) = rr.data { return .v4(a) } else { return nil }
                }
                if !addresses.isEmpty {
                    builder.add(AnswerSetTally(AnswerSet(name: name, type: .a, addresses: addresses,
                                                         time: now.timeIntervalSince1970, source: 1)))
                }
                // The delegation, as the parent (registry) serves it: NS names and glue.
                if let registered = psl.registeredDomain(of: name) {
                    let referral = world.answer(Question(name: registered, type: .ns), at: now, view: .parent)
                    MessageObservations.emit(referral, time: now.timeIntervalSince1970, source: 1, into: &sink)
                }
                let ttl = Double(response.answers.map(\.ttl).min() ?? 300)
                t += spacing * min(maxInterval, max(minInterval, ttl))
            }
        }
        var merged: [SightingKey: Sighting] = [:]
        for o in sink.observations {
            if merged[o.key] == nil { merged[o.key] = Sighting(o) } else { merged[o.key]!.add(o) }
        }
        for s in merged.values { builder.add(s) }
        let truth = LabTruth(world)
        return builder.build(info: { enricher.lookup($0).addressInfo }, psl: psl).compactMap { e in
            truth.kind(of: e.domain).map { Example(evidence: e, kind: $0) }
        }
    }
}
