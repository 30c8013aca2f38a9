import DNSWire
import Detection
import FluxModel

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

    /// Judges the evidence with one model and clusters the flux domains; `previous` carries
    /// network ids over from an earlier run.
    public init(evidence: [DomainEvidence], model: any DetectionModel, previous: [String: Set<DNSName>] = [:]) {
        judged = evidence.map { e in (e, model.classify(FeatureExtractor.extract(e), evidence: e)) }
        let members = judged.filter { $0.verdict.verdict.isFlux && $0.evidence.level == .fqdn }
            .map { FluxMember(domain: $0.evidence.domain, agents: FeatureExtractor.publicAddresses($0.evidence.addresses)) }
        networks = FluxNetworkClustering.cluster(members, previous: previous)
        let addresses = evidence.flatMap(\.addresses)
        windowStart = addresses.map(\.firstSeen).min() ?? 0
        windowEnd = addresses.map(\.lastSeen).max() ?? 0
    }

    /// The network id of each clustered domain.
    public var networkOf: [DNSName: String] {
        var map: [DNSName: String] = [:]
        for n in networks { for d in n.domains { map[d] = n.id } }
        return map
    }
}
