import DNSWire
import FluxModel
import Testing
@testable import Ingest

@Suite struct PassiveDNSLogReaderTests {
    @Test func readmeExample() throws {
        let text = try TestData.passiveDNSReadmeLines()
        let r = try read(.passivedns, text: text)
        #expect(r.sink.problems.isEmpty)
        #expect(r.sink.observations.count == 6)
        // 1322849924.408858||10.1.1.1||8.8.8.8||IN||www.adobe.com.||CNAME||www.wip4.adobe.com.||43200||8
        let cname = try #require(r.sink.observations.first { $0.type == .cname })
        #expect(cname.name == name("www.adobe.com.") && cname.data == .name(name("www.wip4.adobe.com.")))
        #expect(cname.ttl == 43200 && cname.weight == 8 && cname.time == 1_322_849_924.408858)
        #expect(r.data(.a) == ["74.125.43.117", "74.125.43.116", "193.104.215.61", "173.194.32.3"])
        #expect(r.sink.observations.first?.ttl == 46587)
        #expect(r.sources.sources == [Source(kind: .passivedns, name: "input")])
        #expect(TextFormat.detect(prefix: Array(text.utf8)) == .passivedns)
    }

    @Test func clientsNXDOMAINAndBadLines() throws {
        let text = """
        1322849924.5||10.1.1.1||8.8.8.8||IN||gone.example.||A||NXDOMAIN||0||1
        1322849924.6||10.1.1.1||8.8.8.8||IN||x.example.||A||192.0.2.1||60
        1322849924.7||10.1.1.1||8.8.8.8||IN||x.example.||A||192.0.2.1
        1322849924.8||10.1.1.1||8.8.8.8||IN||x.example.||BOGUS||192.0.2.1||60||1
        1322849924.9||10.1.1.1||8.8.8.8||IN||x.example.||MX||mail.example.||60||1
        1322849925.0||10.1.1.1||8.8.8.8||IN||x.example.||AAAA||192.0.2.1||60||1
        """
        var options = ReadOptions()
        options.clients = .hash(key: Array("secret".utf8))
        let r = try read(.passivedns, text: text, options: options)
        #expect(r.sink.outcomes.map(\.rcode) == [.nxDomain])
        #expect(r.data(.a) == ["192.0.2.1"])  // the eight-field line, without count
        #expect(r.problemKinds == ["bad_fields", "bad_type", "bad_rdata"] && r.problemLines == [3, 4, 6])
        #expect(r.counter(.skippedRecords) == 1)  // MX cut down to its exchange by passivedns
        #expect(r.sink.clients.count == 3 && r.sink.clients.allSatisfy { $0.client.count == 32 && $0.client != "10.1.1.1" })
    }
}
