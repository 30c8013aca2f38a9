import DNSWire
import Enrichment
import Foundation

/// A simulated DNS world built from a scenario: TLD-like parent zones and the zones below
/// them, each simulating one class of hosting with addresses from real networks of the
/// location database. Answers depend on the simulated time and, for CDNs, on the client;
/// the same scenario (seed included) and time always give the same answers.
///
/// Ask it in process with `answer(_:at:client:view:)`, or serve it with `LabServer`.
public struct LabWorld: Sendable {
    /// The scenario the world was built from.
    public let scenario: Scenario
    /// Problems that did not stop the build, such as ASes without networks in the database.
    public let warnings: [String]
    /// The networks addresses are drawn from.
    public let catalog: NetworkCatalog
    let tlds: [TLDZone]
    /// Child zones, scenario order, then CDN provider zones.
    let zones: [any ZoneModel]

    /// Builds the world of `scenario` with networks from the location database at
    /// `databasePath`. Throws if the scenario is invalid or a zone has no networks at all.
    public init(scenario: Scenario = .standard, databasePath: String = LibLocDatabase.defaultPath) throws(LabError) {
        try scenario.validate()
        let tld = scenario.tlds[0]
        let resolved = scenario.zones.map { $0.resolved(tld: tld) }
        var asns = Set(KnownASNs.hosting)
        for p in resolved { asns.formUnion(p.asns); asns.formUnion(p.nameServerASNs) }
        let catalog = try NetworkCatalog.load(asns: asns, databasePath: databasePath)
        self.scenario = scenario
        self.catalog = catalog
        warnings = catalog.missing.map { "AS\($0) has no networks in \(databasePath); skipped" }

        var zones: [any ZoneModel] = []
        var customers: [DNSName: [CDNZone]] = [:]
        for (i, (spec, p)) in zip(scenario.zones, resolved).enumerated() {
            guard p.asns.contains(where: { catalog.networks[$0] != nil }) else {
                throw LabError("none of the ASes \(p.asns) has networks in the location database",
                               path: databasePath, key: "zones[\(i)].asns")
            }
            let apex = try Scenario.name(spec.name, key: "zones[\(i)].name")
            let seed = scenario.seed
            switch spec.kind {
            case .fastFlux, .ntpPool, .mirrorPool, .seederPool, .vpn:
                zones.append(PoolZone(apex: apex, kind: spec.kind, parameters: p, seed: seed, catalog: catalog))
            case .doubleFlux:
                zones.append(DoubleFluxZone(apex: apex, parameters: p, seed: seed, catalog: catalog))
            case .roundRobin, .largeSite:
                zones.append(FixedSetZone(apex: apex, kind: spec.kind, parameters: p, seed: seed, catalog: catalog))
            case .dynamicDNS:
                zones.append(DynamicDNSZone(apex: apex, parameters: p, seed: seed, catalog: catalog))
            case .cdn:
                let provider = try Scenario.name(p.provider, key: "zones[\(i)].provider")
                let zone = CDNZone(apex: apex, parameters: p, provider: provider, seed: seed, catalog: catalog)
                customers[provider, default: []].append(zone)
                zones.append(zone)
            }
        }
        for (provider, list) in customers.sorted(by: { $0.key < $1.key }) {
            guard !zones.contains(where: { $0.apex == provider }) else {
                throw LabError("the CDN provider zone \(provider) is also a zone of the scenario", key: "zones")
            }
            zones.append(CDNProviderZone(apex: provider, customers: list, seed: scenario.seed, catalog: catalog))
        }
        self.zones = zones
        tlds = try scenario.tlds.enumerated().map { (i, text) throws(LabError) in
            TLDZone(apex: try Scenario.name(text, key: "tlds[\(i)]"), seed: scenario.seed, catalog: catalog)
        }
    }

    /// Simulated seconds since the scenario start at the simulated time `date`.
    public func elapsed(at date: Date) -> Double { date.timeIntervalSince(scenario.start) }

    /// Every zone the world serves: the TLDs, then the zones below them.
    public var zoneNames: [DNSName] { tlds.map(\.apex) + zones.map(\.apex) }

    /// The class of each zone below the TLDs, by apex.
    public var zoneClasses: [(zone: DNSName, kind: DomainClass)] { zones.map { ($0.apex, $0.kind) } }

    /// The name-server hosts of the single-flux zones. They hold one address each for days
    /// (the zone's hosting, not its flux), so they are neither flux nor one of the benign
    /// look-alikes: they have no class, and a verdict on them is not scored. Double-flux name
    /// servers do rotate and take their zone's class.
    public var unclassifiedNames: Set<DNSName> {
        Set(zones.filter { $0.kind == .fastFlux }.flatMap { $0.delegation(at: 0).nameServers })
    }

    /// Ground truth for every domain of the world a prober or an evaluation deals with:
    /// each zone apex and each name of `probeDomains()`.
    public func labels() -> [LabLabel] {
        var seen = Set<DNSName>()
        var out: [LabLabel] = []
        for zone in zones {
            for name in [zone.apex] + zone.probeNames() where seen.insert(name).inserted {
                out.append(LabLabel(domain: name, kind: zone.kind))
            }
        }
        return out
    }

    /// The names to probe to observe every zone: hosts, wildcard samples, apexes that answer.
    public func probeDomains() -> [DNSName] {
        var seen = Set<DNSName>()
        return zones.flatMap { $0.probeNames() }.filter { seen.insert($0).inserted }
    }

    /// The delegation of the zone at `apex` at a simulated time (what the parent says).
    public func delegation(of apex: DNSName, at date: Date) -> Delegation? {
        zones.first { $0.apex == apex }?.delegation(at: elapsed(at: date))
    }
}
