import DNSWire
import Foundation
import Testing
@testable import Enrichment

/// A scripted source: fixed answers, optional AS directory, optional failure.
private struct StubSource: NetworkSource {
    let name: String
    var answers: [IPAddress: NetworkInfo] = [:]
    var names: [UInt32: String] = [:]
    var failure: EnrichmentError?

    func lookup(_ address: IPAddress) throws(EnrichmentError) -> NetworkInfo? {
        if let failure { throw failure }
        return answers[address]
    }

    func asName(for asn: UInt32) -> String? { names[asn] }
}

@Suite struct EnricherTests {
    let address = IPAddress("198.18.0.1")!   // benchmarking space: also checks special flags
    let routable = IPAddress("93.184.216.34")!

    @Test func fieldsMergeInSourceOrder() {
        let asnOnly = StubSource(name: "table", answers: [routable: NetworkInfo(
            address: routable, asn: 15133, prefix: IPPrefix("93.184.216.0/24"), originSet: [15133, 64500])])
        let geo = StubSource(name: "geo", answers: [routable: NetworkInfo(
            address: routable, asn: 64999, prefix: IPPrefix("93.184.0.0/16"), asName: "OTHER", country: "US",
            flags: [.hostingProvider])], names: [15133: "EDGECAST"])
        let info = Enricher(sources: [asnOnly, geo], cdn: .empty).lookup(routable)
        #expect(info.asn == 15133)                          // first source with an ASN
        #expect(info.prefix == IPPrefix("93.184.216.0/24"))  // travels with the ASN
        #expect(info.originSet == [15133, 64500])
        #expect(info.asName == "EDGECAST")                   // not "OTHER": that names AS64999
        #expect(info.country == "US")                        // from the second source
        #expect(info.flags == [.hostingProvider])
        #expect(info.sources == ["table", "geo"])
    }

    @Test func asnZeroIsUnknown() {
        let unrouted = StubSource(name: "a", answers: [routable: NetworkInfo(address: routable, asn: 0)])
        let routed = StubSource(name: "b", answers: [routable: NetworkInfo(address: routable, asn: 3356, asName: "LEVEL3")])
        let info = Enricher(sources: [unrouted, routed], cdn: .empty).lookup(routable)
        #expect(info.asn == 3356)
        #expect(info.asName == "LEVEL3")
    }

    @Test func failingSourceIsReportedAndOthersStillAnswer() {
        let broken = StubSource(name: "broken", failure: EnrichmentError(.corrupt, "bad record", path: "/x.mmdb"))
        let good = StubSource(name: "good", answers: [routable: NetworkInfo(address: routable, asn: 3356)])
        let info = Enricher(sources: [broken, good], cdn: .empty).lookup(routable)
        #expect(info.asn == 3356)
        #expect(info.problems == ["broken: /x.mmdb: bad record (corrupt)"])
    }

    @Test func specialPurposeFlagsAlwaysApply() {
        let leaky = StubSource(name: "leaky", answers: [address: NetworkInfo(address: address, asn: 64500)])
        let info = Enricher(sources: [leaky], cdn: .empty).lookup(address)
        #expect(info.asn == 64500)
        #expect(info.flags == [.reserved, .bogon])
        #expect(info.isBogon)
        #expect(Enricher(sources: [], cdn: .empty).lookup(IPAddress("fd12::1")!).flags == [.privateUse, .bogon])
    }

    @Test func mappedAddressesAreLookedUpAsIPv4() {
        let v4 = IPAddress("8.8.8.8")!
        let source = StubSource(name: "s", answers: [v4: NetworkInfo(address: v4, asn: 15169)])
        let info = Enricher(sources: [source], cdn: .empty).lookup(IPAddress("::ffff:8.8.8.8")!)
        #expect(info.asn == 15169)
        #expect(info.address == IPAddress("::ffff:8.8.8.8")!)
    }

    @Test func cdnByRangeThenByASN() throws {
        let catalog = try CDNCatalog(tsv: "net\t192.0.2.0/24\tdocs-cdn\tcdn\ttest\nasn\tAS64501\tdocs-cloud\tcloud\ttest")
        let byASN = IPAddress("203.0.113.9")!
        let source = StubSource(name: "s", answers: [byASN: NetworkInfo(address: byASN, asn: 64501)])
        let enricher = Enricher(sources: [source], cdn: catalog)
        let ranged = enricher.lookup(IPAddress("192.0.2.55")!)
        #expect(ranged.flags.contains(.cdn) && ranged.provider == "docs-cdn")
        let owned = enricher.lookup(byASN)
        #expect(owned.flags.contains(.cloud) && owned.provider == "docs-cloud")
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: LibLocDatabase.defaultPath)))
    func realSourcesCombine() throws {
        let pfx2as = try #require(Pfx2asTests.table)
        let enricher = Enricher(sources: [pfx2as, try LibLocDatabase()])
        let info = enricher.lookup(IPAddress("1.2.4.77")!)
        #expect(info.asn == 24151)
        #expect(info.originSet == [24151, 24409, 24406])
        #expect(info.country == "CN")                 // pfx2as has no country: libloc's
        #expect(info.sources == ["pfx2as", "libloc"])
        let cloudflare = enricher.lookup(IPAddress("104.16.1.1")!)
        #expect(cloudflare.flags.contains(.cdn) && cloudflare.provider == "cloudflare")
    }
}
