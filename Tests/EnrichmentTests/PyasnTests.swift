import DNSWire
import Foundation
import Testing
@testable import Enrichment

@Suite struct PyasnTests {
    /// pyasn's 2014-05-13 table against `cymru.map`: 1,000 answers Team Cymru's whois gave
    /// for random addresses around that date. They cannot agree perfectly: Cymru answered
    /// from its own BGP view on a (probably) slightly different day, so prefixes announced
    /// or withdrawn in between, and multi-origin prefixes where Cymru picked another origin
    /// than this RIB's best path, differ. pyasn's authors report ~97%.
    @Test func agreesWithTeamCymru() throws {
        let table = try RouteTable.load(path: TestData.path("ip-to-asn/pyasn/ipasn_20140513.dat.gz"))
        #expect(table.name == "pyasn")
        #expect(table.report.badLines == 0)
        let text = try String(contentsOfFile: TestData.path("ip-to-asn/pyasn/cymru.map"), encoding: .utf8)
        var total = 0, agree = 0
        var disagreements: [String] = []
        for line in text.split(separator: "\n") where line.hasPrefix("'") {
            let parts = line.split(separator: "'")
            guard parts.count >= 2, let address = IPAddress(parts[0]) else { continue }
            let answer = line.split(separator: ":").last!.trimmingCharacters(in: CharacterSet(charactersIn: " ,"))
            let expected = answer == "None" ? nil : UInt32(answer)
            let got = table.route(for: address)?.asn
            total += 1
            if got == expected { agree += 1 } else if disagreements.count < 10 {
                disagreements.append("\(address): cymru \(answer), table \(got.map(String.init) ?? "none")")
            }
        }
        let rate = Double(agree) / Double(total)
        print("pyasn 2014 vs Team Cymru: \(agree)/\(total) agree (\(String(format: "%.1f", rate * 100))%); e.g. \(disagreements)")
        #expect(total == 1000)
        #expect(rate >= 0.95)
    }

    /// pyasn's own fake table: nested prefixes in both orders.
    @Test func fakeTableNesting() throws {
        let table = try RouteTable.load(path: TestData.path("ip-to-asn/pyasn/ipasn.fake"))
        let cases: [(String, UInt32?)] = [("1.0.0.3", 1), ("1.0.0.4", 2), ("1.0.0.255", 2), ("2.0.0.9", 3),
                                          ("2.0.1.0", nil), ("3.127.255.255", 5), ("3.128.0.0", 4), ("4.0.0.0", nil)]
        for (address, asn) in cases {
            #expect(table.route(for: IPAddress(address)!)?.asn == asn, "\(address)")
        }
    }

    /// The 2015 table with IPv6 prefixes.
    @Test func ipv6Table() throws {
        let table = try RouteTable.load(path: TestData.path("ip-to-asn/pyasn/ipasn6_20151101.dat.gz"))
        #expect(table.report.badLines == 0)
        #expect(table.report.routes > 600_000)
        let google = try #require(table.route(for: IPAddress("2001:4860:4860::8888")!))
        #expect(google.asn == 15169)
        #expect(google.prefix.description == "2001:4860::/32")
        let nested = try #require(table.route(for: IPAddress("2001:4860:4805::1")!))
        #expect(nested.asn == 43515)
        #expect(nested.prefix.description == "2001:4860:4805::/48")
        #expect(table.route(for: IPAddress("2001:4860:1:1:0:799d:0:1")!)?.prefix.length == 127)
    }
}
