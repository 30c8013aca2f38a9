import DNSWire
import Testing
@testable import Enrichment

@Suite struct RangeToPrefixesTests {
    @Test(arguments: [
        ("1.1.1.0", "1.1.1.0", ["1.1.1.0/32"]),
        ("1.1.1.2", "1.1.1.255", ["1.1.1.2/31", "1.1.1.4/30", "1.1.1.8/29", "1.1.1.16/28", "1.1.1.32/27",
                                  "1.1.1.64/26", "1.1.1.128/25"]),
        ("8.8.4.0", "8.8.4.255", ["8.8.4.0/24"]),
        ("0.0.0.0", "255.255.255.255", ["0.0.0.0/0"]),
        ("10.0.0.255", "10.0.1.0", ["10.0.0.255/32", "10.0.1.0/32"]),
        ("2001:db8::", "2001:db8::ffff", ["2001:db8::/112"]),
        ("::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", ["::/0"]),
    ])
    func coversTheRangeExactly(first: String, last: String, expected: [String]) {
        let prefixes = RangeToPrefixes.prefixes(from: IPAddress(first)!, to: IPAddress(last)!)
        #expect(prefixes.map(\.description) == expected)
    }
}
