import DNSWire
import Testing
@testable import Enrichment

@Suite struct CDNCatalogTests {
    @Test func builtInTableParsesAndIsSubstantial() {
        let catalog = CDNCatalog.builtIn
        #expect(catalog.networkCount > 10_000)
        #expect(catalog.cnameSuffixes.count > 50)
    }

    @Test(arguments: [
        ("104.16.1.1", "cloudflare", CDNCatalog.Kind.cdn),
        ("2606:4700::6810:1", "cloudflare", .cdn),
        ("13.32.1.1", "cloudfront", .cdn),     // CloudFront inside AWS: the CDN row wins
        ("151.101.1.1", "fastly", .cdn),
        ("3.5.140.1", "aws", .cloud),
        ("::ffff:104.16.1.1", "cloudflare", .cdn),
    ])
    func publishedRangesMatch(address: String, provider: String, kind: CDNCatalog.Kind) throws {
        let match = try #require(CDNCatalog.builtIn.match(IPAddress(address)!))
        #expect(match.provider == provider)
        #expect(match.kind == kind)
        #expect(!match.sources.isEmpty)
    }

    @Test(arguments: ["192.0.2.1", "10.0.0.1", "2001:db8::1"])
    func unlistedAddressesDoNotMatch(address: String) {
        #expect(CDNCatalog.builtIn.match(IPAddress(address)!) == nil)
    }

    @Test func asnsAndCNAMEs() {
        let catalog = CDNCatalog.builtIn
        #expect(catalog.match(asn: 20940)?.provider == "akamai")
        #expect(catalog.match(asn: 64512) == nil)
        #expect(catalog.match(cname: "d1234.cloudfront.net.")?.provider == "cloudfront")
        #expect(catalog.match(cname: "E1234.A.AKAMAIEDGE.NET")?.provider == "akamai")
        #expect(catalog.match(cname: "cloudfront.net")?.provider == "cloudfront")
        #expect(catalog.match(cname: "notcloudfront.net") == nil)   // label boundary
        #expect(catalog.match(cname: "example.com") == nil)
        #expect(catalog.match(cname: "") == nil)
    }

    @Test func malformedRowsAreErrorsWithTheLine() {
        #expect {
            try CDNCatalog(tsv: "net\t192.0.2.0/24\tx\tcdn\ts\nnet\t192.0.2.0/99\tx\tcdn\ts\n", name: "t.tsv")
        } throws: { error in
            (error as? EnrichmentError)?.line == 2 && (error as? EnrichmentError)?.path == "t.tsv"
        }
        #expect(throws: EnrichmentError.self) { try CDNCatalog(tsv: "net\t192.0.2.0/24\tx\tedge\ts") }
        #expect(throws: EnrichmentError.self) { try CDNCatalog(tsv: "asn\t13335\tx\tcdn\ts") }
    }
}
