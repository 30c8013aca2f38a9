import DNSWire
import Foundation
import FluxModel
@testable import Ingest

/// Test-side encoders, written from the specifications independently of the code under test:
/// protobuf wire format by hand, Frame Streams frames by hand.
enum DnstapFixture {
    /// The go-dnscollector sample: START, a CLIENT_QUERY and a CLIENT_RESPONSE from dnsdist, STOP.
    static let samplePath: String = {
        // shared/ sits beside the repository (the worktree, or CI's clone).
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("../shared/data/captures/go-dnscollector/dnstap/dnstap.fstrm").standardized.path
    }()

    static func varint(_ v: UInt64) -> [UInt8] {
        var v = v, out: [UInt8] = []
        repeat {
            out.append(UInt8(v & 0x7F) | (v >= 0x80 ? 0x80 : 0))
            v >>= 7
        } while v != 0
        return out
    }
    static func field(_ n: Int, varint v: UInt64) -> [UInt8] { varint(UInt64(n << 3)) + varint(v) }
    static func field(_ n: Int, bytes b: [UInt8]) -> [UInt8] { varint(UInt64(n << 3 | 2)) + varint(UInt64(b.count)) + b }
    static func field(_ n: Int, fixed32 v: UInt32) -> [UInt8] {
        varint(UInt64(n << 3 | 5)) + [UInt8(truncatingIfNeeded: v), UInt8(truncatingIfNeeded: v >> 8),
                                      UInt8(truncatingIfNeeded: v >> 16), UInt8(v >> 24)]
    }

    /// A `dnstap.Dnstap` protobuf holding one message.
    static func dnstap(identity: String = "test-resolver", type: Int, query: [UInt8]? = nil, response: [UInt8]? = nil,
                       client: [UInt8] = [192, 0, 2, 7], time: UInt64 = 1_700_000_000, nsec: UInt32 = 500_000_000) -> [UInt8] {
        var m = field(1, varint: UInt64(type)) + field(2, varint: 1) + field(3, varint: 1)
        m += field(4, bytes: client) + field(5, bytes: [192, 0, 2, 53]) + field(6, varint: 40000) + field(7, varint: 53)
        if let query { m += field(8, varint: time) + field(9, fixed32: nsec) + field(10, bytes: query) }
        if let response { m += field(12, varint: time) + field(13, fixed32: nsec) + field(14, bytes: response) }
        return field(1, bytes: Array(identity.utf8)) + field(2, bytes: Array("test 1.0".utf8)) + field(14, bytes: m) + field(15, varint: 1)
    }

    static func be32(_ v: UInt32) -> [UInt8] {
        [UInt8(v >> 24), UInt8(truncatingIfNeeded: v >> 16), UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v)]
    }
    static func dataFrame(_ payload: [UInt8]) -> [UInt8] { be32(UInt32(payload.count)) + payload }
    static func control(_ type: UInt32, contentType: String? = "protobuf:dnstap.Dnstap") -> [UInt8] {
        var body = be32(type)
        if let contentType { body += be32(1) + be32(UInt32(contentType.utf8.count)) + Array(contentType.utf8) }
        return be32(0) + be32(UInt32(body.count)) + body
    }
    static let start = control(2)
    static let stop = control(3, contentType: nil)

    /// A file: START, the frames, STOP.
    static func file(_ payloads: [[UInt8]]) -> [UInt8] {
        start + payloads.flatMap(dataFrame) + stop
    }

    /// A wire-format response for `name` with these answers.
    static func response(_ name: String, type: RecordType = .a, rcode: RCode = .noError, answers: [ResourceRecord] = [],
                         authority: [ResourceRecord] = [], additional: [ResourceRecord] = [], flags: UInt16 = 0x8180) throws -> [UInt8] {
        var m = Message(id: 0x1234, flags: HeaderFlags(rawValue: flags), questions: [Question(name: try DNSName(name), type: type)],
                        answers: answers, authority: authority, additional: additional)
        m.rcode = rcode
        return try m.serialize()
    }

    static func query(_ name: String, type: RecordType = .a) throws -> [UInt8] {
        try Message(id: 0x1234, flags: HeaderFlags(rawValue: 0x0100), questions: [Question(name: try DNSName(name), type: type)]).serialize()
    }

    /// Reads bytes with a fresh sink; sources numbered by name.
    static func read(_ bytes: [UInt8], reader: DnstapFileReader = DnstapFileReader()) throws -> (CollectingSink, [Source]) {
        var sink = CollectingSink()
        var sources: [Source] = []
        try reader.read(bytes: bytes, name: "test.fstrm", resolver: { s in
            if let i = sources.firstIndex(of: s) { return SourceID(i + 1) }
            sources.append(s)
            return SourceID(sources.count)
        }, into: &sink)
        return (sink, sources)
    }
}
