import DNSWire
import FluxModel
import Testing
@testable import Ingest

/// Hostile and broken Frame Streams / dnstap input: each becomes a problem, never a crash,
/// and what can still be read is read.
@Suite struct DnstapHostileInputTests {
    let good: [UInt8]

    init() throws {
        good = DnstapFixture.dnstap(type: 6, response: try DnstapFixture.response(
            "ok.example.", answers: [ResourceRecord(name: try DNSName("ok.example."), type: .a, ttl: 5, data: .a(IPv4Address(192, 0, 2, 1)))]))
    }

    @Test func hugeFrameLengthIsSkippedAndReported() throws {
        let bytes = DnstapFixture.start + DnstapFixture.be32(0xFFFF_FFF0) + [1, 2, 3]
        let (sink, _) = try DnstapFixture.read(bytes)
        #expect(sink.problems.map(\.kind) == ["frame_too_large", "truncated"])
        #expect(sink.problems.first?.offset == 42)
    }

    @Test func oversizedFrameIsSkippedAndTheRestRead() throws {
        let big = [UInt8](repeating: 0x41, count: 300_000)
        let bytes = DnstapFixture.start + DnstapFixture.dataFrame(big) + DnstapFixture.dataFrame(good) + DnstapFixture.stop
        let (sink, _) = try DnstapFixture.read(bytes)
        #expect(sink.problems.map(\.kind) == ["frame_too_large"])
        #expect(sink.observations.count == 1)
    }

    @Test func truncatedFileIsReported() throws {
        let whole = DnstapFixture.file([good, good])
        for cut in [whole.count - 1, whole.count - 13, 50, 5] {
            let (sink, _) = try DnstapFixture.read(Array(whole.prefix(cut)))
            #expect(sink.problems.last?.kind == "truncated", "cut at \(cut): \(sink.problems)")
        }
        let (sink, _) = try DnstapFixture.read(Array(whole.dropLast(DnstapFixture.stop.count)))
        #expect(sink.problems.map(\.reason) == ["input ends without STOP (the writer may have been stopped)"])
        #expect(sink.observations.count == 2)
    }

    @Test func wrongContentTypeStopsReading() throws {
        let bytes = DnstapFixture.control(2, contentType: "protobuf:other.Thing") + DnstapFixture.dataFrame(good) + DnstapFixture.stop
        let (sink, _) = try DnstapFixture.read(bytes)
        #expect(sink.problems.map(\.kind) == ["wrong_content_type"])
        #expect(sink.observations.isEmpty)
    }

    @Test func garbageProtobufIsSkipped() throws {
        let garbage: [[UInt8]] = [
            [0xFF, 0xFF, 0xFF],                                  // bad tag, bad varint
            [0x0A, 0x7F, 0x01],                                  // length past the end
            DnstapFixture.field(15, varint: 1),                  // no message
            DnstapFixture.field(14, bytes: DnstapFixture.field(1, varint: 99)),  // unknown type
            DnstapFixture.field(14, bytes: DnstapFixture.field(1, varint: 6)),   // response without message
            DnstapFixture.field(14, bytes: DnstapFixture.field(1, varint: 6) + DnstapFixture.field(14, bytes: [1, 2, 3])),  // no time
            Array(repeating: 0x72, count: 1) + [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01],  // varint overflow
        ]
        let (sink, _) = try DnstapFixture.read(DnstapFixture.file(garbage + [good]))
        #expect(sink.problems.map(\.kind) == ["bad_protobuf", "bad_protobuf", "missing_message", "unknown_message_type",
                                              "missing_message", "missing_time", "bad_protobuf"])
        #expect(sink.observations.count == 1)
    }

    @Test func deeplyNestedGroupsDoNotOverflowTheStack() throws {
        // Unknown field 99 as 100 000 nested start-groups with their end-groups: skipping
        // unknown fields must not recurse without bound.
        let startTag = DnstapFixture.varint(99 << 3 | 3), endTag = DnstapFixture.varint(99 << 3 | 4)
        let nested = Array([[UInt8]](repeating: startTag, count: 100_000).joined()) + Array([[UInt8]](repeating: endTag, count: 100_000).joined())
        let (sink, _) = try DnstapFixture.read(DnstapFixture.file([nested + good]),
                                               reader: DnstapFileReader(maxFrameLength: 1 << 20))
        #expect(sink.problems.count == 1)
    }

    @Test func malformedDNSInsideIsReportedWithWhatParsed() throws {
        var resp = try DnstapFixture.response("ok.example.", answers: [
            ResourceRecord(name: try DNSName("ok.example."), type: .a, ttl: 5, data: .a(IPv4Address(192, 0, 2, 1))),
            ResourceRecord(name: try DNSName("ok.example."), type: .a, ttl: 5, data: .a(IPv4Address(192, 0, 2, 2))),
        ])
        resp.removeLast(3)  // cut inside the second record
        let (sink, _) = try DnstapFixture.read(DnstapFixture.file([DnstapFixture.dnstap(type: 6, response: resp),
                                                                     DnstapFixture.dnstap(type: 6, response: [1, 2, 3])]))
        #expect(sink.problems.count == 2)
        #expect(sink.observations.count == 1)  // the first record survived
        #expect(sink.outcomes.isEmpty)          // nothing concluded from a partial message
    }

    @Test func badAddressIsAnAnomaly() throws {
        let frame = DnstapFixture.dnstap(type: 5, query: try DnstapFixture.query("a.example."), client: [1, 2, 3])
        var options = ReadOptions()
        options.clients = .keep
        let (sink, _) = try DnstapFixture.read(DnstapFixture.file([frame]), reader: DnstapFileReader(options: options))
        #expect(sink.problems.map(\.kind) == ["bad_address"])
        #expect(sink.clients.isEmpty)
        #expect(sink.counters[.messages] == 1)
    }

    @Test func badControlFramesStopReading() throws {
        let cases: [[UInt8]] = [
            DnstapFixture.be32(0) + DnstapFixture.be32(600) + [UInt8](repeating: 0, count: 600),    // too long
            DnstapFixture.be32(0) + DnstapFixture.be32(2) + [0, 0],                                  // no type
            DnstapFixture.be32(0) + DnstapFixture.be32(12) + DnstapFixture.be32(2) + DnstapFixture.be32(1) + DnstapFixture.be32(99),  // field overruns
        ]
        for c in cases {
            let (sink, _) = try DnstapFixture.read(c + DnstapFixture.dataFrame(good))
            #expect(sink.problems.map(\.kind) == ["bad_control"])
            #expect(sink.observations.isEmpty)
        }
    }

    @Test func dataBeforeStartIsNotFollowed() throws {
        let (sink, _) = try DnstapFixture.read(DnstapFixture.dataFrame(good) + DnstapFixture.stop)
        #expect(sink.problems.map(\.kind) == ["unexpected_control"])
    }

    @Test func emptyInputSaysSo() throws {
        let (sink, _) = try DnstapFixture.read([])
        #expect(sink.problems.map(\.kind) == ["truncated"])
    }

    @Test func strictModeThrowsOnTheFirstProblem() throws {
        var options = ReadOptions()
        options.strict = true
        #expect(throws: IngestProblem.self) {
            _ = try DnstapFixture.read(DnstapFixture.file([[0xFF], good]), reader: DnstapFileReader(options: options))
        }
    }

    @Test func severalStreamsInOneFile() throws {
        let bytes = DnstapFixture.file([good]) + DnstapFixture.file([good, good])
        let (sink, _) = try DnstapFixture.read(bytes)
        #expect(sink.problems.isEmpty)
        #expect(sink.observations.count == 3)
    }
}
