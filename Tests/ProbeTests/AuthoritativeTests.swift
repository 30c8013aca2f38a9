import DNSWire
import Foundation
import Testing
@testable import Probe

/// Against real nsd processes on loopback, started and stopped by each test.
@Suite(.enabled(if: ServerProcess.haveNSD, "nsd is not installed (apt-get install nsd): skipping the nsd tests"))
struct AuthoritativeTests {
    static let setA = ["www 1 IN A 10.0.0.1", "www 1 IN A 10.0.0.2"]
    static let setB = ["www 1 IN A 10.9.9.1", "www 1 IN A 10.9.9.2", "www 1 IN A 10.9.9.3"]

    func local(_ port: Int, _ host: String = "127.0.0.1") -> ProbeServer { ProbeServer("\(host):\(port)")! }

    @Test func rotationBetweenRoundsIsSeenAtTheAuthoritativeServer() async throws {
        let nsd = try NSDServer.start(zones: ["flux.test.": zoneText("flux.test.", AuthoritativeTests.setA)])
        defer { nsd.stop() }
        var config = testConfig(.authoritative(start: local(nsd.port)))
        config.rounds = 2
        // The TTL is 1 s; round two waits at least 6 s (--min-interval).
        config.schedule = SchedulePolicy(minInterval: 6, maxInterval: 60)
        // The sink holds round two back until NSD serves the rotated set: on a loaded CI
        // machine the reload once took longer than the 6 s, and round two saw the old set.
        let held = HeldSink()
        let task = Task { try await Prober(config: config).run(NameList([try DNSName("www.flux.test")]), sink: held) }
        // Once round one is in, rotate the record set.
        let deadline = ContinuousClock.now + .seconds(300)
        while held.collected.schedules.isEmpty && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        try #require(!held.collected.schedules.isEmpty, "round one never finished")
        let query = try Message(id: 1, questions: [Question(name: try DNSName("www.flux.test"), type: .a)]).serialize()
        try nsd.replace(zone: "flux.test.", with: zoneText("flux.test.", serial: 2, AuthoritativeTests.setB)) {
            Loopback.exchange(query, host: "127.0.0.1", port: nsd.port).map { (try? Message(wire: $0))?.answers.count == 3 } ?? false
        }
        held.release()
        let summary = try await task.value
        let sink = held.collected
        let rounds = sink.results.filter { $0.question.type == .a }
        #expect(summary.counters.lookupsDone == 2)
        #expect(rounds.count == 2)
        #expect(rounds.first?.addresses == ["10.0.0.1", "10.0.0.2"])
        #expect(rounds.last?.addresses == ["10.9.9.1", "10.9.9.2", "10.9.9.3"])
        #expect(rounds.allSatisfy { $0.authoritative })
        let gap = (rounds.last?.time ?? 0) - (rounds.first?.time ?? 0)
        #expect(gap >= 5.9, "the second lookup waits for the minimum interval")
        #expect(sink.schedules.last?.lastTTL == 1)
    }

    @Test func truncatedAnswerIsAskedAgainOverTCP() async throws {
        let many = (1...60).map { "many 60 IN A 10.1.0.\($0)" }
        let nsd = try NSDServer.start(zones: ["flux.test.": zoneText("flux.test.", many)])
        defer { nsd.stop() }
        var config = testConfig(.authoritative(start: local(nsd.port)))
        config.ednsSize = 512
        let (summary, sink) = try await probe(config, ["many.flux.test"])
        #expect(summary.counters.truncated == 1)
        #expect(summary.counters.tcpSent == 1)
        let result = try #require(sink.results.first)
        #expect(result.transport == .tcp)
        #expect(result.addresses.count == 60)
    }

    @Test func forcedTCPAnswersEverything() async throws {
        let nsd = try NSDServer.start(zones: ["flux.test.": zoneText("flux.test.", AuthoritativeTests.setA)])
        defer { nsd.stop() }
        var config = testConfig(.authoritative(start: local(nsd.port)), types: [.a, .aaaa, .ns])
        config.forceTCP = true
        let (summary, sink) = try await probe(config, ["www.flux.test", "flux.test", "nx.flux.test"])
        #expect(summary.counters.tcpSent == summary.counters.sent)
        #expect(summary.counters.timeouts == 0)
        #expect(sink.results.allSatisfy { $0.transport == .tcp })
        #expect(summary.counters.byRCode[.nxDomain] == 3)
        // NS of flux.test. names ns1.flux.test.: its A and AAAA are asked too (double flux).
        #expect(sink.results.contains { $0.purpose == .nsHost && $0.question.name == (try! DNSName("ns1.flux.test")) })
    }

    @Test func iterationFollowsAReferralWithGlue() async throws {
        let port = Loopback.freePort(hosts: ["127.0.0.1", "127.0.0.2"])
        let parent = try NSDServer.start(zones: ["flux.test.": zoneText("flux.test.", [
            "child IN NS ns.child", "ns.child IN A 127.0.0.2",
            "loop IN NS ns.loop", "ns.loop IN A 127.0.0.1",
        ])], port: port)
        defer { parent.stop() }
        let child = try NSDServer.start(zones: ["child.flux.test.": zoneText("child.flux.test.", ["www 300 IN A 10.2.0.1"])],
                                        host: "127.0.0.2", port: port)
        defer { child.stop() }
        var config = testConfig(.authoritative(start: local(port)))
        config.rounds = 2
        config.schedule = SchedulePolicy(minInterval: 0.05, maxInterval: 0.1)
        let (_, sink) = try await probe(config, ["www.child.flux.test", "www.loop.flux.test"])
        let answers = sink.results.filter { $0.question.name == (try! DNSName("www.child.flux.test")) && $0.purpose == .target }
        #expect(answers.count == 2)
        #expect(answers.allSatisfy { $0.addresses == ["10.2.0.1"] && $0.authoritative && $0.server == local(port, "127.0.0.2") })
        let referrals = sink.results.filter { $0.purpose == .referral }
        // The second round goes straight to the child: the zone cut is remembered.
        #expect(referrals.filter { $0.question.name == (try! DNSName("www.child.flux.test")) }.count == 1)
        #expect(referrals.first?.observations.contains { $0.section == .additional && $0.type == .a } == true, "glue is observed")
        let looped = sink.results.first { $0.question.name == (try! DNSName("www.loop.flux.test")) && $0.purpose == .target }
        if case .failed(let why) = looped?.status { #expect(why.contains("loop")) } else { Issue.record("loop not detected: \(String(describing: looped))") }
    }
}
