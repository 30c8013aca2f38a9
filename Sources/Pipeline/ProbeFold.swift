import DNSWire
import FluxModel
import Ingest
import Probe

/// A prober's results folded into a `SightingBatch`, as the store keeps them: each result's
/// records as observations, its outcome, the answer sets of its answer section, and one
/// message for an answered result that brought records or an outcome.
///
/// A response kept as bytes (`ProbeResult.response`) is folded straight from them, as
/// ingest's fast path does (docs/ingest.md): `WireObservations.emitRecords` names each
/// record by its wire key and the batch builds an `Observation` (`DNSName`, `RData`) or an
/// `AnswerSet` only for a key new to it, so a record the batch holds already costs a hash
/// and a compare. Other results (malformed responses, results made by hand) go through
/// their `observations`, with the same outcome in the batch (`ProbeFoldTests`).
struct ProbeFold: IngestSink {
    /// What was folded so far.
    var batch = SightingBatch()

    /// Folds one result in; `wire` is scratch reused from one result to the next.
    mutating func add(_ r: ProbeResult, wire: inout WireObservations) {
        batch.observerClock = max(batch.observerClock ?? r.time, r.time)  // the prober's clock
        let folded = r.response.map { response in
            response.withUnsafeBytes { bytes -> Bool in
                // The engine keeps the bytes only of responses the parser accepted, and the
                // scan makes the parser's checks: it fails only if the two disagree.
                guard wire.scan(bytes) else { return false }
                do {
                    try wire.emitRecords(bytes, time: r.time, source: r.source, into: &self)
                } catch {
                    // The scan accepted every name and RDATA that this builds.
                    preconditionFailure("ProbeFold: a record the scan accepted did not build: \(error)")
                }
                return true
            }
        } ?? false
        if !folded { addValues(r) }
        if let outcome = r.outcome { batch.add(outcome) }
        guard case .answered = r.status, r.recordCount > 0 || r.outcome != nil else { return }
        batch.tally(IngestCounters(messages: 1), for: r.recordCount > 0 ? r.source : r.outcome!.source)
    }

    /// The records and answer sets of `r` from its `Observation`s: the A and AAAA records of
    /// the answer section grouped by owner (any case) and type, in order of first appearance.
    private mutating func addValues(_ r: ProbeResult) {
        let observations = r.observations
        for o in observations { batch.add(o) }
        guard case .answered = r.status, let source = observations.first?.source else { return }
        let records = observations.lazy.compactMap { o -> (name: DNSName, type: RecordType, address: IPAddress)? in
            guard o.section == .answer, let address = o.data.address else { return nil }
            return (o.name, o.type, address)
        }
        for set in AnswerSet.grouped(records, time: r.time, source: source) { batch.add(set) }
    }

    // IngestSink: what `WireObservations.emitRecords` calls.
    mutating func observe(_ observation: Observation) { batch.add(observation) }
    mutating func outcome(_ outcome: Outcome) { batch.add(outcome) }
    mutating func answerSet(_ set: AnswerSet) { batch.add(set) }
    mutating func observe(wireKey: UnsafeRawBufferPointer, time: Timestamp, ttl: UInt32?, source: SourceID,
                          make: () throws -> Observation) rethrows {
        try batch.addObservation(wireKey: wireKey, time: time, ttl: ttl, source: source, make: make)
    }
    mutating func answerSet(wireKey: UnsafeRawBufferPointer, time: Timestamp, make: () throws -> AnswerSet) rethrows {
        try batch.addAnswerSet(wireKey: wireKey, time: time, make: make)
    }
    mutating func client(_ query: ClientQuery) {}
    mutating func count(_ counter: IngestCounter, _ n: Int) {}
    mutating func problem(_ problem: IngestProblem) {}
}
