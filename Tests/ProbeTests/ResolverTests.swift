import DNSWire
import Foundation
import Testing
@testable import Probe

/// Through a real unbound in front of a real nsd, both on loopback.
@Suite(.enabled(if: ServerProcess.haveNSD && ServerProcess.haveUnbound,
                "nsd or unbound is not installed (apt-get install nsd unbound): skipping the resolver tests"))
struct ResolverTests {
    @Test func resolverCachesTheAnswerSetUntilItsTTLRunsOut() async throws {
        let nsd = try NSDServer.start(zones: ["flux.test.": zoneText("flux.test.", ["www 2 IN A 10.0.0.1", "alias 60 IN CNAME www"])])
        defer { nsd.stop() }
        let unbound = try UnboundServer.start(stubZone: "flux.test.", stubPort: nsd.port, probe: "flux.test.")
        defer { unbound.stop() }
        var config = testConfig(.resolver([ProbeServer("127.0.0.1:\(unbound.port)")!]))
        // Rounds until the test has seen the change (below); the bound only ends a run that
        // never sees it. (A fixed 8 rounds, 3.2 s, ended before a loaded machine's nsd served
        // the new zone.)
        config.rounds = 600
        config.schedule = SchedulePolicy(minInterval: 0.4, maxInterval: 0.4)
        let sink = CollectingSink()
        let task = Task { try await Prober(config: config).run(NameList([try DNSName("alias.flux.test")]), sink: sink) }
        // The zone changes only after round one has its answer (the old set, then cached).
        let roundOne = ContinuousClock.now + .seconds(300)
        while sink.schedules.isEmpty && ContinuousClock.now < roundOne { try await Task.sleep(for: .milliseconds(10)) }
        try #require(!sink.schedules.isEmpty, "round one never finished")
        let query = try Message(id: 1, questions: [Question(name: try DNSName("www.flux.test"), type: .a)]).serialize()
        try nsd.replace(zone: "flux.test.", with: zoneText("flux.test.", serial: 2, ["www 2 IN A 10.0.0.9", "alias 60 IN CNAME www"])) {
            Loopback.exchange(query, host: "127.0.0.1", port: nsd.port).map {
                (try? Message(wire: $0))?.answers.first?.data == .a(IPv4Address(10, 0, 0, 9))
            } ?? false
        }
        // Two rounds with the new set after the zone change, then stop the prober.
        let deadline = Date().addingTimeInterval(240)
        while Date() < deadline, !task.isCancelled {
            let seen = sink.results.filter { $0.question.type == .a }.map(\.addresses)
            if let i = seen.firstIndex(of: ["10.0.0.9"]), seen.count >= i + 2 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        task.cancel()
        _ = try? await task.value
        let rounds = sink.results.filter { $0.question.type == .a }
        #expect(rounds.count >= 3)
        let sets = rounds.map(\.addresses)
        // The CNAME chain is taken from the answer: addresses of www for alias.
        #expect(sets.first == ["10.0.0.1"])
        #expect(sets.last == ["10.0.0.9"])
        // Cached: the old set comes back (with a falling TTL) until the 2 s TTL runs out.
        let firstNew = try #require(sets.firstIndex(of: ["10.0.0.9"]))
        #expect(firstNew >= 2, "the changed set must not be seen before the cached TTL expires")
        #expect(sets[firstNew...].allSatisfy { $0 == ["10.0.0.9"] })
        #expect(sets[..<firstNew].allSatisfy { $0 == ["10.0.0.1"] })
        #expect(rounds.allSatisfy { !$0.authoritative })
    }
}
