import Testing
@testable import DNSWire

@Suite struct DNSNameTests {
    @Test func caseIsKeptButIgnoredInComparison() throws {
        let a = try DNSName("WWW.Example.COM."), b = try DNSName("www.example.com")
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a.description == "WWW.Example.COM.")
        #expect(a != (try DNSName("www.example.net.")))
    }

    @Test func escapesRoundTrip() throws {
        let n = try DNSName(labels: [[0x61, 0x2E, 0x62], [0x00, 0x20, 0x5C], Array("com".utf8)])
        #expect(n.description == "a\\.b.\\000\\032\\\\.com.")
        #expect(try DNSName(n.description) == n)
        #expect(try DNSName(n.description).wire == n.wire)
    }

    @Test func relativeNamesAndOrigin() throws {
        let origin = try DNSName("example.com.")
        #expect(try DNSName("www", origin: origin).description == "www.example.com.")
        #expect(try DNSName("@", origin: origin) == origin)
        #expect(try DNSName("host.").description == "host.")
        #expect(DNSName.root.description == ".")
    }

    @Test func badText() {
        for bad in ["", "a..b", "\\", "\\25", "\\256", String(repeating: "a", count: 64) + ".com"] {
            #expect(throws: DNSWireError.self, "\(bad)") { try DNSName(bad) }
        }
        let long = Array(repeating: "abcdefghi", count: 26).joined(separator: ".")
        #expect(throws: DNSWireError.self) { try DNSName(long) }
    }

    @Test func subdomains() throws {
        let zone = try DNSName("Example.com.")
        #expect(try DNSName("a.b.example.COM.").isSubdomain(of: zone))
        #expect(try DNSName("example.com.").isSubdomain(of: zone))
        #expect(try !DNSName("xexample.com.").isSubdomain(of: zone))
        #expect(try !DNSName("com.").isSubdomain(of: zone))
        #expect(try DNSName("a.b.c.").parent.description == "b.c.")
        #expect(try DNSName("a.b.c.").labelCount == 3)
    }

    @Test func canonicalOrder() throws {
        // RFC 4034 section 6.1 example order.
        let ordered = ["example.", "a.example.", "yljkjljk.a.example.", "Z.a.example.", "zABC.a.EXAMPLE.", "z.example.", "\\001.z.example.", "*.z.example.", "\\200.z.example."]
        let names = try ordered.map { try DNSName($0) }
        #expect(names.shuffled().sorted() == names)
    }
}
