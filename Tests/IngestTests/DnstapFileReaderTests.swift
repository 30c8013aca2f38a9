import DNSWire
import FluxModel
import Foundation
import Testing
@testable import Ingest

@Suite struct DnstapFileReaderTests {
    /// Expectations checked by hand against `protoc --decode_raw` of the sample's two frames:
    /// identity "dnsdist"; CLIENT_QUERY from 172.19.0.1:46390 to 172.19.0.2:53 at
    /// 1717613389 s + 0x232de15e ns for www.google.com A (id 0x92ca); CLIENT_RESPONSE at
    /// 1717613389 s + 0x23e1153c ns with www.google.com A 216.58.213.68, TTL 0x111 (273).
    @Test func goDnscollectorSample() throws {
        var sink = CollectingSink()
        var sources: [Source] = []
        var options = ReadOptions()
        options.clients = .keep
        try DnstapFileReader(options: options).read(path: DnstapFixture.samplePath, resolver: { s in
            sources.append(s)
            return 7
        }, into: &sink)
        #expect(sink.problems.isEmpty, "\(sink.problems)")
        #expect(sources == [Source(kind: .dnstap, name: "dnsdist")])
        #expect(sink.counters[.messages] == 2)
        #expect(sink.counters[.responses] == 1)
        #expect(sink.observations.count == 1)
        let o = try #require(sink.observations.first)
        #expect(o.name == (try DNSName("www.google.com.")))
        #expect(o.type == .a)
        #expect(o.data == .a(IPv4Address(216, 58, 213, 68)))
        #expect(o.ttl == 273)
        #expect(o.section == .answer)
        #expect(o.source == 7)
        #expect(abs(o.time - (1_717_613_389 + Double(0x23e1153c) / 1e9)) < 1e-6)
        #expect(sink.outcomes.isEmpty)
        #expect(sink.clients == [ClientQuery(client: "172.19.0.1", name: try DNSName("www.google.com."),
                                             time: 1_717_613_389 + Double(0x232de15e) / 1e9, source: 7)])
    }

    @Test func sampleEventsDecodeField() throws {
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: DnstapFixture.samplePath)))
        // Frames: START (8 + 34 octets), then a data frame of 111 octets at offset 42.
        let event = try bytes[46..<157].withUnsafeBytes { try DnstapEvent.decode(frame: $0) }
        #expect(event.identity == "dnsdist")
        #expect(event.version == "-")
        #expect(event.type == .clientQuery)
        #expect(event.transport == "udp")
        #expect(event.queryAddress == IPAddress("172.19.0.1"))
        #expect(event.responseAddress == IPAddress("172.19.0.2"))
        #expect(event.queryPort == 46390)
        #expect(event.responsePort == 53)
        #expect(event.responseTime == nil)
        #expect(event.message.id == 0x92ca)
        #expect(event.message.flags.qr == false)
        #expect(event.message.questions.first?.name == (try DNSName("www.google.com.")))
        #expect(event.wireError == nil)
    }

    @Test func sniffsDnstapAndNothingElse() throws {
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: DnstapFixture.samplePath)))
        #expect(DnstapFileReader.sniff(bytes.prefix(42)))
        #expect(!DnstapFileReader.sniff(bytes.prefix(20)))
        #expect(!DnstapFileReader.sniff(DnstapFixture.control(2, contentType: "protobuf:other.Thing")))
        #expect(!DnstapFileReader.sniff([0xd4, 0xc3, 0xb2, 0xa1] + [UInt8](repeating: 0, count: 40)))  // pcap
        #expect(DnstapFileReader.formatName == "dnstap")
    }

    @Test func resolverSideMessagesKeepAuthorityAndGlue() throws {
        let ns = try DNSName("ns1.flux.example.")
        let resp = try DnstapFixture.response(
            "www.flux.example.",
            answers: [ResourceRecord(name: try DNSName("www.flux.example."), type: .a, ttl: 30, data: .a(IPv4Address(198, 51, 100, 1)))],
            authority: [ResourceRecord(name: try DNSName("flux.example."), type: .ns, ttl: 300, data: .name(ns))],
            additional: [ResourceRecord(name: ns, type: .a, ttl: 300, data: .a(IPv4Address(203, 0, 113, 9)))])
        let (sink, sources) = try DnstapFixture.read(DnstapFixture.file([DnstapFixture.dnstap(type: 4, response: resp)]))
        #expect(sink.problems.isEmpty)
        #expect(sources.map(\.name) == ["test-resolver"])
        #expect(sink.observations.map(\.section) == [.answer, .authority, .additional])
        #expect(sink.clients.isEmpty)  // resolver-side: no client
    }

    @Test func messageTypeFilter() throws {
        let q = try DnstapFixture.query("a.example.")
        let r = try DnstapFixture.response("a.example.", rcode: .nxDomain)
        let bytes = DnstapFixture.file([DnstapFixture.dnstap(type: 5, query: q), DnstapFixture.dnstap(type: 6, response: r)])
        let (sink, _) = try DnstapFixture.read(bytes, reader: DnstapFileReader(messageTypes: [.clientResponse]))
        #expect(sink.counters[.messages] == 1)
        #expect(sink.outcomes.map(\.rcode) == [.nxDomain])
    }

    @Test func clientsAreOffByDefault() throws {
        let (sink, _) = try DnstapFixture.read(DnstapFixture.file([DnstapFixture.dnstap(type: 5, query: try DnstapFixture.query("a.example."))]))
        #expect(sink.clients.isEmpty)
        #expect(sink.counters[.messages] == 1)
    }

    @Test func readsInChunksAcrossFrameBoundaries() throws {
        // Enough frames to cross the 1 MiB read size several times.
        let r = try DnstapFixture.response("big.example.", answers: (0..<40).map { i in
            ResourceRecord(name: try! DNSName("big.example."), type: .a, ttl: 60, data: .a(IPv4Address(10, 0, 0, UInt8(i))))
        })
        let frame = DnstapFixture.dnstap(type: 6, response: r)
        let bytes = DnstapFixture.file(Array(repeating: frame, count: 5000))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dnstap-chunks-\(getpid()).fstrm").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var sink = CollectingSink()
        try DnstapFileReader().read(path: path, resolver: { _ in 1 }, into: &sink)
        #expect(bytes.count > 3 << 20)
        #expect(sink.problems.isEmpty)
        #expect(sink.counters[.messages] == 5000)
        #expect(sink.observations.count == 200_000)
    }

    @Test func missingFileIsAnError() {
        var sink = CollectingSink()
        #expect(throws: IngestProblem.self) {
            try DnstapFileReader().read(path: "/nonexistent/x.fstrm", resolver: { _ in 1 }, into: &sink)
        }
    }
}

