import DNSWire
import Foundation
import Testing
@testable import Enrichment

/// The iptoasn.com excerpt (1,427 rows of `first last asn country description`).
@Suite struct IPToASNTests {
    static let path = TestData.path("ip-to-asn/iptoasn-excerpt/ip2asn-v4.tsv")

    @Test func everyRowsEndsMapToTheRow() throws {
        let table = try RouteTable.load(path: IPToASNTests.path)
        #expect(table.name == "iptoasn")
        #expect(table.report.badLines == 0)
        let text = try String(contentsOfFile: IPToASNTests.path, encoding: .utf8)
        var rows = 0
        for line in text.split(separator: "\n") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            let first = try #require(IPAddress(f[0])), last = try #require(IPAddress(f[1]))
            let asn = try #require(UInt32(f[2]))
            rows += 1
            for address in [first, last] {
                let info = table.lookup(address)
                if asn == 0 {
                    #expect(info == nil, "\(address) is not routed")
                } else {
                    #expect(info?.asn == asn, "\(address)")
                    #expect(info?.country == (f[3] == "None" ? nil : String(f[3])), "\(address)")
                    #expect(info?.asName == String(f[4]), "\(address)")
                }
            }
        }
        #expect(rows == 1427)
    }

    @Test func singleAddressRowInsideNeighbours() throws {
        let table = try RouteTable.load(path: IPToASNTests.path)
        let odd = try #require(table.lookup(IPAddress("1.1.1.1")!))
        #expect(odd.asn == 7497)
        #expect(odd.prefix?.description == "1.1.1.1/32")
        #expect(odd.country == "CN")
        let cloudflare = try #require(table.lookup(IPAddress("1.1.1.77")!))
        #expect(cloudflare.asn == 13335)
        #expect(cloudflare.prefix?.description == "1.1.1.64/26")   // 1.1.1.2-1.1.1.255 split into CIDRs
        #expect(cloudflare.asName == "CLOUDFLARENET - Cloudflare, Inc.")
    }
}
