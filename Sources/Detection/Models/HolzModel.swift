/// The flux-score of Holz, Gorecki, Rieck and Freiling, "Measuring and Detecting Fast-Flux
/// Service Networks", NDSS 2008, section 4.2:
///
///     f = 1.32 * n_A + 18.54 * n_ASN + 0 * n_NS - 142.38,   fast flux when f > 0
///
/// with n_A the distinct A addresses over the lookups, n_ASN their distinct origin ASNs and
/// n_NS the distinct NS records. FluxScope counts public addresses only (private and other
/// special-purpose ranges are never network diversity) and includes AAAA addresses, which the
/// 2008 paper predates. The score in [0, 1] is logistic(f / 20): above 0.5 exactly when f > 0.
public struct HolzModel: DetectionModel {
    public let name = "holz"
    public static let weightAddresses = 1.32
    public static let weightASNs = 18.54
    public static let weightNameServers = 0.0
    public static let threshold = 142.38

    /// Creates the model.
    public init() {}

    /// The flux-score f.
    public static func fluxScore(addresses: Double, asns: Double, nameServers: Double) -> Double {
        weightAddresses * addresses + weightASNs * asns + weightNameServers * nameServers - threshold
    }

    public func classify(_ f: FeatureVector, evidence e: DomainEvidence) -> Verdict {
        let nA = f[.distinctAddresses], nASN = f[.distinctASNs]
        let nNS = f[.distinctNameServers] ?? 0
        guard let nA, nA > 0 else {
            return Verdict(domain: e.domain, level: e.level, verdict: .insufficientData, score: 0, model: name,
                           features: f, evidence: [.init("n_a", value: nA)], reason: "no public A/AAAA answers")
        }
        guard let nASN else {
            return Verdict(domain: e.domain, level: e.level, verdict: .insufficientData, score: 0, model: name,
                           features: f, evidence: [.init("n_a", value: nA)], reason: "no ASN data for the answers (enrichment missing)")
        }
        let score = HolzModel.fluxScore(addresses: nA, asns: nASN, nameServers: nNS)
        let items: [Verdict.Item] = [
            .init("f", value: score, note: "1.32*n_A + 18.54*n_ASN + 0*n_NS - 142.38; fast flux when > 0"),
            .init("n_a", value: nA, contribution: HolzModel.weightAddresses * nA),
            .init("n_asn", value: nASN, contribution: HolzModel.weightASNs * nASN),
            .init("n_ns", value: nNS, contribution: 0),
        ]
        return Verdict(domain: e.domain, level: e.level, verdict: score > 0 ? .fastFlux : .benign,
                       score: logistic(score / 20), model: name, features: f, evidence: items)
    }
}

/// The variant of the Holz score in the Zeek fast-flux script (Seth Hall; Brian Kellogg; the
/// AnomalousDNS package by Jeremy Baggs), shown for comparison: it weighs the same sum by the
/// ASN-to-address ratio, `(n_ASN / n_A) * (1.32 * n_A + 18.54 * n_ASN)`, flags when that
/// exceeds 142.38, and only counts A answers whose TTL is at most 30 minutes.
public struct ZeekFluxModel: DetectionModel {
    public let name = "zeek-holz"
    /// TTLs above this are ignored by the Zeek script.
    public static let maxTTL: UInt32 = 1800

    /// Creates the model.
    public init() {}

    public func classify(_ f: FeatureVector, evidence e: DomainEvidence) -> Verdict {
        let eligible = FeatureExtractor.publicAddresses(e.addresses).filter { ($0.minTTL ?? 0) <= ZeekFluxModel.maxTTL }
        let nA = Double(Set(eligible.map(\.address)).count)
        let infos = eligible.compactMap(\.info)
        guard nA > 0, !infos.isEmpty else {
            return Verdict(domain: e.domain, level: e.level, verdict: .insufficientData, score: 0, model: name, features: f,
                           evidence: [.init("n_a", value: nA)],
                           reason: nA == 0 ? "no answers with TTL <= 1800 s" : "no ASN data for the answers")
        }
        let nASN = Double(Set(infos.compactMap(\.asn)).count)
        let raw = (nASN / nA) * (HolzModel.weightAddresses * nA + HolzModel.weightASNs * nASN)
        let margin = raw - HolzModel.threshold
        return Verdict(domain: e.domain, level: e.level, verdict: margin > 0 ? .fastFlux : .benign,
                       score: logistic(margin / 20), model: name, features: f,
                       evidence: [.init("zeek_score", value: raw, note: "(n_ASN/n_A)*(1.32*n_A + 18.54*n_ASN); flux when > 142.38"),
                                  .init("n_a", value: nA), .init("n_asn", value: nASN)])
    }
}
