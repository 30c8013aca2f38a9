import DNSWire
import Foundation
import FluxModel
import Testing
@testable import Detection

@Suite struct FeatureExtractorTests {
    static let t0: Timestamp = 1_700_000_000

    static func addr(_ s: String, asn: UInt32?, country: String? = nil, first: Double, last: Double,
                     ttl: UInt32? = 300, cdn: String? = nil) -> DomainEvidence.Address {
        .init(address: IPAddress(s)!, firstSeen: t0 + first, lastSeen: t0 + last, count: 1, minTTL: ttl, maxTTL: ttl,
              info: asn.map { AddressInfo(asn: $0, country: country, cdnProvider: cdn) })
    }

    @Test func answerFeaturesByHand() throws {
        let e = DomainEvidence(domain: try DNSName("x.example."), addresses: [
            Self.addr("11.1.1.1", asn: 1, country: "US", first: 0, last: 100, ttl: 60),
            Self.addr("11.1.2.1", asn: 1, country: "US", first: 0, last: 50, ttl: 120),
            Self.addr("12.0.0.1", asn: 2, country: "DE", first: 50, last: 100, ttl: 600),
            Self.addr("10.0.0.1", asn: nil, first: 0, last: 100, ttl: 60),  // private: not diversity
        ])
        let f = FeatureExtractor.extract(e)
        #expect(f[.distinctAddresses] == 3)
        #expect(f[.distinctASNs] == 2)
        #expect(f[.distinctPrefixes16] == 2)   // 11.1/16 and 12.0/16
        #expect(f[.distinctPrefixes24] == 3)
        #expect(f[.distinctCountries] == 2)
        #expect(f[.specialShare] == 0.25)
        #expect(f[.addressesPerASN] == 1.5)
        // /16 prefixes [11.1, 11.1, 12.0]: H = -(2/3 ln 2/3 + 1/3 ln 1/3) / ln 3.
        let twoThirds: Double = 2.0 / 3, oneThird: Double = 1.0 / 3
        let h: Double = -(twoThirds * log(twoThirds) + oneThird * log(oneThird)) / log(3.0)
        #expect(abs((f[.prefix16Entropy] ?? -1) - h) < 1e-12)
        // TTL samples 60, 120, 600, 60 (the private address still has a TTL).
        #expect(f[.ttlMin] == 60)
        #expect(f[.ttlMedian] == 90)
        #expect(f[.ttlMean] == 210)
        #expect(f[.ttlDistinct] == 3)
        #expect(f[.ttlShareUnder300] == 0.75)
        // Lifetimes 100, 50, 50, 100 over a span of 100.
        #expect(f[.observedSpan] == 100)
        #expect(f[.addressLifetimeShare] == 0.75)
        #expect(f[.cdnShare] == 0)
    }

    @Test func unknownIsNotZero() throws {
        // Passive-DNS style: no TTLs, no lookups, no enrichment.
        let e = DomainEvidence(domain: try DNSName("p.example."), addresses: [
            Self.addr("11.1.1.1", asn: nil, first: 0, last: 0, ttl: nil),
        ])
        let f = FeatureExtractor.extract(e)
        #expect(f[.distinctAddresses] == 1)
        #expect(f[.distinctASNs] == nil)
        #expect(f[.ttlMin] == nil)
        #expect(f[.lookups] == nil)
        #expect(f[.freshAddressRate] == nil)
        #expect(f[.consumerReverseShare] == nil)
        #expect(f[.distinctNameServers] == nil)
    }

    @Test func temporalFeaturesFromAnswerSets() throws {
        let a = IPAddress("11.0.0.1")!, b = IPAddress("11.0.0.2")!, c = IPAddress("12.0.0.3")!, d = IPAddress("13.0.0.4")!
        let name = try DNSName("t.example.")
        func set(_ xs: [IPAddress], _ first: Double, _ last: Double, _ count: Int) -> AnswerSetTally {
            AnswerSetTally(key: AnswerSetKey(name: name, type: .a, addresses: xs), firstSeen: first, lastSeen: last, count: count)
        }
        let e = DomainEvidence(domain: name, answerSets: [
            set([a, b], 0, 10, 3),   // 3 lookups, same set
            set([b, c], 20, 20, 1),  // c is fresh
            set([c, d], 30, 30, 1),  // d is fresh
        ])
        let f = FeatureExtractor.extract(e)
        #expect(f[.lookups] == 5)
        #expect(f[.distinctAnswerSets] == 3)
        #expect(f[.answerSetChangeRate] == 0.5)   // (3 - 1) / (5 - 1)
        #expect(f[.freshAddressRate] == 0.5)      // 2 fresh over 4 later lookups
        #expect(f[.addressGrowthRatio] == 0.8)    // 4 distinct over 5 lookups
        #expect(f[.meanAnswerSize] == 2)
    }

    @Test func doubleFluxFeatures() throws {
        let zone = try DNSName("evil.example.")
        let ns = [("ns1.evil.example.", 0.0, 100.0), ("ns2.evil.example.", 0.0, 40.0), ("ns.other.net.", 60.0, 100.0)]
        let e = DomainEvidence(domain: zone, nameServers: try ns.map {
            .init(name: try DNSName($0.0), firstSeen: $0.1, lastSeen: $0.2, count: 2)
        }, nameServerAddresses: [
            Self.addr("11.0.0.1", asn: 10, first: 0, last: 10, ttl: 60),
            Self.addr("12.0.0.1", asn: 20, first: 0, last: 10, ttl: 90),
            Self.addr("192.168.1.1", asn: 30, first: 0, last: 10, ttl: 5),
        ].map { var x = $0; if x.address == IPAddress("192.168.1.1")! { x.info?.isSpecial = true }; return x })
        let f = FeatureExtractor.extract(e)
        #expect(f[.distinctNameServers] == 3)
        #expect(f[.nameServerChanges] == 2)         // two did not last 90% of the span
        #expect(abs((f[.nameServersInZone] ?? 0) - 2.0 / 3) < 1e-12)
        #expect(f[.nameServerAddresses] == 2)       // the private one does not count
        #expect(f[.nameServerASNs] == 2)
        #expect(f[.glueTTLMin] == 60)
    }

    @Test func reverseNameHints() {
        #expect(ReverseNameHints.consumerShare([]) == nil)
        #expect(ReverseNameHints.consumerShare(["dsl-1-2-3-4.isp.example.", "www.example.com.", "c-73-1-1-1.hsd1.ca.comcast.net.", "pool-1.verizon.net."]) == 0.5)
    }
}
