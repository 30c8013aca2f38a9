extension ZoneSpec {
    /// The parameters with the class defaults filled in. `tld` names the provider zone of
    /// a CDN when the spec does not (`cdn-provider.<tld>`).
    public func resolved(tld: String = "lab") -> ZoneParameters {
        var p = ZoneSpec.defaults(kind, tld: tld)
        if let ttl { p.ttl = ttl }
        if let answerCount { p.answerCount = answerCount }
        if let asns {
            p.asns = asns
            if ![.fastFlux, .doubleFlux, .seederPool, .dynamicDNS].contains(kind) { p.nameServerASNs = asns }
        }
        if let poolSize { p.poolSize = poolSize }
        if let minLifetime { p.minLifetime = minLifetime }
        if let maxLifetime { p.maxLifetime = maxLifetime }
        if let online { p.online = online }
        if let wildcard { p.wildcard = wildcard }
        if let ipv6 { p.ipv6 = ipv6 }
        if let hosts { p.hosts = hosts }
        if let changeEvery { p.changeEvery = changeEvery }
        if let nsCount { p.nsCount = nsCount }
        if let nsPool { p.nsPool = nsPool }
        if let nsTTL { p.nsTTL = nsTTL }
        if let glueTTL { p.glueTTL = glueTTL }
        if let glueRotation { p.glueRotation = glueRotation }
        if let provider { p.provider = provider }
        if let regions { p.regions = regions }
        if let negativeTTL { p.negativeTTL = negativeTTL }
        return p
    }

    /// The defaults of each class (see docs/lab.md for where the numbers come from).
    static func defaults(_ kind: DomainClass, tld: String) -> ZoneParameters {
        var p = ZoneParameters(
            ttl: 300, answerCount: 4, asns: KnownASNs.hosting, poolSize: 100,
            minLifetime: .days(30), maxLifetime: .days(365), online: 1, wildcard: false, ipv6: false,
            hosts: ["www"], changeEvery: .days(1), nsCount: 2, nsPool: 2, nsTTL: 86400, glueTTL: 86400,
            glueRotation: .days(365), provider: "cdn-provider.\(tld)", regions: 5, negativeTTL: 3600,
            nameServerASNs: KnownASNs.hosting)
        switch kind {
        case .fastFlux:  // Avalanche: 8 A, TTL 180, wildcard names, thousands of churning agents
            p.ttl = 180; p.answerCount = 8; p.asns = KnownASNs.consumer; p.poolSize = 3000
            p.minLifetime = .hours(2); p.maxLifetime = .days(3); p.online = 0.5; p.wildcard = true
            p.negativeTTL = 60
        case .doubleFlux:  // fluxed NS set and glue, low TTLs at both levels
            p.ttl = 180; p.answerCount = 5; p.asns = KnownASNs.consumer; p.poolSize = 3000
            p.minLifetime = .hours(1); p.maxLifetime = .days(2); p.online = 0.5; p.wildcard = true
            p.changeEvery = .hours(6); p.nsCount = 4; p.nsPool = 12; p.nsTTL = 600; p.glueTTL = 300
            p.glueRotation = .minutes(30); p.negativeTTL = 60
        case .cdn:
            p.ttl = 60; p.answerCount = 2; p.asns = [20940]; p.poolSize = 4; p.ipv6 = true
            p.nameServerASNs = [20940]
        case .roundRobin:
            p.ttl = 3600; p.answerCount = 8; p.asns = [24940]; p.poolSize = 8; p.nameServerASNs = [24940]
        case .ntpPool:
            p.ttl = 150; p.answerCount = 4; p.asns = KnownASNs.consumer + KnownASNs.hosting; p.poolSize = 2000
            p.minLifetime = .days(30); p.maxLifetime = .days(720); p.online = 0.97; p.hosts = ["0", "1", "2", "3"]
        case .mirrorPool:
            p.ttl = 600; p.answerCount = 4; p.asns = KnownASNs.education + KnownASNs.hosting; p.poolSize = 80
            p.minLifetime = .days(90); p.maxLifetime = .days(1000); p.online = 0.99; p.hosts = ["download"]
            p.nameServerASNs = KnownASNs.education
        case .seederPool:  // a hard case: many residential addresses in many ASes, low TTL
            p.ttl = 60; p.answerCount = 25; p.asns = KnownASNs.consumer; p.poolSize = 5000
            p.minLifetime = .days(3); p.maxLifetime = .days(90); p.online = 0.8; p.hosts = ["seed"]
        case .dynamicDNS:
            p.ttl = 60; p.answerCount = 1; p.asns = KnownASNs.consumer; p.changeEvery = .days(3)
            p.hosts = ["alice-nas", "bob-camera", "carol-home", "dave-pi"]
        case .largeSite:
            p.ttl = 300; p.answerCount = 16; p.asns = KnownASNs.largeSite; p.poolSize = 16; p.ipv6 = true
            p.changeEvery = .days(7); p.nameServerASNs = KnownASNs.largeSite
        case .vpn:
            p.ttl = 300; p.answerCount = 4; p.asns = KnownASNs.hosting; p.poolSize = 300
            p.minLifetime = .days(30); p.maxLifetime = .days(180); p.online = 0.98; p.hosts = ["gw", "connect"]
        }
        return p
    }
}
