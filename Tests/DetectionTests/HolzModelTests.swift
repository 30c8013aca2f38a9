import DNSWire
import FluxModel
import Testing
@testable import Detection

@Suite struct HolzModelTests {
    /// Evidence with `n` addresses spread round-robin over `asns` ASNs.
    static func evidence(addresses n: Int, asns: Int) -> DomainEvidence {
        var list: [DomainEvidence.Address] = []
        for i in 0..<n {
            let info = AddressInfo(asn: UInt32(64_500 + i % asns), country: "DE")
            list.append(.init(address: .v4(IPv4Address(UInt32(0x0B00_0000 + i * 256))), firstSeen: 0, lastSeen: 100,
                              count: 1, minTTL: 180, maxTTL: 180, info: info))
        }
        return DomainEvidence(domain: try! DNSName("flux.example."), addresses: list)
    }

    static func verdict(_ n: Int, _ asns: Int) -> Verdict {
        let e = evidence(addresses: n, asns: asns)
        return HolzModel().classify(FeatureExtractor.extract(e), evidence: e)
    }

    @Test func scoreIsThePublishedFormula() {
        #expect(abs(HolzModel.fluxScore(addresses: 10, asns: 7, nameServers: 3) - (13.2 + 129.78 - 142.38)) < 1e-9)
        // n_NS has weight 0: it never changes f.
        #expect(HolzModel.fluxScore(addresses: 5, asns: 2, nameServers: 0) == HolzModel.fluxScore(addresses: 5, asns: 2, nameServers: 99))
    }

    @Test func boundaryCases() {
        // With 7 ASNs the boundary lies between 9 and 10 addresses: f = -0.72 and +0.60.
        #expect(Self.verdict(9, 7).verdict == .benign)
        #expect(Self.verdict(10, 7).verdict == .fastFlux)
        // With one ASN it takes 94 addresses (f = +0.24); 93 give f = -1.08.
        #expect(Self.verdict(93, 1).verdict == .benign)
        #expect(Self.verdict(94, 1).verdict == .fastFlux)
        // A typical Avalanche-like answer over a few lookups: 40 agents in 25 ASNs.
        let v = Self.verdict(40, 25)
        #expect(v.verdict == .fastFlux)
        #expect(v.score > 0.99)
        #expect(v.evidence.first?.name == "f")
        #expect(abs((v.evidence.first?.value ?? 0) - (1.32 * 40 + 18.54 * 25 - 142.38)) < 1e-9)
    }

    @Test func scoreIsAboveHalfExactlyWhenFluxScoreIsPositive() {
        for (n, a) in [(9, 7), (10, 7), (93, 1), (94, 1), (1, 1), (8, 8)] {
            let v = Self.verdict(n, a)
            #expect((v.score > 0.5) == (v.verdict == .fastFlux), "\(n) \(a)")
        }
    }

    @Test func privateAddressesAreNotDiversity() {
        var e = Self.evidence(addresses: 10, asns: 7)
        for i in e.addresses.indices { e.addresses[i].address = .v4(IPv4Address(UInt32(0x0A00_0000 + i))) }
        let v = HolzModel().classify(FeatureExtractor.extract(e), evidence: e)
        #expect(v.verdict == .insufficientData)
    }

    @Test func missingEnrichmentIsInsufficientNotBenign() {
        var e = Self.evidence(addresses: 30, asns: 20)
        for i in e.addresses.indices { e.addresses[i].info = nil }
        let v = HolzModel().classify(FeatureExtractor.extract(e), evidence: e)
        #expect(v.verdict == .insufficientData)
        #expect(v.reason?.contains("ASN") == true)
    }

    @Test func zeekVariantWeighsByASNRatio() {
        // 10 addresses in 7 ASNs: (0.7) * (13.2 + 129.78) = 100.086 < 142.38: not flux for Zeek,
        // though Holz's own f is positive.
        let e = Self.evidence(addresses: 10, asns: 7)
        let z = ZeekFluxModel().classify(FeatureExtractor.extract(e), evidence: e)
        #expect(z.verdict == .benign)
        #expect(abs((z.evidence.first?.value ?? 0) - 0.7 * (13.2 + 129.78)) < 1e-9)
        let e2 = Self.evidence(addresses: 12, asns: 12)
        #expect(ZeekFluxModel().classify(FeatureExtractor.extract(e2), evidence: e2).verdict == .fastFlux)
    }
}
