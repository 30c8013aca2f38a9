import DNSWire

/// The behaviour of one class of zone. A model answers for names at or below its apex
/// other than the SOA and NS records, which `LabWorld` builds from `delegation(at:)`.
///
/// Times are simulated seconds since the scenario start. Models are pure values: the same
/// arguments always give the same records.
protocol ZoneModel: Sendable {
    /// The zone apex.
    var apex: DNSName { get }
    /// The class the zone simulates.
    var kind: DomainClass { get }
    /// The zone's parameters.
    var parameters: ZoneParameters { get }

    /// The zone's name servers at `t`, as both the parent and the zone state them.
    func delegation(at t: Double) -> Delegation

    /// The records of `type` at `name` (never SOA or NS at the apex): `nil` when the name
    /// does not exist, an empty list when it exists without records of that type, a CNAME
    /// record when the name is an alias.
    func records(_ name: DNSName, _ type: RecordType, at t: Double, client: LabClient, subnet: IPAddress?)
        -> [ResourceRecord]?

    /// The addresses of an NS host name of the zone at `t`, or `nil` if `name` is none.
    func nameServerAddresses(_ name: DNSName, at t: Double) -> [IPAddress]?

    /// Names a prober should query to observe the zone (including the apex when it answers).
    func probeNames() -> [DNSName]
}

extension ZoneModel {
    /// The hosts of the current delegation; double flux overrides this so that every host
    /// of its NS pool keeps answering.
    func nameServerAddresses(_ name: DNSName, at t: Double) -> [IPAddress]? {
        delegation(at: t).addresses(of: name)
    }

    /// `label.apex`.
    func child(_ label: String) -> DNSName {
        (try? DNSName(label, origin: apex)) ?? apex
    }

    /// A stable 64-bit key for this zone under the world seed.
    static func zoneKey(seed: UInt64, apex: DNSName) -> UInt64 {
        SplitMix64.mix([seed, SplitMix64.hash(apex.description)])
    }
}
