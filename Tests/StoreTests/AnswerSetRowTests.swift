import DNSWire
import Testing

@testable import Store

/// The `addresses` column of `answer_sets`, decoded from the octets of a row.
struct AnswerSetRowTests {
    func decode(_ text: String) -> [IPAddress]? {
        Array(text.utf8).withUnsafeBytes { AnswerSetRow.decode($0) }
    }

    @Test func decodesWhatEncodeWrites() {
        let list: [IPAddress] = [.v4(IPv4Address(192, 0, 2, 1)), .v4(IPv4Address(198, 51, 100, 7)), IPAddress("2001:db8::1")!]
        #expect(decode(AnswerSetRow.encode(list)) == list)
        #expect(AnswerSetRow.decode(AnswerSetRow.encode(list)) == list)
    }

    @Test func skipsEmptyItemsAsSplitDoes() {
        #expect(decode("") == [])
        #expect(decode(",") == [])
        #expect(decode(",192.0.2.1,,192.0.2.2,") == [.v4(IPv4Address(192, 0, 2, 1)), .v4(IPv4Address(192, 0, 2, 2))])
    }

    @Test func refusesAListWithAnItemThatIsNoAddress() {
        for text in ["192.0.2.1,x", "192.0.2.256", "192.0.2.01", "192.0.2.1 ", "192.0.2", "::g", "192.0.2.1\u{0}"] {
            #expect(decode(text) == nil, "\(text)")
            #expect(AnswerSetRow.decode(text) == nil, "\(text)")
        }
    }
}
