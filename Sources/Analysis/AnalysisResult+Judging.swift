import DNSWire
import Detection
import FluxModel
import Store

extension AnalysisResult {
    /// The streaming analysis behind `networks`, `export`, `report` and the server: judges
    /// every domain of the store with `model` as its evidence is completed, run by run of
    /// domains on `parallel` threads (`Analysis.reduceEvidence`), and keeps per `retention`;
    /// with `.flagged`, a domain that is not flux leaves nothing but its share of the window
    /// and, if `project` gives one, its projection. Then clusters the flux FQDNs with the
    /// network ids `store` remembers and records the networks back (`keepingNetworkIDs`).
    ///
    /// `project` is called for every domain judged; its results (the non-`nil` ones) come in
    /// the order of `judged` with `.everyDomain`: FQDNs in canonical order, then registered
    /// domains. Kept or not, what it returns is held until the end (an export's CSV row, say).
    public static func judging<P: Sendable>(
        _ analysis: Analysis, store: any ObservationStore, model: any DetectionModel, retention: Retention,
        parallel: Int, at now: Timestamp, project: @escaping @Sendable (DomainEvidence, Verdict) -> P?
    ) async throws -> (result: AnalysisResult, projected: [P]) {
        var projected: [P] = []
        let result = try await keepingNetworkIDs(store: store, at: now) { previous in
            let runs = try await analysis.reduceEvidence(from: store, parallel: parallel, into: Run<P>()) { run, e in
                let v = judge(e, model)
                run.window.add(e)
                run.count += 1
                let entry = Entry(domain: e.domain, judged: retention == .everyDomain || v.verdict.isFlux ? (e, v) : nil,
                                  projected: project(e, v))
                guard entry.judged != nil || entry.projected != nil else { return }
                if e.level == .fqdn { run.fqdns.append(entry) } else { run.registered.append(entry) }
            }
            var window = Window(), count = 0
            for run in runs {
                window.add(run.window)
                count += run.count
            }
            // FQDNs in canonical order (the runs are in order), then registered domains sorted,
            // as `Analysis.evidence` gives them.
            let entries = runs.flatMap(\.fqdns) + runs.flatMap(\.registered).sorted { $0.domain < $1.domain }
            projected = entries.compactMap(\.projected)
            return AnalysisResult(judged: entries.compactMap(\.judged), domainCount: count, window: window,
                                  model: model, previous: previous)
        }
        return (result, projected)
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
