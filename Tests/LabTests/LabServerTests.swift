import DNSWire
import Foundation
import Testing
@testable import Lab

@Suite(.serialized) struct LabServerTests {
    /// Runs dig against the server and returns its standard output.
    func dig(_ arguments: [String], port: Int) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/dig")
        process.arguments = ["@127.0.0.1", "-p", "\(port)", "+time=3", "+tries=1"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    func query(_ name: String, _ type: RecordType, edns: EDNS? = nil) -> Message {
        Message(id: 0x4242, questions: [Question(name: try! DNSName(name), type: type)], edns: edns)
    }

    @Test func digOverUDPAndTCP() async throws {
        let server = try await LabServer.start(world: LabFixture.world)
        defer { Task { try await server.stop() } }
        let udp = try dig(["+norec", "www.avalanche-shop.lab", "A"], port: server.port)
        #expect(udp.contains("status: NOERROR"))
        #expect(udp.contains("flags: qr aa;"))
        #expect(udp.contains("ANSWER: 8,"))
        let tcp = try dig(["+tcp", "+short", "www.bigportal.lab", "AAAA"], port: server.port)
        #expect(tcp.split(separator: "\n").count == 16)
        let refused = try dig(["example.com", "A"], port: server.port)
        #expect(refused.contains("status: REFUSED"))
        let chain = try dig(["+short", "www.video-fastly.lab", "A"], port: server.port)
        #expect(chain.split(separator: "\n").first?.hasSuffix(".edge.cdn-provider.lab.") == true)
        try await server.stop()
    }

    @Test func dnswireQueriesOverSockets() async throws {
        let server = try await LabServer.start(world: LabFixture.world, port: 0)
        let overUDP = try LoopbackClient.udp(query("seed.coinseed.lab.", .a, edns: EDNS()), port: server.port)
        #expect(overUDP.id == 0x4242 && overUDP.flags.qr && overUDP.flags.aa)
        #expect(overUDP.answers.count == 25)
        #expect(overUDP.edns?.udpPayloadSize == LabWorld.advertisedPayloadSize)
        let overTCP = try LoopbackClient.tcp(query("alice-nas.dynhome.lab.", .a), port: server.port)
        #expect(overTCP.answers.count == 1 && overTCP.answers[0].ttl == 60)
        let missing = try LoopbackClient.udp(query("nope.timepool.lab.", .a), port: server.port)
        #expect(missing.rcode == .nxDomain && missing.authority.first?.type == .soa)
        try await server.stop()
    }

    @Test func largeUDPAnswersAreTruncated() async throws {
        var big = ZoneSpec(name: "big.lab", kind: .largeSite)
        big.poolSize = 40
        big.answerCount = 40
        let world = try LabFixture.world([big])
        let server = try await LabServer.start(world: world)
        // 40 A records are about 660 octets: over 512 without EDNS, under 1232 with it.
        let plain = try LoopbackClient.udp(query("www.big.lab.", .a), port: server.port)
        #expect(plain.flags.tc && plain.answers.isEmpty)
        #expect(plain.questions.count == 1)
        let small = try LoopbackClient.udp(query("www.big.lab.", .aaaa, edns: EDNS(udpPayloadSize: 600)), port: server.port)
        #expect(small.flags.tc && small.answers.isEmpty && small.edns != nil)
        let withEDNS = try LoopbackClient.udp(query("www.big.lab.", .a, edns: EDNS(udpPayloadSize: 1232)), port: server.port)
        #expect(!withEDNS.flags.tc && withEDNS.answers.count == 40)
        let overTCP = try LoopbackClient.tcp(query("www.big.lab.", .aaaa), port: server.port)
        #expect(!overTCP.flags.tc && overTCP.answers.count == 40)
        let digged = try dig(["+norec", "+noedns", "+ignore", "www.big.lab", "A"], port: server.port)
        #expect(digged.contains("flags: qr aa tc;"))
        try await server.stop()
    }

    @Test func parentServerGivesReferrals() async throws {
        let world = LabFixture.world
        let parent = try await LabServer.start(world: world, view: .parent)
        let output = try dig(["+norec", "www.pharma-double.lab", "A"], port: parent.port)
        #expect(output.contains("AUTHORITY: 4,"))
        #expect(output.contains("ADDITIONAL: 5\n"))  // four glue records and the OPT record
        #expect(!output.contains("flags: qr aa"))
        let referral = try LoopbackClient.tcp(query("pharma-double.lab.", .ns), port: parent.port)
        #expect(referral.authority.count == 4 && referral.authority.allSatisfy { $0.ttl == 600 })
        try await parent.stop()
    }

    @Test func refusesToBindOutsideLoopback() async {
        await #expect(throws: LabError.self) { try await LabServer.start(world: LabFixture.world, host: "0.0.0.0") }
    }

    @Test func garbageGetsFormErrOrSilence() async throws {
        let server = try await LabServer.start(world: LabFixture.world)
        let responder = LabResponder(world: LabFixture.world, clock: server.clock, view: .full)
        #expect(responder.respond(to: [1, 2, 3], client: LabClient(), udp: true) == nil)
        let header: [UInt8] = [0xAB, 0xCD, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0]  // pointer to nowhere
        let reply = try #require(responder.respond(to: header, client: LabClient(), udp: true))
        let parsed = try Message(wire: reply)
        #expect(parsed.id == 0xABCD && parsed.rcode == .formErr && parsed.flags.qr)
        try await server.stop()
    }
}
