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

    /// The hand-written digits (`description`, `appendText`) against integer formatting, for
    /// every octet value in every position.
    @Test func ipv4TextEveryOctet() {
        for octet in 0...255 {
            for shift in [24, 16, 8, 0] {
                let a = IPv4Address(UInt32(octet) << UInt32(shift) | (shift == 0 ? 0 : 7))
                let o = a.octets
                let expected = [o.0, o.1, o.2, o.3].map { String($0) }.joined(separator: ".")
                #expect(a.description == expected)
                var bytes: [UInt8] = [UInt8(ascii: "x")]
                a.appendText(to: &bytes)
                #expect(bytes == [UInt8(ascii: "x")] + Array(expected.utf8))
                #expect(IPv4Address(expected) == a)
            }
        }
        #expect(IPv4Address(0xFFFF_FFFF).description == "255.255.255.255")
        #expect(IPv4Address(0).description == "0.0.0.0")
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

@Suite struct SpecialPurposeTests {
    @Test(arguments: [
        ("10.1.2.3", true), ("100.64.0.1", true), ("127.0.0.1", true), ("192.0.2.55", true), ("198.19.255.255", true),
        ("198.20.0.0", false), ("224.0.0.251", true), ("255.255.255.255", true), ("0.1.2.3", true),
        ("8.8.8.8", false), ("192.0.0.9", false), ("192.0.0.8", true), ("192.31.196.1", false),
        ("::", true), ("::1", true), ("fe80::1", true), ("fd00::1", true), ("ff02::fb", true), ("2001:db8::1", true),
        ("3fff::1", true), ("2001:2::1", true), ("2001::1", false), ("2001:4:112::1", false), ("2a00:1450::1", false),
        ("4000::1", true), ("::ffff:10.0.0.1", true), ("::ffff:8.8.8.8", false), ("2002:c000:204::1", false),
    ])
    func isSpecialPurpose(_ text: String, _ special: Bool) throws {
        let address = try #require(IPAddress(text))
        #expect(address.isSpecialPurpose == special, "\(text)")
    }

    @Test func mostSpecificBlockWins() throws {
        let pcp = try #require(SpecialPurposeBlock.match(IPAddress("192.0.0.9")!))
        #expect(pcp.length == 32 && pcp.isAnycast && pcp.globallyReachable)
        let ietf = try #require(SpecialPurposeBlock.match(IPAddress("192.0.0.200")!))
        #expect(ietf.length == 24 && !ietf.globallyReachable)
        #expect(SpecialPurposeBlock.match(IPAddress("9.9.9.9")!) == nil)
    }

    /// `match` skips IPv4 addresses whose first octet starts no block: it must find what a
    /// scan of the whole registry finds, for addresses under every first octet.
    @Test func firstOctetShortcutMissesNoBlock() {
        for first in 0..<256 {
            for rest: UInt32 in [0, 0x0000_0001, 0x0000_0009, 0x0000_000A, 0x001F_C401, 0x0034_C101, 0x0058_6301, 0x00A8_0001,
                                 0x00AF_3001, 0x0012_0000, 0x0013_FFFF, 0x0040_0000, 0x00FE_0000, 0x00FF_FFFF] {
                let address = IPAddress.v4(IPv4Address(UInt32(first) << 24 | rest))
                var best: SpecialPurposeBlock?
                for block in SpecialPurposeBlock.registry where block.contains(address) && block.length > best?.length ?? -1 {
                    best = block
                }
                #expect(SpecialPurposeBlock.match(address) == best, "\(address)")
                if case .v4(let v4) = address {
                    #expect(SpecialPurposeBlock.match(.v6(IPv6Address(0xFFFF_0000_0000 | UInt128(v4.value)))) == best)
                }
            }
        }
    }
}
