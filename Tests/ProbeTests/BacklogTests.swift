import DNSWire
import FluxModel
import NIOCore
import Testing
@testable import Probe

/// A sink that cannot keep up (`ProbeSink.isBacklogged`, the store sink with a slow store)
/// holds new lookups back, so the prober's memory stays bounded by the sink's limit.
@Suite struct BacklogTests {
    /// A collecting sink that says it is backlogged until `until`.
    final class SlowSink: ProbeSink {
        let inner = CollectingSink()
        let until: NIODeadline
        init(until: NIODeadline) { self.until = until }
        func record(_ results: [ProbeResult]) { inner.record(results) }
        func scheduled(_ states: [NameSchedule]) { inner.scheduled(states) }
        var isBacklogged: Bool { NIODeadline.now() < until }
    }

    @Test func aBackloggedSinkHoldsNewLookupsBackUntilItCatchesUp() async throws {
        let fake = try await FakeServer.start { q in [FakeServer.answer(q, records: [TransportTests.address])] }
        let config = testConfig(.resolver([ProbeServer(address: .v4(IPv4Address(127, 0, 0, 1)), port: fake.port)]))
        let started = NIODeadline.now()
        let sink = SlowSink(until: started + .milliseconds(700))
        let summary = try await Prober(config: config).run(NameList((0..<5).map { try! DNSName("n\($0).test") }), sink: sink)
        await fake.stop()
        #expect(summary.counters.answered == 5)
        #expect(sink.inner.results.count == 5)
        let first = try #require(fake.queries.map(\.time).min())
        #expect(first >= started + .milliseconds(690), "a question left while the sink was backlogged")
    }
}
