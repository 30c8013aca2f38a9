import DNSWire
import FluxModel
import Testing
@testable import Detection

@Suite struct EvidenceBuilderTests {
    /// Regression: an answer set fed before any sighting of its name trapped (the builder
    /// read the name's entry through a defaulting subscript, which inserts nothing, then
    /// force-unwrapped it). `LabSampler` feeds answer sets first, so `fluxscope train` crashed.
    @Test func answerSetBeforeAnySightingOfItsNameIsKept() throws {
        let name = try DNSName("www.flux.example.")
        let a = IPAddress("11.1.1.1")!, b = IPAddress("12.2.2.2")!
        var builder = EvidenceBuilder()
        builder.add(AnswerSetTally(AnswerSet(name: name, type: .a, addresses: [a, b], time: 100, source: 1)))
        builder.add(AnswerSetTally(AnswerSet(name: name, type: .a, addresses: [b, a], time: 200, source: 1)))
        builder.add(Sighting(Observation(name: name, type: .a, data: .a(IPv4Address(11, 1, 1, 1)), ttl: 60, section: .answer,
                                         time: 100, source: 1)))
        let evidence = try #require(builder.build(info: { _ in nil }, psl: nil).first)
        #expect(evidence.answerSets.count == 1)
        let set = try #require(evidence.answerSets.first)
        #expect(set.count == 2 && set.firstSeen == 100 && set.lastSeen == 200)
    }
}
