import DNSWire
import Foundation
import Testing
@testable import Ingest

/// The Frame Streams server driven by a raw client: the bidirectional handshake, several
/// connections at once, and hostile senders.
@Suite struct DnstapServerTests {
    /// Starts a server on a Unix socket in a temp dir, runs `body`, and stops everything.
    func withServer(maxFrameLength: Int = FrameStreamParser.defaultMaxFrameLength,
                    _ body: (String, DnstapInbox) async throws -> Void) async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.path + "/dnstap.sock"
        let server = try await DnstapServer.bind(.unix(path: path), maxFrameLength: maxFrameLength)
        let inbox = DnstapInbox()
        let task = Task { try await server.run { await inbox.add($0) } }
        defer { task.cancel() }
        try await body(path, inbox)
        task.cancel()
        _ = await task.result
    }

    @Test func bidirectionalHandshake() async throws {
        let frame = DnstapFixture.dnstap(type: 6, response: try DnstapFixture.response(
            "hs.example.", answers: [ResourceRecord(name: try DNSName("hs.example."), type: .a, ttl: 9, data: .a(IPv4Address(192, 0, 2, 9)))]))
        try await withServer { path, inbox in
            let client = try RawUnixClient(path: path)
            defer { client.close() }
            client.send(DnstapFixture.control(4))  // READY
            let accept = client.receive(DnstapFixture.control(1).count)
            #expect(accept == DnstapFixture.control(1))  // ACCEPT, protobuf:dnstap.Dnstap
            client.send(DnstapFixture.start + DnstapFixture.dataFrame(frame) + DnstapFixture.dataFrame(frame))
            client.send(DnstapFixture.stop)
            let finish = client.receive(12)
            #expect(finish == DnstapFixture.control(5, contentType: nil))  // FINISH
            #expect(client.peerClosed())
            #expect(await inbox.wait { await $0.disconnections == 1 })
            let events = await inbox.events
            #expect(events.count == 2)
            #expect(events.first?.message.answers.first?.data == .a(IPv4Address(192, 0, 2, 9)))
            #expect(await inbox.problems.isEmpty)
        }
    }

    @Test func manyConnectionsAtOnce() async throws {
        let frame = DnstapFixture.dnstap(type: 5, query: try DnstapFixture.query("many.example."))
        try await withServer { path, inbox in
            let clients = try (0..<8).map { _ in try RawUnixClient(path: path) }
            for c in clients { c.send(DnstapFixture.start) }
            for _ in 0..<50 { for c in clients { c.send(DnstapFixture.dataFrame(frame)) } }
            for c in clients { c.send(DnstapFixture.stop); _ = c.receive(12); c.close() }
            #expect(await inbox.wait { await $0.events.count == 400 })
            #expect(await inbox.wait { await $0.disconnections == 8 })
        }
    }

    @Test func oversizedFrameClosesTheConnection() async throws {
        try await withServer(maxFrameLength: 4096) { path, inbox in
            let client = try RawUnixClient(path: path)
            defer { client.close() }
            client.send(DnstapFixture.start + DnstapFixture.be32(0x7FFF_FFFF) + [1, 2, 3, 4])
            #expect(client.peerClosed())
            #expect(await inbox.wait { await $0.disconnections == 1 })
            #expect(await inbox.problems.map(\.kind) == [.frameTooLarge])
        }
    }

    @Test func wrongContentTypeIsRefused() async throws {
        try await withServer { path, inbox in
            let client = try RawUnixClient(path: path)
            defer { client.close() }
            client.send(DnstapFixture.control(4, contentType: "protobuf:other.Thing"))
            #expect(client.peerClosed())
            #expect(await inbox.wait { await $0.disconnections == 1 })
            #expect(await inbox.problems.map(\.kind) == [.wrongContentType])
        }
    }

    @Test func garbageAndCutConnectionsAreProblemsNotCrashes() async throws {
        try await withServer { path, inbox in
            let a = try RawUnixClient(path: path)
            a.send(DnstapFixture.start + DnstapFixture.dataFrame([0xFF, 0xFF, 0xFF]) + DnstapFixture.be32(100) + [1, 2])
            a.close()  // cut mid-frame
            let b = try RawUnixClient(path: path)
            b.send(DnstapFixture.dataFrame([1, 2, 3]))  // data before START
            #expect(b.peerClosed())
            b.close()
            #expect(await inbox.wait { await $0.disconnections == 2 })
            let kinds = Set(await inbox.problems.map(\.kind))
            #expect(kinds == [.badProtobuf, .truncated, .unexpectedControl])
        }
    }

    @Test func endpointsParse() {
        #expect(DnstapEndpoint("unix:/run/dnstap.sock") == .unix(path: "/run/dnstap.sock"))
        #expect(DnstapEndpoint("tcp:127.0.0.1:6000") == .tcp(host: "127.0.0.1", port: 6000))
        #expect(DnstapEndpoint("tcp:[::1]:6000") == .tcp(host: "::1", port: 6000))
        #expect(DnstapEndpoint("tcp:[::1]:6000")?.description == "tcp:[::1]:6000")
        for bad in ["", "unix:", "tcp:host", "tcp::53", "tcp:h:99999", "/run/dnstap.sock"] { #expect(DnstapEndpoint(bad) == nil) }
    }
}
