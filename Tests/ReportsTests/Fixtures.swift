import DNSWire
import Detection
import FluxModel
@testable import Reports

/// A small world of verdicts for the export tests: one fast-flux and one double-flux domain
/// in one network, and one benign domain that must never be exported.
enum Fixtures {
    static let t0: Timestamp = 1_763_769_600  // 2025-11-22 00:00:00 UTC

    static func address(_ s: String, asn: UInt32, country: String, first: Double, last: Double, count: Int = 3) -> DomainEvidence.Address {
        .init(address: IPAddress(s)!, firstSeen: t0 + first, lastSeen: t0 + last, count: count, minTTL: 180, maxTTL: 180,
              info: AddressInfo(asn: asn, country: country))
    }

    static func verdict(_ name: String, _ cls: Verdict.Class, _ score: Double) -> Verdict {
        Verdict(domain: try! DNSName(name), level: .fqdn, verdict: cls, score: score, model: "fluxscope",
                features: FeatureVector(), evidence: [])
    }

    static var items: [ExportItem] {
        let flux = DomainEvidence(domain: try! DNSName("Shop.Flux-Example.test."), addresses: [
            address("11.0.0.1", asn: 7922, country: "US", first: 0, last: 3600),
            address("82.1.2.3", asn: 3320, country: "DE", first: 600, last: 7200),
            address("2001:4860::8", asn: 15169, country: "US", first: 0, last: 60),
            address("10.1.1.1", asn: 64512, country: "ZZ", first: 0, last: 60),
        ])
        let double = DomainEvidence(domain: try! DNSName("dbl.flux-example.test."), addresses: [
            address("11.0.0.1", asn: 7922, country: "US", first: 100, last: 4000),
            address("82.1.2.3", asn: 3320, country: "DE", first: 700, last: 8000),
        ], nameServers: [.init(name: try! DNSName("ns1.dbl.flux-example.test."), firstSeen: t0, lastSeen: t0 + 100, count: 4)],
           nameServerAddresses: [address("89.9.9.9", asn: 3215, country: "FR", first: 0, last: 100)])
        let benign = DomainEvidence(domain: try! DNSName("www.benign.test."), addresses: [address("93.184.216.34", asn: 15133, country: "US", first: 0, last: 10)])
        return [
            ExportItem(verdict: verdict("Shop.Flux-Example.test.", .fastFlux, 0.975), evidence: flux, networkID: "fn-00000001"),
            ExportItem(verdict: verdict("dbl.flux-example.test.", .doubleFlux, 0.91), evidence: double, networkID: "fn-00000001"),
            ExportItem(verdict: verdict("www.benign.test.", .cdn, 0.02), evidence: benign),
        ]
    }

    static var network: FluxNetwork {
        FluxNetwork(id: "fn-00000001", domains: [try! DNSName("dbl.flux-example.test."), try! DNSName("Shop.Flux-Example.test.")],
                    agents: [IPAddress("11.0.0.1")!, IPAddress("82.1.2.3")!], asns: [3320, 7922], countries: ["DE", "US"],
                    firstSeen: t0, lastSeen: t0 + 8000, growth: [])
    }

    static let context = ExportContext(windowStart: t0, windowEnd: t0 + 8000, model: "fluxscope", modelVersion: "1", generated: t0 + 9000)
}
