import Foundation

/// FluxScope's own model: gradient-boosted decision stumps over every feature (trained by
/// `fluxscope train`, one step function per feature in a versioned weights file), then
/// explainable rules that name the class: double flux when the name servers flux too; among
/// the benign, CDN and round-robin when their signatures show. Every verdict lists each
/// feature's contribution: its step function's value, and the contributions and the bias add
/// up to the logit of the score.
public struct FluxScopeModel: DetectionModel {
    public let name = "fluxscope"
    public let weights: ModelWeights
    /// The weights file's version.
    public var version: String? { weights.version }

    /// Each term with its feature, resolved from the weights file's feature names once per
    /// model rather than once per domain (`nil` for a name this build does not know: its
    /// value is unknown).
    private let columns: [(feature: Feature?, term: ModelWeights.Term)]

    /// Creates the model from weights.
    public init(weights: ModelWeights) {
        self.weights = weights
        columns = weights.terms.map { (Feature(rawValue: $0.feature), $0) }
    }

    /// The model with the weights file shipped in the package.
    public static func bundled() throws -> FluxScopeModel {
        guard let url = Bundle.module.url(forResource: "fluxscope-model", withExtension: "json") else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "fluxscope-model.json is missing from the Detection bundle"])
        }
        let weights = try JSONDecoder().decode(ModelWeights.self, from: Data(contentsOf: url))
        if let bad = weights.terms.first(where: { !$0.isValid }) {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey:
                "fluxscope-model.json: the term for \(bad.feature) needs ascending finite cuts and one value more than cuts"])
        }
        return FluxScopeModel(weights: weights)
    }

    public func classify(_ f: FeatureVector, evidence e: DomainEvidence) -> Verdict {
        var logit = weights.bias
        var items: [Verdict.Item] = []
        items.reserveCapacity(columns.count)
        for (feature, term) in columns {
            let value = feature.flatMap { f[$0] }
            let c = term.contribution(value)
            logit += c
            items.append(.init(term.feature, value: value, contribution: c, note: value == nil ? "unknown" : nil))
        }
        items.sort { abs($0.contribution ?? 0) > abs($1.contribution ?? 0) }
        let score = logistic(logit)
        let (cls, reason) = FluxScopeModel.decide(score: score, f)
        return Verdict(domain: e.domain, level: e.level, verdict: cls, score: score, model: name,
                       features: f, evidence: items, reason: reason)
    }

    /// Names the class from the score and the features (pure rules, listed in docs/analyze.md,
    /// "Verdict rules").
    static func decide(score: Double, _ f: FeatureVector) -> (Verdict.Class, String?) {
        guard let nA = f[.distinctAddresses], nA > 0 else {
            return (.insufficientData, "no public A/AAAA answers")
        }
        let lookups = f[.lookups]
        let span = f[.observedSpan] ?? 0
        if (lookups ?? 1) < 2 && span == 0 && (f[.names] ?? 1) <= 1 {
            return (.insufficientData, "one lookup only: rotation over time cannot be seen")
        }
        if f[.distinctASNs] == nil {
            return (.insufficientData, "no ASN data for the answers (enrichment missing)")
        }
        // Flux is a botnet spread over many networks: a flux-like score for answers that all
        // come from one AS (a CDN edge pool, one hoster's rotation) names one operator, who
        // can act on it; it is judged by the rules below instead.
        if score >= 0.5 && (f[.distinctASNs] ?? 0) >= 2 {
            let nsASNs = f[.nameServerASNs] ?? 0, nsChanges = f[.nameServerChanges] ?? 0
            let nsAddresses = f[.nameServerAddresses] ?? 0, glue = f[.glueTTLMin] ?? .infinity
            if nsASNs >= 3 && nsAddresses >= 4 && (nsChanges >= 1 || glue <= 600) {
                return (.doubleFlux, "name servers rotate too: \(Int(nsAddresses)) addresses in \(Int(nsASNs)) ASNs")
            }
            return (.fastFlux, nil)
        }
        if (f[.cdnShare] ?? 0) >= 0.5 || (f[.anycastShare] ?? 0) >= 0.5 {
            return (.cdn, nil)
        }
        if nA >= 2 && (f[.distinctASNs] ?? 0) <= 2 {
            return (.roundRobin, nil)
        }
        return (.benign, nil)
    }
}
