import DNSWire

/// The ground truth of a world, for judging verdicts: the class of any domain the world
/// answers for.
public struct LabTruth: Sendable {
    private let byDomain: [DNSName: DomainClass]
    private let zones: [(zone: DNSName, kind: DomainClass)]
    private let unclassified: Set<DNSName>

    /// The truth of `world`.
    public init(_ world: LabWorld) {
        byDomain = Dictionary(world.labels().map { ($0.domain, $0.kind) }, uniquingKeysWith: { a, _ in a })
        zones = world.zoneClasses
        unclassified = world.unclassifiedNames
    }

    /// The class of a domain: its own label (zone apexes and probed names), else that of the
    /// zone it lies in (wildcard names, NS hosts); `nil` outside the world's zones and for
    /// the static name servers of single-flux zones (`LabWorld.unclassifiedNames`).
    public func kind(of domain: DNSName) -> DomainClass? {
        if let kind = byDomain[domain] { return kind }
        if unclassified.contains(domain) { return nil }
        return zones.first { domain.isSubdomain(of: $0.zone) }?.kind
    }
}
