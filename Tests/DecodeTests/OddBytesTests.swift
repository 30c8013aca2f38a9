import DNSWire
import Foundation
import Testing
import TestSupport

/// Names and TXT strings with odd octets (space, dot, backslash, quote, controls, DEL,
/// UTF-8, invalid UTF-8, NUL), in a capture written here: checks that `TsharkText`
/// renders them as tshark 4.0 does, so the differential test compares like with like,
/// and that FluxScope's own presentation escapes them as master files do.
@Suite(.enabled(if: Tshark.path != nil, "tshark is not installed"))
struct OddBytesTests {
    static let labels: [[UInt8]] = [
        Array("a b".utf8), Array("a.b".utf8), Array("a\\b".utf8), [0x07, 0x7F, 0xFF], Array("q\"".utf8),
        Array("été".utf8), [0x00, UInt8(ascii: "x")], [0x08, 0x0C, 0x0A, 0x0D, 0x09, 0x0B, 0x01, 0x1F], [0xC3, UInt8(ascii: "x")],
    ]
    static let strings: [[UInt8]] = [Array("a b".utf8), Array("q\"\\".utf8), [0x07, 0x0A, 0x09, 0x7F, 0xFF, 0x01], Array("é".utf8), [], [0x41, 0x00, 0x42]]

    static func message() throws -> Message {
        let test = try DNSName("test.")
        var m = Message(id: 0x1234, flags: HeaderFlags(rawValue: 0x8180))
        for (i, label) in labels.enumerated() {
            let owner = try DNSName(labels: [label, Array("test".utf8)])
            let target = try DNSName(labels: [label, Array("x".utf8)])
            m.answers.append(ResourceRecord(name: owner, type: .cname, ttl: UInt32(60 + i), data: .name(target)))
        }
        m.answers.append(ResourceRecord(name: test, type: .txt, ttl: 60, data: .txt(strings)))
        return m
    }

    /// A one-packet pcap: Ethernet, IPv4, UDP from port 53.
    static func pcap(_ dns: [UInt8]) -> [UInt8] {
        func be16(_ v: Int) -> [UInt8] { [UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        func le32(_ v: Int) -> [UInt8] { (0..<4).map { UInt8(v >> (8 * $0) & 0xFF) } }
        let udp = be16(53) + be16(40000) + be16(8 + dns.count) + [0, 0] + dns
        let ip: [UInt8] = [0x45, 0] + be16(20 + udp.count) + [0, 1, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2] + udp
        let frame = [UInt8](repeating: 0, count: 12) + [0x08, 0x00] + ip
        return le32(0xA1B2_C3D4) + [2, 0, 4, 0] + le32(0) + le32(0) + le32(65535) + le32(1)
            + le32(1) + le32(0) + le32(frame.count) + le32(frame.count) + frame
    }

    @Test func tsharkTextMatchesTshark() async throws {
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("odd.pcap").path
        let message = try OddBytesTests.message()
        try Data(OddBytesTests.pcap(try message.serialize())).write(to: URL(fileURLWithPath: path))
        let theirs = try await Tshark.decode(path)
        try #require(theirs.messages.count == 1)
        let t = theirs.messages[0]
        // tshark flags the TXT string with a NUL ("Trailing stray characters"), not as malformed.
        #expect(!t.malformed)
        let ours = message.answers.map(TsharkText.record).sorted()
        #expect(ours == t.sections[0])
        for (a, b) in zip(ours, t.sections[0]) where a != b { Issue.record("ours \(a) / tshark \(b)") }
    }

    @Test func presentationEscapesOddOctets() throws {
        let m = try OddBytesTests.message()
        #expect(m.answers.map(\.name.description) == [
            "a\\032b.test.", "a\\.b.test.", "a\\\\b.test.", "\\007\\127\\255.test.", "q\\\".test.",
            "\\195\\169t\\195\\169.test.", "\\000x.test.", "\\008\\012\\010\\013\\009\\011\\001\\031.test.", "\\195x.test.", "test.",
        ])
        #expect(m.answers.last?.data.presentation(type: .txt) == "\"a b\" \"q\\\"\\\\\" \"\\007\\010\\009\\127\\255\\001\" \"\\195\\169\" \"\" \"A\\000B\"")
    }
}
