import Analysis
import DNSWire
import Detection
import FluxModel

/// One analysis run as the server shows it: every domain's evidence, our verdict and Holz's,
/// the flux networks, and indexes to find them fast. Immutable once built.
public struct AnalysisSnapshot: Sendable {
    /// One judged domain.
    public struct Row: Sendable {
        /// What the domain was seen doing.
        public var evidence: DomainEvidence
        /// The FluxScope model's verdict.
        public var verdict: Verdict
        /// Holz et al.'s flux-score for the same evidence, for comparison.
        public var holz: Verdict
        /// The flux network the domain belongs to, if any.
        public var network: String?
    }

    /// A domain at one level (an FQDN and the registered domain may share a name).
    public struct Key: Hashable, Sendable {
        public var domain: DNSName
        public var level: DomainEvidence.Level
    }

    /// The analysis it was built from.
    public let result: AnalysisResult
    /// Every domain, in evidence order.
    public let rows: [Row]
    /// When it was made (wall clock) and how long the analysis took, in seconds.
    public let generatedAt: Timestamp
    public let duration: Double
    private let index: [Key: Int]
    private let networkIndex: [String: Int]

    /// Builds a snapshot of `result`, adding Holz's verdicts.
    public init(result: AnalysisResult, generatedAt: Timestamp, duration: Double) {
        let holz = HolzModel()
        let networkOf = result.networkOf
        rows = result.judged.map { judged in
            let e = judged.evidence
            return Row(evidence: e, verdict: judged.verdict, holz: holz.classify(FeatureExtractor.extract(e), evidence: e),
                       network: e.level == .fqdn ? networkOf[e.domain] : nil)
        }
        var index: [Key: Int] = [:]
        for (i, r) in rows.enumerated() { index[Key(domain: r.evidence.domain, level: r.evidence.level)] = i }
        self.index = index
        networkIndex = Dictionary(result.networks.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        self.result = result
        self.generatedAt = generatedAt
        self.duration = duration
    }

    /// An empty snapshot (before the first analysis).
    public static func empty(at time: Timestamp) -> AnalysisSnapshot {
        AnalysisSnapshot(result: AnalysisResult(evidence: [], model: HolzModel()), generatedAt: time, duration: 0)
    }

    /// The row of a domain at `level`, or at either level (FQDN first) when `nil`.
    public func row(_ domain: DNSName, level: DomainEvidence.Level? = nil) -> Row? {
        if let level { return index[Key(domain: domain, level: level)].map { rows[$0] } }
        return row(domain, level: .fqdn) ?? row(domain, level: .registered)
    }

    /// A flux network by id.
    public func network(_ id: String) -> FluxNetwork? { networkIndex[id].map { result.networks[$0] } }

    /// Domains per verdict class.
    public var countsByClass: [Verdict.Class: Int] {
        var counts: [Verdict.Class: Int] = [:]
        for c in Verdict.Class.allCases { counts[c] = 0 }
        for r in rows { counts[r.verdict.verdict, default: 0] += 1 }
        return counts
    }
}
