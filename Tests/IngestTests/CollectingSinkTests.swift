import DNSWire
import FluxModel
import Testing
@testable import Ingest

@Suite struct CollectingSinkTests {
    @Test func countsObservationsAndProblems() throws {
        var sink = CollectingSink()
        let o = Observation(name: try DNSName("a.example."), type: .a, data: .a(IPv4Address(192, 0, 2, 1)),
                            ttl: 60, section: .answer, time: 1, source: 1)
        sink.observe(o)
        sink.observe(o)
        sink.problem(IngestProblem(file: "f", line: 3, kind: "bad_json", reason: "x"))
        #expect(sink.counters[.observations] == 2)
        #expect(sink.counters[.malformed] == 1)
        #expect(sink.problems.first?.description == "f:3: bad_json: x")
    }
}
