import DNSWire
import Testing
@testable import Enrichment

/// The full CAIDA RouteViews snapshot of 2017-03-29 against prefixes checked by hand
/// (`zcat … | grep`), including a multi-origin (`_`) line and AS-set (`,`) lines.
@Suite struct Pfx2asTests {
    static let path = TestData.path("ip-to-asn/caida-pfx2as/routeviews-rv2-20170329-0200.pfx2as.gz")
    static let table: RouteTable? = try? RouteTable.load(path: path)

    @Test func loadsEveryLine() throws {
        let table = try #require(Pfx2asTests.table)
        #expect(table.name == "pfx2as")
        #expect(table.report.lines == 694_682)
        #expect(table.report.badLines == 0)
        #expect(table.report.routes == 694_682)
    }

    @Test(arguments: [
        // address, expected prefix, origin, origin set
        ("8.8.8.8", "8.8.8.0/24", UInt32(15169), [UInt32]()),
        // line 106 `1.2.4.0 24 24151_24409_24406`: multi-origin, first listed wins.
        ("1.2.4.77", "1.2.4.0/24", 24151, [24151, 24409, 24406]),
        // line 11466 `8.41.202.0 24 40179,65602`: an AS set.
        ("8.41.202.9", "8.41.202.0/24", 40179, [40179, 65602]),
        // line 45056 `37.99.128.0 19 47794_47794,48695`: both, repeated origin once.
        ("37.99.150.1", "37.99.128.0/19", 47794, [47794, 48695]),
        ("37.99.140.1", "37.99.140.0/24", 47794, []),
        // 37.142.0.0/16 … /22 nest; 37.142.4.1 is past the /22, inside the /20.
        ("37.142.4.1", "37.142.0.0/20", 12849, []),
        ("1.0.128.1", "1.0.128.0/24", 23969, []),
        ("1.0.130.1", "1.0.128.0/19", 9737, []),   // no /24 for 1.0.130.0: back to the /19
        ("193.0.14.129", "193.0.14.0/24", 25152, []),
    ])
    func longestPrefixMatchesHandCheckedLines(address: String, prefix: String, asn: UInt32, origins: [UInt32]) throws {
        let table = try #require(Pfx2asTests.table)
        let route = try #require(table.route(for: IPAddress(address)!))
        #expect(route.prefix.description == prefix)
        #expect(route.asn == asn)
        #expect((route.originSet ?? []) == origins)
        #expect(table.asn(for: IPv4Address(address)!) == asn)
    }

    @Test(arguments: ["1.0.0.1", "0.0.0.0", "255.255.255.255", "10.1.2.3"])
    func unannouncedAddressesHaveNoRoute(address: String) throws {
        let table = try #require(Pfx2asTests.table)
        #expect(table.route(for: IPAddress(address)!) == nil)
        #expect(table.lookup(IPAddress(address)!) == nil)
    }
}
