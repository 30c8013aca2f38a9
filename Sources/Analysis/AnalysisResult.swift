import DNSWire
import Detection
import FluxModel
import Store

/// One model's view of a store: the judged domains it keeps (every domain, or only the
/// flagged ones: see `Retention`), the data window, and the flux networks its flux verdicts
/// form. What `networks`, `export`, `report` and the server work from.
public struct AnalysisResult: Sendable {
    /// Which judged domains a result keeps with their evidence.
    public enum Retention: Sendable {
        /// Every domain (the server's snapshot, which shows any domain).
        case everyDomain
        /// Only the flux and double-flux verdicts (networks, exports, reports): every other
        /// domain's evidence and verdict are dropped as soon as it is judged.
        case flagged
    }

    /// Evidence and verdict, pairwise, in domain order (FQDNs in canonical order, then
    /// registered domains); every domain judged, or only the flagged ones (`Retention`).
    public var judged: [(evidence: DomainEvidence, verdict: Verdict)]
    /// How many domains were judged, kept or not.
    public var domainCount: Int
    /// Flux networks of the flux FQDNs (registered-domain verdicts would count each agent twice).
    public var networks: [FluxNetwork]
    /// The data window: the earliest first-seen and latest last-seen of any address, over
    /// every domain judged.
    public var windowStart: Timestamp
    public var windowEnd: Timestamp
    /// The model that judged (its name), and the version of its weights (`nil` for a
    /// published formula).
    public var model: String
    public var modelVersion: String?

    /// Judges the evidence with one model and clusters the flux domains; `previous` carries
    /// network ids over from earlier runs (see `FluxNetworkClustering.assignIDs`). Keeps every
    /// domain, in the order given.
    public init(evidence: [DomainEvidence], model: any DetectionModel, previous: [NetworkMembership] = []) {
        var window = Window()
        for e in evidence { window.add(e) }
        self.init(judged: evidence.map { ($0, AnalysisResult.judge($0, model)) }, domainCount: evidence.count,
                  window: window, model: model, previous: previous)
    }

    /// The common end of both ways in: clusters the flux FQDNs among `judged`.
    init(judged: [(evidence: DomainEvidence, verdict: Verdict)], domainCount: Int, window: Window,
         model: any DetectionModel, previous: [NetworkMembership]) {
        self.model = model.name
        modelVersion = model.version
        self.judged = judged
        self.domainCount = domainCount
        let members = judged.filter { $0.verdict.verdict.isFlux && $0.evidence.level == .fqdn }
            .map { FluxMember(domain: $0.evidence.domain, agents: FeatureExtractor.publicAddresses($0.evidence.addresses)) }
        networks = FluxNetworkClustering.cluster(members, previous: previous)
        (windowStart, windowEnd) = window.bounds
    }

    /// One domain's verdict by `model`.
    static func judge(_ e: DomainEvidence, _ model: any DetectionModel) -> Verdict {
        model.classify(FeatureExtractor.extract(e), evidence: e)
    }

    /// The earliest first-seen and latest last-seen address of the domains added so far.
    public struct Window: Sendable {
        var start = Timestamp.infinity, end = -Timestamp.infinity

        /// No domain yet.
        public init() {}

        public mutating func add(_ e: DomainEvidence) {
            for a in e.addresses {
                start = Swift.min(start, a.firstSeen)
                end = Swift.max(end, a.lastSeen)
            }
        }

        public mutating func add(_ other: Window) {
            start = Swift.min(start, other.start)
            end = Swift.max(end, other.end)
        }

        /// (0, 0) when no address was seen.
        public var bounds: (start: Timestamp, end: Timestamp) { start <= end ? (start, end) : (0, 0) }
    }

    /// Judges and clusters as `init` does, with the network ids `store` remembers, and
    /// records this run's networks back into it, with the successor of each id the run
    /// retired: the one way the CLI and the server keep network ids stable across runs.
    public static func keepingNetworkIDs(evidence: [DomainEvidence], model: any DetectionModel,
                                         store: any ObservationStore, at now: Timestamp) async throws -> AnalysisResult {
        try await keepingNetworkIDs(store: store, at: now) { previous in
            AnalysisResult(evidence: evidence, model: model, previous: previous)
        }
    }

    /// Reads the ids `store` remembers, makes the result with them, records its networks.
    static func keepingNetworkIDs(store: any ObservationStore, at now: Timestamp,
                                  _ make: ([NetworkMembership]) async throws -> AnalysisResult) async throws -> AnalysisResult {
        let previous = try await store.networkMemberships()
        let result = try await make(previous)
        let created = Dictionary(previous.map { ($0.id, $0.createdAt) }, uniquingKeysWith: { Swift.min($0, $1) })
        try await store.recordNetworkMemberships(
            result.networks.map { NetworkMembership(id: $0.id, domains: Set($0.domains), createdAt: created[$0.id] ?? now) },
            successors: FluxNetworkClustering.successors(of: previous, in: result.networks), at: now)
        return result
    }

    /// The network id of each clustered domain.
    public var networkOf: [DNSName: String] {
        var map: [DNSName: String] = [:]
        for n in networks { for d in n.domains { map[d] = n.id } }
        return map
    }
}
