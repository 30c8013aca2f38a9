import DNSWire
import Testing
@testable import Enrichment

private let privateBogon: NetworkFlags = [.privateUse, .bogon]
private let reservedBogon: NetworkFlags = [.reserved, .bogon]
private let documentation: NetworkFlags = [.documentation, .bogon]
private let globalAnycast: NetworkFlags = [.reserved, .anycast]

private let cases: [(String, NetworkFlags)] = [
    ("10.20.30.40", privateBogon),
    ("172.31.255.255", privateBogon),
    ("172.32.0.1", []),
    ("192.168.1.1", privateBogon),
    ("100.64.0.1", privateBogon),
    ("127.0.0.1", privateBogon),
    ("169.254.1.1", privateBogon),
    ("0.1.2.3", reservedBogon),
    ("192.0.2.10", documentation),
    ("198.51.100.1", documentation),
    ("203.0.113.200", documentation),
    ("198.19.0.1", reservedBogon),
    ("224.0.0.251", reservedBogon),
    ("240.0.0.1", reservedBogon),
    ("255.255.255.255", reservedBogon),
    ("192.0.0.8", reservedBogon),
    ("192.0.0.9", globalAnycast),          // PCP anycast: globally reachable
    ("192.31.196.1", globalAnycast),       // AS112
    ("8.8.8.8", []),
    ("::1", privateBogon),
    ("::", reservedBogon),
    ("fd00::1", privateBogon),
    ("fe80::1", privateBogon),
    ("ff02::fb", reservedBogon),
    ("2001:db8::53", documentation),
    ("3fff:123::1", documentation),
    ("2001:2::1", reservedBogon),
    ("2001:4:112::1", globalAnycast),
    ("2001::1", [.reserved]),                      // Teredo
    ("2001:1::1", globalAnycast),
    ("2001:5::1", reservedBogon),            // rest of 2001::/23
    ("64:ff9b::808:808", [.reserved]),
    ("100::1", reservedBogon),
    ("::ffff:10.0.0.1", privateBogon),    // mapped: judged as IPv4
    ("2a00:1450::1", []),
]

@Suite struct SpecialPurposeRangesTests {
    @Test(arguments: cases)
    func flagsFollowTheRegistries(address: String, expected: NetworkFlags) throws {
        let parsed = try #require(IPAddress(address))
        #expect((SpecialPurposeRanges.match(parsed)?.flags ?? []) == expected, "\(address)")
    }

    @Test func everyEntryIsCanonical() {
        for range in SpecialPurposeRanges.all {
            #expect(IPPrefix(range.prefix.description) == range.prefix)
            #expect(!range.rfc.isEmpty)
        }
    }
}
