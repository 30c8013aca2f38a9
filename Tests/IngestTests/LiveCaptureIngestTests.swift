import DNSWire
import FluxModel
import Foundation
import Store
import Testing
import TestSupport

/// `fluxscope capture --interface lo` against NSD on 127.0.0.1: dig asks, SIGINT stops the
/// capture, and the answers are in the store.
@Suite(.serialized) struct LiveCaptureIngestTests {
    static let zone = """
        $ORIGIN live.test.
        $TTL 300
        @     SOA ns1 hostmaster 1 3600 600 86400 60
        @     NS  ns1
        ns1   A   127.0.0.1
        www   30  A 192.0.2.10
        www   30  A 192.0.2.11
        mail  A   198.51.100.25
        """

    static var canCapture: Bool { getuid() == 0 }

    @Test(.enabled(if: canCapture, "skipped: capturing on lo needs root or CAP_NET_RAW"))
    func capturedAnswersReachTheStore() async throws {
        guard let dig = TestEnvironment.tool("/usr/bin/dig") else {
            Issue.record("dig is not installed (apt-get install bind9-dnsutils)")
            return
        }
        let nsd = try NSDServer(zones: ["live.test.": Self.zone])
        defer { nsd.stop() }
        let scratch = try Scratch()
        defer { scratch.remove() }
        let log = scratch.path("capture.log")
        let capture = try ChildProcess(Tool.fluxscope, [
            "capture", "--interface", "lo", "--filter", "udp port \(nsd.port)", "--port", "\(nsd.port)",
            "--db", scratch.url, "--clients", "truncate", "--flush-interval", "0.2", "--stats-interval", "0.5",
        ], output: log)
        defer { capture.stop() }
        var ready = false
        for _ in 0..<200 where !ready {
            ready = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("capturing on lo")
            if !ready { try await Task.sleep(for: .milliseconds(50)) }
        }
        try #require(ready, "capture did not start: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        for name in ["www.live.test", "mail.live.test", "www.live.test", "nothere.live.test"] {
            let r = try await TestEnvironment.run(dig, ["@127.0.0.1", "-p", "\(nsd.port)", name, "A", "+tries=1", "+time=2"], timeout: 10)
            #expect(r.status == 0, "\(r.output)")
        }
        try await Task.sleep(for: .milliseconds(300))
        kill(capture.pid, SIGINT)
        let status = capture.wait(timeout: 20)
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(status == 0, "\(output)")
        #expect(output.contains("stopped: packets="))

        let store = try await scratch.store()
        let www = try await store.sightings(named: DNSName("www.live.test."))
        #expect(Set(www.map(\.key.data)) == [.a(IPv4Address("192.0.2.10")!), .a(IPv4Address("192.0.2.11")!)])
        #expect(www.allSatisfy { $0.count == 2 && $0.minTTL == 30 })
        let mail = try await store.sightings(named: DNSName("mail.live.test."))
        #expect(mail.map(\.key.data) == [.a(IPv4Address("198.51.100.25")!)] && mail.first?.minTTL == 300)
        #expect(try await store.outcomes(named: DNSName("nothere.live.test.")).map(\.key.rcode) == [.nxDomain])
        let sets = try await store.answerSets(named: DNSName("www.live.test."))
        #expect(sets.count == 1 && sets.first?.count == 2)
        let clients = try await store.clientQueries(named: DNSName("www.live.test."))
        #expect(clients.map(\.key.client) == ["127.0.0.0/24"] && clients.first?.count == 2)
        let source = try #require(try await store.sources().first { $0.source.kind == .live })
        #expect(source.source.name == "lo" && source.counters.messages == 8 && source.counters.unansweredQueries == 0)
        try await store.close()
    }
}
