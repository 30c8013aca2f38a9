import DNSWire
import Detection
import FluxModel
import Store

extension AnalysisResult {
    /// The streaming analysis behind `networks`, `export`, `report` and the server: judges
    /// every domain of the store with `model` as its evidence is completed, run by run of
    /// domains on `parallel` threads (`Analysis.reduceEvidence`), and keeps per `retention`;
    /// with `.flagged`, a domain that is not flux leaves nothing but its share of the window.
    /// Then clusters the flux FQDNs with the network ids `store` remembers and records the
    /// networks back (`keepingNetworkIDs`).
    ///
    /// `project` is called for every domain judged; its results (the non-`nil` ones) are
    /// handed to `consume` a run of domains at a time and not kept: the run's FQDNs in
    /// canonical order, and its registered domains in canonical order. All of one run's
    /// FQDNs come before the next run's, and so do its registered domains, so the FQDN
    /// parts of every run followed by the registered parts of every run are the order of
    /// `judged` with `.everyDomain` (a registered domain's names are never split between
    /// runs, and runs come in canonical order).
    public static func judging<P: Sendable>(
        _ analysis: Analysis, store: any ObservationStore, model: any DetectionModel, retention: Retention,
        parallel: Int, at now: Timestamp, project: @escaping @Sendable (DomainEvidence, Verdict) -> P?,
        consume: (_ fqdns: [P], _ registered: [P]) throws -> Void
    ) async throws -> AnalysisResult {
        try await keepingNetworkIDs(store: store, at: now) { previous in
            var fqdns: [(evidence: DomainEvidence, verdict: Verdict)] = []
            var registered: [(evidence: DomainEvidence, verdict: Verdict)] = []
            var window = Window(), count = 0
            try await analysis.reduceEvidence(from: store, parallel: parallel, into: Run<P>()) { run, e in
                let v = judge(e, model)
                run.window.add(e)
                run.count += 1
                let entry = Entry(domain: e.domain, judged: retention == .everyDomain || v.verdict.isFlux ? (e, v) : nil,
                                  projected: project(e, v))
                guard entry.judged != nil || entry.projected != nil else { return }
                if e.level == .fqdn { run.fqdns.append(entry) } else { run.registered.append(entry) }
            } eachRun: { parts in
                for part in parts {
                    window.add(part.window)
                    count += part.count
                }
                // Registered domains are handed out as each one's last name is passed: sorted
                // here, within the run that holds all of them.
                let runFQDNs = parts.flatMap(\.fqdns)
                let runRegistered = parts.flatMap(\.registered).sorted { $0.domain < $1.domain }
                fqdns += runFQDNs.compactMap(\.judged)
                registered += runRegistered.compactMap(\.judged)
                try consume(runFQDNs.compactMap(\.projected), runRegistered.compactMap(\.projected))
            }
            return AnalysisResult(judged: fqdns + registered, domainCount: count, window: window,
                                  model: model, previous: previous)
        }
    }

    /// `judging` keeping every projection: FQDNs in canonical order, then registered domains
    /// (the order of `judged` with `.everyDomain`). What it returns is held until the end.
    public static func judging<P: Sendable>(
        _ analysis: Analysis, store: any ObservationStore, model: any DetectionModel, retention: Retention,
        parallel: Int, at now: Timestamp, project: @escaping @Sendable (DomainEvidence, Verdict) -> P?
    ) async throws -> (result: AnalysisResult, projected: [P]) {
        var fqdns: [P] = [], registered: [P] = []
        let result = try await judging(analysis, store: store, model: model, retention: retention, parallel: parallel,
                                       at: now, project: project) { f, r in
            fqdns += f
            registered += r
        }
        return (result, fqdns + registered)
    }

    /// `judging` without a projection.
    public static func judging(_ analysis: Analysis, store: any ObservationStore, model: any DetectionModel,
                               retention: Retention, parallel: Int, at now: Timestamp) async throws -> AnalysisResult {
        try await judging(analysis, store: store, model: model, retention: retention, parallel: parallel, at: now,
                          project: { _, _ -> Never? in nil }).result
    }

    /// What one run of domains leaves: the kept and projected domains per level, the window
    /// of all of them and their number.
    struct Run<P: Sendable>: Sendable {
        var fqdns: [Entry<P>] = []
        var registered: [Entry<P>] = []
        var window = Window()
        var count = 0
    }

    /// One domain kept or projected.
    struct Entry<P: Sendable>: Sendable {
        var domain: DNSName
        var judged: (evidence: DomainEvidence, verdict: Verdict)?
        var projected: P?
    }
}
