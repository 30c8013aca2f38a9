import Testing
@testable import Enrichment

@Suite struct DatabaseFormatTests {
    @Test(arguments: [
        ("ip-to-asn/caida-pfx2as/routeviews-rv2-20170329-0200.pfx2as.gz", DatabaseFormat.pfx2as),
        ("ip-to-asn/pyasn/ipasn_20140513.dat.gz", .pyasn),
        ("ip-to-asn/pyasn/ipasn_20080501_v12.dat.gz", .pyasn),
        ("ip-to-asn/pyasn/ipasn6_20151101.dat.gz", .pyasn),
        ("ip-to-asn/pyasn/ipasn.fake", .pyasn),
        ("ip-to-asn/iptoasn-excerpt/ip2asn-v4.tsv", .iptoasn),
        ("mmdb/test-data/GeoLite2-ASN-Test.mmdb", .maxmind),
        ("mmdb/test-data/GeoIP2-City-Test.mmdb", .maxmind),
    ])
    func detectsFromContent(relative: String, format: DatabaseFormat) throws {
        #expect(try DatabaseFormat.detect(path: TestData.path(relative)) == format)
    }

    @Test func detectsLibloc() throws {
        #expect(try DatabaseFormat.detect(path: LibLocDatabase.defaultPath) == .libloc)
    }
}
