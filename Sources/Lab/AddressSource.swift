import DNSWire

/// Picks addresses inside the announced networks of a list of ASes: first an AS (each
/// equally likely, so that a pool spreads over many ASes as botnets and volunteer pools
/// do), then one of its networks, then a host inside it.
struct AddressSource: Sendable {
    /// Networks per AS, in AS order; ASes without networks in this family are left out.
    let groups: [(asn: UInt32, networks: [LabNetwork])]

    /// The networks of `asns` in one family, from `catalog`.
    init(asns: [UInt32], v4: Bool, catalog: NetworkCatalog) {
        var groups: [(asn: UInt32, networks: [LabNetwork])] = []
        for asn in asns {
            let networks = catalog.networks(of: asn, v4: v4)
            if !networks.isEmpty { groups.append((asn, networks)) }
        }
        self.groups = groups
    }

    /// True when no AS has a network of this family.
    var isEmpty: Bool { groups.isEmpty }

    /// A random network of a random AS.
    func network(using generator: inout SplitMix64) -> LabNetwork? {
        guard !groups.isEmpty else { return nil }
        let group = groups[generator.below(groups.count)]
        return group.networks[generator.below(group.networks.count)]
    }

    /// A random network of the AS at `index` (modulo the number of ASes).
    func network(ofGroup index: Int, using generator: inout SplitMix64) -> LabNetwork? {
        guard !groups.isEmpty else { return nil }
        let group = groups[index % groups.count]
        return group.networks[generator.below(group.networks.count)]
    }

    /// A random host address of a random network.
    func address(using generator: inout SplitMix64) -> IPAddress? {
        network(using: &generator)?.pickAddress(using: &generator)
    }

    /// `count` addresses drawn once with a generator seeded by `key`.
    func fixedAddresses(_ count: Int, key: UInt64) -> [IPAddress] {
        var generator = SplitMix64(seed: key)
        var out: [IPAddress] = []
        var attempts = 0
        while out.count < count, attempts < count * 10, let address = address(using: &generator) {
            attempts += 1
            if !out.contains(address) { out.append(address) }
        }
        return out
    }
}
