import DNSWire
import Foundation
import Testing
@testable import Enrichment

@Suite struct IPPrefixTests {
    @Test(arguments: [
        ("192.0.2.0/24", "192.0.2.0/24"), ("192.0.2.77/24", "192.0.2.0/24"), ("10.1.2.3", "10.1.2.3/32"),
        ("0.0.0.0/0", "0.0.0.0/0"), ("2001:db8::1/32", "2001:db8::/32"), ("::/0", "::/0"),
        ("2001:db8:0:0:0:0:0:1", "2001:db8::1/128"),
    ])
    func parsesAndClearsHostBits(text: String, expected: String) {
        #expect(IPPrefix(text)?.description == expected)
    }

    @Test(arguments: ["192.0.2.0/33", "2001:db8::/129", "192.0.2.0/", "/24", "192.0.2.0/+1", "192.0.2.0/024x",
                      "300.0.0.0/8", "", "2001:db8::/-1"])
    func rejectsMalformed(text: String) {
        #expect(IPPrefix(text) == nil)
    }

    @Test func containsRespectsLengthAndFamily() throws {
        let net = try #require(IPPrefix("198.51.100.0/22"))
        #expect(net.contains(IPAddress("198.51.103.255")!))
        #expect(!net.contains(IPAddress("198.51.104.0")!))
        #expect(!net.contains(IPAddress("::ffff:198.51.100.1")!))
        #expect(net.lastAddress == IPAddress("198.51.103.255"))
        let all6 = try #require(IPPrefix("::/0"))
        #expect(all6.contains(IPAddress("ffff::1")!))
        #expect(try #require(IPPrefix("2001:db8::/127")).lastAddress == IPAddress("2001:db8::1"))
    }

    @Test func codableAsText() throws {
        let prefix = try #require(IPPrefix("2001:db8::/48"))
        let data = try JSONEncoder().encode([prefix])
        #expect(String(decoding: data, as: UTF8.self) == #"["2001:db8::\/48"]"#)
        #expect(try JSONDecoder().decode([IPPrefix].self, from: data) == [prefix])
    }
}
