import DNSWire
import Testing

@Suite struct RDataWireTests {
    static let samples: [(RecordType, RData)] = [
        (.a, .a(IPv4Address(192, 0, 2, 1))),
        (.aaaa, .aaaa(IPv6Address("2001:db8::1")!)),
        (.ns, .name(try! DNSName("Ns1.Example.NET."))),
        (.mx, .mx(preference: 5, exchange: try! DNSName("mx.example."))),
        (.soa, .soa(SOA(mname: try! DNSName("ns.example."), rname: try! DNSName("hostmaster.example."),
                        serial: 1, refresh: 2, retry: 3, expire: 4, minimum: 5))),
        (.txt, .txt([[], Array("hello".utf8), [0, 255]])),
        (.srv, .srv(priority: 1, weight: 2, port: 443, target: try! DNSName("svc.example."))),
        (.caa, .caa(flags: 0, tag: Array("issue".utf8), value: Array("ca.example".utf8))),
        (RecordType(65280), .unknown([9, 8, 7])),
    ]

    @Test(arguments: samples.indices)
    func wireBytesParseBackExactly(index: Int) throws {
        let (type, data) = Self.samples[index]
        let bytes = try data.wireBytes(type: type)
        let back = try RData(wire: bytes, type: type)
        #expect(back == data)
        #expect(back.presentation(type: type) == data.presentation(type: type))  // case kept too
    }

    @Test func soaNamesAreNotCompressed() throws {
        // mname and rname share a suffix: the standalone form must still spell both in full.
        let soa = RData.soa(SOA(mname: try DNSName("ns.example."), rname: try DNSName("hm.example."),
                                serial: 0, refresh: 0, retry: 0, expire: 0, minimum: 0))
        #expect(try soa.wireBytes(type: .soa).count == 12 + 12 + 20)
    }

    @Test func lowercasedNamesGiveOneKeyPerEqualityClass() throws {
        let upper = RData.mx(preference: 1, exchange: try DNSName("MX.Example."))
        let lower = RData.mx(preference: 1, exchange: try DNSName("mx.example."))
        #expect(upper == lower)
        #expect(try upper.wireBytes(type: .mx) != lower.wireBytes(type: .mx))
        #expect(try upper.lowercasedNames.wireBytes(type: .mx) == lower.wireBytes(type: .mx))
        // Text is data, not a name: its case is kept.
        let txt = RData.txt([Array("MiXeD".utf8)])
        #expect(txt.lowercasedNames == txt)
    }

    @Test func hostileBytesThrowInsteadOfTrapping() {
        #expect(throws: DNSWireError.self) { try RData(wire: [1, 2, 3], type: .a) }
        #expect(throws: DNSWireError.self) { try RData(wire: [1, 2, 3, 4, 5], type: .a) }
        #expect(throws: DNSWireError.self) { try RData(wire: [0xC0, 0x00], type: .ns) }  // self-pointer
        #expect(throws: DNSWireError.self) { try RData(wire: [3, 0x61, 0x62], type: .cname) }  // cut short
        #expect(throws: DNSWireError.self) { try RData(wire: [], type: .mx) }
    }
}
