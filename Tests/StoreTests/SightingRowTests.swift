import DNSWire
import Foundation
import Testing

@testable import Store

/// The columns of a sighting row as the store writes them.
struct SightingRowTests {
    /// The A and AAAA shortcut writes the same bytes as DNSWire's RDATA writer.
    /// Rows sort by their key's prefix integer first; the order must be the texts' order.
    @Test func keyPrefixOrderIsTheTextOrder() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ab.-09\\".utf8)
        var keys = ["", "a", "a.", "a.b.", "a.b.c.", "abcdefgh", "abcdefgh.", "abcdefg", "zzzzzzzzz", "h00001.ff.test.", "h00001.ff.tesu."]
        for _ in 0..<2_000 {
            let n = Int.random(in: 0...12, using: &generator)
            keys.append(String(decoding: (0..<n).map { _ in alphabet.randomElement(using: &generator)! }, as: UTF8.self))
        }
        let types = keys.map { _ in Int.random(in: 1...2, using: &generator) }
        let rows = zip(keys, types).map { (prefix: SightingRow.keyPrefix($0), key: $0, type: $1) }
        let byPrefix = rows.sorted { SightingRow.ordered($0.prefix, $0.key, $0.type, $1.prefix, $1.key, $1.type) }
        let byText = rows.sorted { ($0.key, $0.type) < ($1.key, $1.type) }
        #expect(byPrefix.map(\.key) == byText.map(\.key))
        #expect(byPrefix.map(\.type) == byText.map(\.type))
        #expect(SightingRow.keyPrefix("a") == 0x6100_0000_0000_0000)
        #expect(SightingRow.keyPrefix("") == 0)
    }

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
