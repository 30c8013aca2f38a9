import DNSWire
import FluxModel
import NIOCore
import Testing
@testable import Probe

/// Misbehaving servers, built in the test: silence, wrong ids; and the rate limits measured
/// at the server.
@Suite struct TransportTests {
    static let address = ResourceRecord(name: try! DNSName("x.test"), type: .a, ttl: 60, data: .a(IPv4Address(192, 0, 2, 1)))

    func server(_ fake: FakeServer) -> ProbeServer { ProbeServer(address: .v4(IPv4Address(127, 0, 0, 1)), port: fake.port) }

    @Test func silentServerTimesOutAndRetriesWithBackoff() async throws {
        let fake = try await FakeServer.start { _ in [] }
        var config = testConfig(.resolver([server(fake)]))
        config.timeout = 0.1
        config.retries = 2
        let started = NIODeadline.now()
        let (summary, sink) = try await probe(config, ["x.test"])
        await fake.stop()
        let elapsed = Double((NIODeadline.now() - started).nanoseconds) / 1e9
        #expect(summary.counters.sent == 3)
        #expect(summary.counters.timeouts == 3)
        #expect(summary.counters.retries == 2)
        #expect(summary.counters.gaveUp == 1)
        #expect(sink.results.first?.status == .timeout)
        #expect(sink.results.first?.attempts == 3)
        #expect(elapsed >= 0.65, "0.1 + 0.2 + 0.4 s of backoff")
        let ids = Set(fake.queries.map(\.message.id))
        #expect(ids.count == 3, "each attempt gets a fresh id")
        #expect(sink.schedules.first?.consecutiveFailures == 1)
    }

    @Test func wrongIdIsRejectedAndCountedThenTheRightAnswerTaken() async throws {
        let fake = try await FakeServer.start { q in
            [FakeServer.answer(q, id: q.id ^ 0x5A5A, records: [TransportTests.address]),
             FakeServer.answer(q, records: [TransportTests.address])]
        }
        let (summary, sink) = try await probe(testConfig(.resolver([server(fake)])), ["x.test"])
        await fake.stop()
        #expect(summary.counters.mismatches == 1)
        #expect(summary.counters.answered == 1)
        #expect(sink.results.first?.status == .answered(.noError))
        #expect(sink.results.first?.addresses == ["192.0.2.1"])
    }

    @Test func answerForAnotherQuestionIsRejected() async throws {
        let fake = try await FakeServer.start { q in
            var other = q
            other.questions = [Question(name: try! DNSName("spoofed.test"), type: .a)]
            return [FakeServer.answer(other, records: [TransportTests.address]), FakeServer.answer(q, records: [TransportTests.address])]
        }
        let (summary, sink) = try await probe(testConfig(.resolver([server(fake)])), ["x.test"])
        await fake.stop()
        #expect(summary.counters.mismatches == 1)
        #expect(sink.results.first?.status == .answered(.noError))
    }

    @Test func globalQPSLimitHoldsAtTheServer() async throws {
        let fake = try await FakeServer.start { q in [FakeServer.answer(q, records: [TransportTests.address])] }
        var config = testConfig(.resolver([server(fake)]))
        config.qps = 40
        let names = (0..<30).map { "n\($0).test" }
        let (summary, _) = try await probe(config, names)
        await fake.stop()
        let times = fake.queries.map(\.time)
        #expect(summary.counters.answered == 30)
        assertRate(times, rate: 40, burst: 1)
    }

    @Test func perServerQPSLimitHoldsForEachServer() async throws {
        let a = try await FakeServer.start { q in [FakeServer.answer(q, records: [TransportTests.address])] }
        let b = try await FakeServer.start { q in [FakeServer.answer(q, records: [TransportTests.address])] }
        var config = testConfig(.resolver([server(a), server(b)]))
        config.perServerQPS = 20
        let (summary, _) = try await probe(config, (0..<24).map { "n\($0).test" })
        await a.stop()
        await b.stop()
        #expect(summary.counters.answered == 24)
        // Round robin, but a question skips a resolver whose bucket is empty at that moment,
        // and a timed-out question's retry goes to the next in turn (in a CI run starved for
        // a minute the split was uneven), so the split is even only as a rule.
        let askedA = Set(a.queries.compactMap { $0.message.questions.first?.name })
        let askedB = Set(b.queries.compactMap { $0.message.questions.first?.name })
        #expect(askedA.union(askedB).count == 24)
        #expect(min(askedA.count, askedB.count) >= 8, "spread over both resolvers")
        assertRate(a.queries.map(\.time), rate: 20, burst: 1)
        assertRate(b.queries.map(\.time), rate: 20, burst: 1)
    }

    @Test func inFlightCapIsNeverExceeded() async throws {
        let fake = try await FakeServer.start { _ in [] }
        var config = testConfig(.resolver([server(fake)]))
        config.inFlight = 3
        config.timeout = 1.5
        config.retries = 0
        let (summary, _) = try await probe(config, (0..<9).map { "n\($0).test" })
        await fake.stop()
        #expect(summary.counters.peakInFlight == 3, "three questions out at once, never more")
        // The fourth question waits for the first timeout (1.5 s) to free a slot. Arrival
        // times at the server can only bunch up by scheduling delays, not by a second.
        let times = fake.queries.map(\.time).sorted()
        #expect(times.count == 9)
        if times.count > 3 { #expect(times[3] - times[0] >= .milliseconds(1000), "the fourth question came before a slot was free") }
        #expect(summary.counters.sent == 9)
        #expect(summary.counters.gaveUp == 9)
    }

    /// Over every window between two arrivals, the count is at most rate * span + burst + 1.
    /// No window of arrival times holds more queries than the limit allows. Times are taken
    /// where the fake server reads the datagrams, so on a loaded machine a query can arrive
    /// up to `jitter` late and bunch with the next ones: the window is widened by that much
    /// (a limiter running at twice its rate still fails over a run of 12 or more queries).
    func assertRate(_ times: [NIODeadline], rate: Double, burst: Double, jitter: Double = 0.1,
                    sourceLocation: SourceLocation = #_sourceLocation) {
        let sorted = times.sorted()
        for i in sorted.indices {
            for j in sorted.indices where j > i {
                let span = Double((sorted[j] - sorted[i]).nanoseconds) / 1e9
                let allowed = rate * (span + jitter) + burst + 1
                if Double(j - i + 1) > allowed + 0.5 {
                    Issue.record("\(j - i + 1) queries in \(span) s at \(rate)/s", sourceLocation: sourceLocation)
                    return
                }
            }
        }
    }
}
