import Testing
@testable import DNSWire

@Suite struct RDataTests {
    static func name(_ s: String) -> DNSName { try! DNSName(s) }

    /// Every typed case, with its presentation form as dig prints it.
    static let cases: [(RecordType, RData, String)] = [
        (.a, .a(IPv4Address(192, 0, 2, 1)), "192.0.2.1"),
        (.aaaa, .aaaa(IPv6Address("2001:db8::53")!), "2001:db8::53"),
        (.ns, .name(name("ns1.Example.com.")), "ns1.Example.com."),
        (.cname, .name(name("edge.cdn.example.")), "edge.cdn.example."),
        (.ptr, .name(name("host.example.")), "host.example."),
        (.dname, .name(name("example.net.")), "example.net."),
        (.soa, .soa(SOA(mname: name("ns.example."), rname: name("hostmaster.example."), serial: 2026112201,
                        refresh: 7200, retry: 900, expire: 1209600, minimum: 300)),
         "ns.example. hostmaster.example. 2026112201 7200 900 1209600 300"),
        (.mx, .mx(preference: 10, exchange: name("mail.example.")), "10 mail.example."),
        (.txt, .txt([Array("v=spf1 -all".utf8), [0x22, 0x5C, 0x07]]), "\"v=spf1 -all\" \"\\\"\\\\\\007\""),
        (.hinfo, .hinfo(cpu: Array("x86".utf8), os: Array("Linux".utf8)), "\"x86\" \"Linux\""),
        (.srv, .srv(priority: 0, weight: 5, port: 5060, target: name("sip.example.")), "0 5 5060 sip.example."),
        (.naptr, .naptr(NAPTR(order: 100, preference: 10, flags: Array("S".utf8), services: Array("SIP+D2U".utf8),
                              regexp: [], replacement: name("_sip._udp.example."))),
         "100 10 \"S\" \"SIP+D2U\" \"\" _sip._udp.example."),
        (.caa, .caa(flags: 0, tag: Array("issue".utf8), value: Array("letsencrypt.org".utf8)), "0 issue \"letsencrypt.org\""),
        (.ds, .ds(keyTag: 20326, algorithm: 8, digestType: 2, digest: [0xE0, 0x6D]), "20326 8 2 E06D"),
        (.dnskey, .dnskey(flags: 257, protocol: 3, algorithm: 8, publicKey: [1, 2, 3, 4]), "257 3 8 AQIDBA=="),
        (.rrsig, .rrsig(RRSIG(typeCovered: .a, algorithm: 13, labels: 2, originalTTL: 300, expiration: 1_700_000_000,
                              inception: 1_699_000_000, keyTag: 12345, signer: name("example."), signature: [0xFF, 0xEE])),
         "A 13 2 300 20231114221320 20231103082640 12345 example. /+4="),
        (.nsec, .nsec(next: name("b.example."), types: [.a, .ns, .rrsig, .nsec, .caa]), "b.example. A NS RRSIG NSEC CAA"),
        (.nsec3, .nsec3(NSEC3(hashAlgorithm: 1, flags: 1, iterations: 0, salt: [], nextHashedOwner: [0xFF, 0x00, 0x10, 0x20, 0x30],
                              types: [.a, .rrsig])), "1 1 0 - VS01081G A RRSIG"),
        (.https, .svcb(SVCB(priority: 1, target: .root, params: [SVCB.Param(key: 1, value: [2, 0x68, 0x32])])), "1 . key1=\"\\002h2\""),
        (RecordType(65280), .unknown([1, 2, 3]), "\\# 3 010203"),
        (RecordType(10), .unknown([]), "\\# 0"),
    ]

    @Test(arguments: 0..<cases.count)
    func roundTripAndPresentation(_ index: Int) throws {
        let (type, data, text) = RDataTests.cases[index]
        #expect(data.presentation(type: type) == text)
        var m = Message(id: 1, flags: HeaderFlags(rawValue: 0x8400))
        let owner = try DNSName("owner.example.")
        m.questions = [Question(name: owner, type: type)]
        m.answers = [ResourceRecord(name: owner, type: type, ttl: 42, data: data)]
        let bytes = try m.serialize()
        let back = try Message(wire: bytes)
        #expect(back == m)
        #expect(try back.serialize() == bytes)
    }

    @Test func unknownTypesAndClassesPrintGenerically() throws {
        #expect(RecordType(65280).description == "TYPE65280")
        #expect(RecordClass(0x1234).description == "CLASS4660")
        #expect(RecordType(mnemonic: "type65280") == RecordType(65280))
        #expect(RecordType(mnemonic: "AAAA") == .aaaa)
        #expect(RecordType(mnemonic: "TYPE+1") == nil)
        let rr = ResourceRecord(name: try DNSName("x."), type: RecordType(65280), recordClass: RecordClass(0x1234), ttl: 1, data: .unknown([0xAB]))
        var m = Message()
        m.answers = [rr]
        #expect(try Message(wire: m.serialize()).answers == [rr])
    }

    @Test func nameCompressionIsUsedAndUndone() throws {
        var m = Message(id: 2)
        let a = try DNSName("a.flux.example."), b = try DNSName("b.flux.example.")
        m.questions = [Question(name: a, type: .ns)]
        m.answers = [ResourceRecord(name: a, type: .ns, ttl: 1, data: .name(b)),
                     ResourceRecord(name: a, type: .ns, ttl: 1, data: .name(try DNSName("c.flux.example.")))]
        let bytes = try m.serialize()
        // Header 12; question 16 + 4; each answer a 2-octet owner pointer, 10 fixed octets and
        // RDATA of one label plus a pointer (4). Uncompressed it would be 12 + 20 + 2 * (16 + 10 + 16).
        #expect(bytes.count == 12 + 20 + 2 * (2 + 10 + 4))
        #expect(try Message(wire: bytes) == m)
    }

    @Test func svcbKeysMustIncrease() {
        // HTTPS 1 . with key 3 then key 1.
        let rdata: [UInt8] = [0, 1, 0, 0, 3, 0, 2, 0x01, 0xBB, 0, 1, 0, 0]
        var body: [UInt8] = [0x00, 0x00, 0x41, 0x00, 0x01, 0, 0, 0, 60, 0, UInt8(rdata.count)]
        body += rdata
        #expect(parseError(wire(an: 1, body))?.kind == .badRData)
    }

    @Test func clientSubnetOption() throws {
        let good = EDNSOption(code: 8, data: [0, 1, 24, 0, 192, 0, 2])
        let ecs = try good.clientSubnet()
        #expect(ecs.address == .v4(IPv4Address(192, 0, 2, 0)))
        #expect(ecs.sourcePrefixLength == 24)
        #expect(throws: DNSWireError.self) { try EDNSOption(code: 8, data: [0, 1, 24, 0, 192, 0]).clientSubnet() }
        #expect(throws: DNSWireError.self) { try EDNSOption(code: 8, data: [0, 1, 20, 0, 192, 0, 0x0F]).clientSubnet() }
        #expect(throws: DNSWireError.self) { try EDNSOption(code: 8, data: [0, 3, 0, 0]).clientSubnet() }
        #expect(throws: DNSWireError.self) { try EDNSOption(code: 10, data: [1, 2, 3]).validateCookie() }
        try EDNSOption(code: 10, data: Array(repeating: 0, count: 24)).validateCookie()
    }
}
