import DNSWire
import FluxModel
import Testing
@testable import Detection

@Suite struct EvidenceBuilderTests {
    /// `LabSampler` (train, the lab report test) adds answer sets before sightings: the
    /// builder force-unwrapped a name it had not inserted and trapped.
    @Test func answerSetOfANameNotYetSeenIsKept() throws {
        let name = try DNSName("www.flux.test.")
        var builder = EvidenceBuilder()
        let set = AnswerSet(name: name, type: .a, addresses: [IPAddress("192.0.2.1")!, IPAddress("192.0.2.2")!], time: 100, source: 1)
        builder.add(AnswerSetTally(set))
        builder.add(AnswerSetTally(set))
        builder.add(Sighting(Observation(name: name, type: .a, data: .a(IPv4Address(192, 0, 2, 1)), ttl: 60, section: .answer,
                                         time: 100, source: 1)))
        let e = try #require(builder.build(info: { _ in nil }, psl: nil).first { $0.domain == name })
        #expect(e.answerSets.count == 1 && e.answerSets.first?.count == 2)
    }
}
