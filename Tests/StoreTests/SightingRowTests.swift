import DNSWire
import Foundation
import Testing

@testable import Store

/// The columns of a sighting row as the store writes them.
struct SightingRowTests {
    /// The A and AAAA shortcut writes the same bytes as DNSWire's RDATA writer.
    @Test func addressWireIsRDataWire() throws {
        let cases: [(RData, RecordType)] = [
            (.a(IPv4Address(192, 0, 2, 1)), .a), (.a(IPv4Address(0)), .a), (.a(IPv4Address(0xFFFF_FFFF)), .a),
            (.aaaa(IPv6Address("2001:db8::1")!), .aaaa), (.aaaa(IPv6Address("::ffff:192.0.2.1")!), .aaaa),
            (.aaaa(IPv6Address("ffff:1:2:3:4:5:6:ff00")!), .aaaa),
        ]
        for (data, type) in cases {
            #expect(try SightingRow.wire(of: data, type: type) == Data(data.wireBytes(type: type)), "\(data)")
        }
    }
}
