import Testing
@testable import DNSWire

@Suite struct IPAddressTests {
    @Test func ipv4RoundTrip() {
        #expect(IPv4Address("192.0.2.1")?.description == "192.0.2.1")
        #expect(IPv4Address("192.0.2.1")?.value == 0xC000_0201)
        for bad in ["", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1..2.3", "a.b.c.d", "1.2.3.4 "] {
            #expect(IPv4Address(bad) == nil, "\(bad)")
        }
    }

    @Test func ipv6Rfc5952() {
        let cases: [(String, String)] = [
            ("::", "::"), ("::1", "::1"), ("2001:db8::1", "2001:db8::1"),
            ("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
            ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
            ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
            ("::ffff:192.0.2.1", "::ffff:192.0.2.1"), ("fe80::", "fe80::"),
            ("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"),
        ]
        for (input, text) in cases { #expect(IPv6Address(input)?.description == text, "\(input)") }
        for bad in ["", ":", ":::", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "1:", "g::", "::1%eth0"] {
            #expect(IPv6Address(bad) == nil, "\(bad)")
        }
    }
}
