extension Scenario {
    /// The built-in world: every class at least once, under the TLD `lab`, 5000 simulated
    /// seconds per real second (a simulated week in about two real minutes).
    public static var standard: Scenario {
        func zone(_ name: String, _ kind: DomainClass, _ tune: (inout ZoneSpec) -> Void = { _ in }) -> ZoneSpec {
            var spec = ZoneSpec(name: name, kind: kind)
            tune(&spec)
            return spec
        }
        return Scenario(seed: 20_250_301, start: Scenario.defaultStart, timeScale: 5000, tlds: ["lab"], zones: [
            // Flux.
            zone("avalanche-shop.lab", .fastFlux),
            zone("waledac-greetings.lab", .fastFlux) {
                $0.answerCount = 1; $0.ttl = 0; $0.poolSize = 2000
            },
            zone("secure-bank-login.lab", .fastFlux) {
                $0.answerCount = 5; $0.ttl = 300; $0.poolSize = 1500; $0.asns = [4134, 4837, 4766, 9121, 12389, 45899, 9829]
            },
            zone("pharma-double.lab", .doubleFlux),
            zone("evil-double.lab", .doubleFlux) {
                $0.nsCount = 5; $0.nsPool = 20; $0.glueTTL = 0; $0.changeEvery = .hours(2)
            },
            // CDNs.
            zone("shop-akamai.lab", .cdn) { $0.asns = [20940]; $0.ttl = 20; $0.regions = 6 },
            zone("news-cloudflare.lab", .cdn) { $0.asns = [13335]; $0.ttl = 300; $0.regions = 1 },
            zone("video-fastly.lab", .cdn) { $0.asns = [54113]; $0.ttl = 30; $0.regions = 4 },
            zone("static-cloudfront.lab", .cdn) { $0.asns = [16509]; $0.ttl = 60; $0.regions = 8; $0.answerCount = 4; $0.poolSize = 8 },
            zone("apis-google.lab", .cdn) { $0.asns = [15169]; $0.ttl = 300; $0.regions = 3 },
            // Round-robin farms.
            zone("webfarm-hetzner.lab", .roundRobin),
            zone("mailfarm-ovh.lab", .roundRobin) {
                $0.asns = [16276]; $0.poolSize = 4; $0.answerCount = 4; $0.ttl = 300; $0.hosts = ["mail", "smtp"]
            },
            zone("appfarm-do.lab", .roundRobin) { $0.asns = [14061]; $0.poolSize = 16; $0.answerCount = 16; $0.ttl = 600 },
            // Volunteer and peer pools.
            zone("timepool.lab", .ntpPool),
            zone("mirrors.lab", .mirrorPool),
            zone("coinseed.lab", .seederPool),
            // Homes, large sites, VPNs.
            zone("dynhome.lab", .dynamicDNS),
            zone("bigportal.lab", .largeSite),
            zone("fastvpn.lab", .vpn),
        ])
    }
}
