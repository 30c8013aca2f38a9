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
