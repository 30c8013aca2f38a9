import DNSWire
import Detection
import FluxModel
import Store

/// One model's view of a store: every domain's evidence and verdict, and the flux networks
/// its flux verdicts form. What `networks`, `export` and `report` work from.
public struct AnalysisResult: Sendable {
    /// Evidence and verdict, pairwise, in domain order.
    public var judged: [(evidence: DomainEvidence, verdict: Verdict)]
    /// Flux networks of the flux FQDNs (registered-domain verdicts would count each agent twice).
    public var networks: [FluxNetwork]
    /// The data window: the earliest first-seen and latest last-seen of any address.
    public var windowStart: Timestamp
    public var windowEnd: Timestamp
    /// The model that judged (its name), and the version of its weights (`nil` for a
    /// published formula).
    public var model: String
    public var modelVersion: String?

    /// Judges the evidence with one model and clusters the flux domains; `previous` carries
    /// network ids over from earlier runs (see `FluxNetworkClustering.assignIDs`).
    public init(evidence: [DomainEvidence], model: any DetectionModel, previous: [NetworkMembership] = []) {
        self.model = model.name
        modelVersion = model.version
        judged = evidence.map { e in (e, model.classify(FeatureExtractor.extract(e), evidence: e)) }
        let members = judged.filter { $0.verdict.verdict.isFlux && $0.evidence.level == .fqdn }
            .map { FluxMember(domain: $0.evidence.domain, agents: FeatureExtractor.publicAddresses($0.evidence.addresses)) }
        networks = FluxNetworkClustering.cluster(members, previous: previous)
        (windowStart, windowEnd) = AnalysisResult.window(of: evidence)
    }

    /// The data window of some evidence: the earliest first-seen and latest last-seen of any
    /// address (0 and 0 when there is none).
    public static func window(of evidence: [DomainEvidence]) -> (start: Timestamp, end: Timestamp) {
        var start = Timestamp.infinity, end = -Timestamp.infinity
        for e in evidence {
            for a in e.addresses {
                start = Swift.min(start, a.firstSeen)
                end = Swift.max(end, a.lastSeen)
            }
        }
        return start <= end ? (start, end) : (0, 0)
    }

    /// Judges and clusters as `init` does, with the network ids `store` remembers, and
    /// records this run's networks back into it: the one way the CLI and the server keep
    /// network ids stable across runs.
    public static func keepingNetworkIDs(evidence: [DomainEvidence], model: any DetectionModel,
                                         store: any ObservationStore, at now: Timestamp) async throws -> AnalysisResult {
        let previous = try await store.networkMemberships()
        let result = AnalysisResult(evidence: evidence, model: model, previous: previous)
        let created = Dictionary(previous.map { ($0.id, $0.createdAt) }, uniquingKeysWith: { Swift.min($0, $1) })
        try await store.recordNetworkMemberships(
            result.networks.map { NetworkMembership(id: $0.id, domains: Set($0.domains), createdAt: created[$0.id] ?? now) }, at: now)
        return result
    }

    /// The network id of each clustered domain.
    public var networkOf: [DNSName: String] {
        var map: [DNSName: String] = [:]
        for n in networks { for d in n.domains { map[d] = n.id } }
        return map
    }
}
