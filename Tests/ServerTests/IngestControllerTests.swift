import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Server
import TestSupport
import Testing

extension ServerSuites {
@Suite struct IngestControllerTests {
    static func file(_ relative: String) throws -> ByteBuffer {
        ByteBuffer(bytes: try Data(contentsOf: URL(fileURLWithPath: TestEnvironment.shared("captures/" + relative))))
    }

    @Test(arguments: ["go-dnscollector/pcap/dnsdump_udp.pcap", "pcapng/dns53.pcapng", "go-dnscollector/dnstap/dnstap.fstrm"])
    func uploadsAreIngested(_ relative: String) async throws {
        let f = try await ServerFixture.make()
        let upload = try Self.file(relative)
        let headers: HTTPFields = [.authorization: "Bearer \(f.token)", .contentType: "application/octet-stream"]
        let before = try await f.store.stats().sightings
        try await f.test { client in
            try await client.execute(uri: "/api/v1/ingest?name=sensor-1", method: .post, headers: headers, body: upload) { r in
                #expect(r.status == .created, "\(r.text)")
                #expect((r.json["messages"] as? Int ?? 0) > 0)
                #expect((r.json["sightings"] as? Int ?? 0) > 0)
            }
        }
        _ = before
    }

    /// One small file per format family `fluxscope ingest` reads.
    static func sample(_ format: String) throws -> ByteBuffer {
        switch format {
        case "pcap": return try file("go-dnscollector/pcap/dnsdump_udp.pcap")
        case "pcapng": return try file("pcapng/dns53.pcapng")
        case "dnstap": return try file("go-dnscollector/dnstap/dnstap.fstrm")
        case "dig":
            let url = TestEnvironment.packageRoot.appendingPathComponent("Tests/IngestTests/Fixtures/dig-nsd-flux-test.txt")
            return ByteBuffer(bytes: try Data(contentsOf: url))
        case "zeek":
            return body(#"{"ts":1591367999.3,"uid":"C1","id.orig_h":"192.168.4.76","query":"www.example.com","qtype_name":"A","rcode":0,"answers":["198.51.100.4"],"TTLs":[20.0]}"# + "\n")
        case "cof":
            return body(#"{"count":3,"time_first":1298876714,"time_last":1428054303,"rrtype":"A","rrname":"www.example.com","rdata":"192.0.2.80"}"# + "\n")
        case "dnsdb":
            return body(#"{"count":3,"zone_time_first":1298876714,"zone_time_last":1428054303,"rrtype":"A","rrname":"www.example.com.","rdata":["192.0.2.81"]}"# + "\n")
        case "passivedns":
            return body("1322849924.6||10.1.1.1||8.8.8.8||IN||x.example.||A||192.0.2.1||60||1\n")
        default:
            return body("$ORIGIN example.\n$TTL 1h\n@ IN SOA ns1.example. host.example. 1 3600 600 86400 300\n@ IN NS ns1.example.\nns1 IN A 192.0.2.1\nwww IN A 192.0.2.2\n")
        }
    }

    @Test(arguments: ["pcap", "pcapng", "dnstap", "zeek", "cof", "dnsdb", "passivedns", "dig", "zone"])
    func everyIngestFormatIsAcceptedSniffedAndNamed(_ format: String) async throws {
        let f = try await ServerFixture.make()
        let upload = try Self.sample(format)
        let headers: HTTPFields = [.authorization: "Bearer \(f.token)", .contentType: "application/octet-stream"]
        try await f.test { client in
            // Told by the content...
            try await client.execute(uri: "/api/v1/ingest?name=sniffed-\(format)", method: .post, headers: headers, body: upload) { r in
                #expect(r.status == .created, "\(format): \(r.text)")
                #expect(r.json["format"] as? String == format, "\(r.text)")
                #expect((r.json["observations"] as? Int ?? 0) > 0, "\(format): \(r.text)")
            }
            // ...or named by ?format= (the same file again: recognised as already ingested).
            try await client.execute(uri: "/api/v1/ingest?name=sniffed-\(format)&format=\(format)&time=1700000000", method: .post, headers: headers, body: upload) { r in
                #expect(r.status == .created, "\(format): \(r.text)")
                #expect(r.json["format"] as? String == format)
                #expect(r.json["already_ingested"] as? Bool == true, "\(r.text)")
            }
        }
    }

    @Test func badUploadsAre4xx() async throws {
        let f = try await ServerFixture.make { $0.maxUploadBytes = 4096 }
        let headers: HTTPFields = [.authorization: "Bearer \(f.token)"]
        try await f.test { client in
            try await client.execute(uri: "/api/v1/ingest", method: .post, headers: headers, body: body("hello, not a capture")) { r in
                #expect(r.status == .unsupportedMediaType)
            }
            try await client.execute(uri: "/api/v1/ingest", method: .post, headers: headers) { r in
                #expect(r.status == .badRequest)
            }
            try await client.execute(uri: "/api/v1/ingest?format=pcap", method: .post, headers: headers, body: body("garbage bytes here")) { r in
                #expect(r.status == .badRequest)
            }
            try await client.execute(uri: "/api/v1/ingest?format=zip", method: .post, headers: headers, body: body("x")) { r in
                #expect(r.status == .badRequest)
            }
            let big = ByteBuffer(bytes: [UInt8](repeating: 0xD4, count: 8192))
            try await client.execute(uri: "/api/v1/ingest", method: .post, headers: headers, body: big) { r in
                #expect(r.status == .contentTooLarge)
            }
            var truncated = try Self.file("go-dnscollector/pcap/dnsdump_udp.pcap")
            truncated = truncated.getSlice(at: 0, length: min(100, truncated.readableBytes))!
            try await client.execute(uri: "/api/v1/ingest?format=pcap", method: .post, headers: headers, body: truncated) { r in
                #expect(r.status.code < 500)
            }
        }
    }
}
}
