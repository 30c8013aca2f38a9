import Testing
@testable import DNSWire

@Suite struct RDataFromTextTests {
    @Test(arguments: 0..<RDataTests.cases.count)
    func presentationRoundTrip(_ index: Int) throws {
        let (type, data, text) = RDataTests.cases[index]
        let parsed = try RData(presentation: text, type: type)
        #expect(parsed == data)
        #expect(parsed.presentation(type: type) == text)
    }

    @Test func genericFormDecodesKnownTypes() throws {
        #expect(try RData(presentation: "\\# 4 C0000201", type: .a) == .a(IPv4Address(192, 0, 2, 1)))
        #expect(try RData(presentation: "\\# 3 01 0203", type: RecordType(65280)) == .unknown([1, 2, 3]))
        #expect(try RData(presentation: "\\# 0", type: RecordType(10)) == .unknown([]))
        // An NS name in wire form: 2 "ns" 0.
        #expect(try RData(presentation: "\\# 4 026e7300", type: .ns) == .name(try DNSName("ns.")))
        #expect(throws: DNSWireError.self) { try RData(presentation: "\\# 5 C0000201", type: .a) }
        #expect(throws: DNSWireError.self) { try RData(presentation: "\\# 3 C00002", type: .a) }
        #expect(throws: DNSWireError.self) { try RData(presentation: "\\# 2 ABC", type: .txt) }
    }

    @Test func relativeNamesUseTheOrigin() throws {
        let origin = try DNSName("example.com.")
        #expect(try RData(presentation: "ns1", type: .ns, origin: origin) == .name(try DNSName("ns1.example.com.")))
        #expect(try RData(presentation: "@", type: .cname, origin: origin) == .name(origin))
        #expect(try RData(presentation: "10 mx", type: .mx, origin: origin)
                == .mx(preference: 10, exchange: try DNSName("mx.example.com.")))
    }

    @Test func multiLineFormsAndUnits() throws {
        let key = try RData(presentation: "257 3 8 ( AQID\n BA== ) ; the key", type: .dnskey)
        #expect(key == .dnskey(flags: 257, protocol: 3, algorithm: 8, publicKey: [1, 2, 3, 4]))
        let soa = try RData(presentation: "ns. host. 2026010101 1h 15m 2w 5M", type: .soa)
        guard case .soa(let s) = soa else { Issue.record("not an SOA"); return }
        #expect([s.refresh, s.retry, s.expire, s.minimum] == [3600, 900, 1_209_600, 300])
        #expect(try RData(presentation: "20326 8 2 E06D 0A0B", type: .ds)
                == .ds(keyTag: 20326, algorithm: 8, digestType: 2, digest: [0xE0, 0x6D, 0x0A, 0x0B]))
    }

    @Test func characterStrings() throws {
        #expect(try RData(presentation: #""a;b" c "\065\"""#, type: .txt)
                == .txt([Array("a;b".utf8), Array("c".utf8), [65, 0x22]]))
        #expect(try RData(presentation: "0 issue letsencrypt.org", type: .caa)
                == .caa(flags: 0, tag: Array("issue".utf8), value: Array("letsencrypt.org".utf8)))
        let long = String(repeating: "x", count: 256)
        #expect(throws: DNSWireError.self) { try RData(presentation: "\"\(long)\"", type: .txt) }
        #expect(throws: DNSWireError.self) { try RData(presentation: "\"open", type: .txt) }
    }

    @Test func errorsNameTheField() {
        func reason(_ text: String, _ type: RecordType) -> String {
            do { _ = try RData(presentation: text, type: type); return "no error" } catch { return error.reason }
        }
        #expect(reason("10", .mx) == "MX: missing exchange")
        #expect(reason("70000 mx.", .mx).contains("preference '70000' is not a number from 0 to 65535"))
        #expect(reason("192.0.2.1 extra", .a).contains("unexpected 'extra'"))
        #expect(reason("192.0.2.256", .a).contains("not an IPv4 address"))
        #expect(reason("1 2", .srv) == "SRV: missing port")
        #expect(reason("( 1", .a) == "unbalanced parentheses")
        #expect(reason("3 1 ab", RecordType(44)).contains("use the generic form"))
        #expect(reason("0 . port=53", .https).contains("generic keyNNNNN=value"))
        #expect(reason("A 13 2 300 20231131000000 20231103082640 1 example. AA==", .rrsig).contains("not a valid date"))
    }

    @Test func ttlValues() {
        #expect(PresentationToken(Array("3600".utf8)).ttlValue == 3600)
        #expect(PresentationToken(Array("1h30m".utf8)).ttlValue == 5400)
        #expect(PresentationToken(Array("1W".utf8)).ttlValue == 604_800)
        #expect(PresentationToken(Array("1h30".utf8)).ttlValue == nil)
        #expect(PresentationToken(Array("4294967296".utf8)).ttlValue == nil)
        #expect(PresentationToken(Array("h".utf8)).ttlValue == nil)
    }
}
