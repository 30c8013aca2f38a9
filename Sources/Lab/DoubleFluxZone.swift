import DNSWire

/// Double flux: a fast-flux zone whose name servers flux too. The NS host names lie in the
/// zone itself (`ns1.evil.lab`…), so the parent must hand out glue for them; every
/// `change-every` the zone picks another `ns-count` names out of an `ns-pool` of names
/// (the NS set churns at the parent, as SSAC SAC025 describes), and every `glue-rotation`
/// each NS host name moves to another online agent, with low NS and glue TTLs.
struct DoubleFluxZone: ZoneModel {
    let flux: PoolZone
    let nameServerPool: [DNSName]

    var apex: DNSName { flux.apex }
    var kind: DomainClass { .doubleFlux }
    var parameters: ZoneParameters { flux.parameters }

    init(apex: DNSName, parameters p: ZoneParameters, seed: UInt64, catalog: NetworkCatalog) {
        flux = PoolZone(apex: apex, kind: .doubleFlux, parameters: p, seed: seed, catalog: catalog)
        nameServerPool = (1...p.nsPool).map { (try? DNSName("ns\($0)", origin: apex)) ?? apex }
    }

    /// The NS names in use during the change period holding `t`.
    func nameServerNames(at t: Double) -> [DNSName] {
        let period = Int64((t / parameters.changeEvery.seconds).rounded(.down))
        var generator = SplitMix64(mixing: flux.key, 0x4E53, UInt64(bitPattern: period))
        var names = nameServerPool
        names.shuffle(using: &generator)
        return Array(names.prefix(parameters.nsCount))
    }

    /// The agent an NS host name points at during the rotation period holding `t`; each
    /// name rotates on its own phase so that the glue never changes all at once.
    func hostAddresses(_ host: DNSName, at t: Double) -> [IPAddress] {
        let hostKey = SplitMix64.hash(host.description)
        let rotation = parameters.glueRotation.seconds
        let phase = Double(hostKey % 1024) / 1024 * rotation
        let period = Int64(((t + phase) / rotation).rounded(.down))
        var generator = SplitMix64(mixing: flux.key, 0x474C, hostKey, UInt64(bitPattern: period))
        // Sample at the start of the period so the address holds for the whole period.
        let periodStart = Double(period) * rotation - phase
        return flux.pool.sample(1, at: periodStart, using: &generator)
    }

    func delegation(at t: Double) -> Delegation {
        let names = nameServerNames(at: t)
        return Delegation(nameServers: names, addresses: names.map { hostAddresses($0, at: t) },
                          nsTTL: parameters.nsTTL, glueTTL: parameters.glueTTL)
    }

    func nameServerAddresses(_ name: DNSName, at t: Double) -> [IPAddress]? {
        nameServerPool.contains(name) ? hostAddresses(name, at: t) : nil
    }

    func records(_ name: DNSName, _ type: RecordType, at t: Double, client: LabClient, subnet: IPAddress?)
        -> [ResourceRecord]?
    {
        flux.records(name, type, at: t, client: client, subnet: subnet)
    }

    func probeNames() -> [DNSName] { flux.probeNames() }
}
