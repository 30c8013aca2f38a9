import Testing
@testable import DNSWire

/// Inputs found by the fuzz targets (fuzz/), each named for what broke, with the bytes inline.
@Suite struct FuzzRegressionTests {
    /// Parses hex, ignoring spaces.
    static func bytes(_ hex: String) -> [UInt8] {
        let digits = Array(hex.utf8.filter { $0 != UInt8(ascii: " ") })
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0..<($0 + 2)], as: UTF8.self), radix: 16)! }
    }

    /// The message with its anomalies cleared: what a round trip must preserve.
    static func cleared(_ m: Message) -> Message {
        var m = m
        m.anomalies = []
        return m
    }

    /// fuzz-message, property (c): a message with two OPT records keeps the first as `edns`
    /// and the second as an additional record. `serialize()` wrote the kept record first and
    /// the EDNS OPT last, so the reparsed message took the wrong OPT as its EDNS state
    /// (UDP size 512 instead of 1232).
    @Test func secondOPTRecordIsSerializedAfterTheEDNSOne() throws {
        let input = FuzzRegressionTests.bytes(
            "1234 0100 0001 0000 0000 0002 0161 00 0001 0001"
            + " 00 0029 04d0 0000012c 0000"  // OPT, UDP size 1232, no options
            + " 00 0029 0200 0000012c 000c 000a 0008 3132333435363738")  // OPT, UDP size 512, COOKIE
        let m = try Message(wire: input)
        #expect(m.edns?.udpPayloadSize == 1232)
        #expect(m.additional.map(\.type) == [.opt])

        let again = try Message(wire: try m.serialize())
        #expect(again.edns?.udpPayloadSize == 1232)
        #expect(FuzzRegressionTests.cleared(again) == FuzzRegressionTests.cleared(m))
        #expect(try again.serialize() == m.serialize())
    }
}
