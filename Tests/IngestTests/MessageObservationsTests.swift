@testable import DNSWire
import FluxModel
import Testing
@testable import Ingest

@Suite struct MessageObservationsTests {
    func emit(_ wire: [UInt8], client: String? = nil) -> CollectingSink {
        var sink = CollectingSink()
        wire.withUnsafeBytes { _ = MessageObservations.emit(wire: $0, time: 10, source: 3, client: client, file: "t", into: &sink) }
        return sink
    }

    @Test func cnameChainAndAddressesAreAnswers() throws {
        let www = try DNSName("www.example."), cdn = try DNSName("edge.cdn.example.")
        let sink = emit(try DnstapFixture.response("www.example.", answers: [
            ResourceRecord(name: www, type: .cname, ttl: 300, data: .name(cdn)),
            ResourceRecord(name: cdn, type: .a, ttl: 20, data: .a(IPv4Address(192, 0, 2, 1))),
            ResourceRecord(name: cdn, type: .rrsig, ttl: 20, data: .rrsig(RRSIG(typeCovered: .a, algorithm: 13, labels: 3, originalTTL: 20,
                expiration: 0, inception: 0, keyTag: 1, signer: cdn, signature: [1]))),
        ]))
        #expect(sink.observations.map(\.type) == [.cname, .a])
        for o in sink.observations {
            #expect(o.section == .answer)
            #expect(o.time == 10)
            #expect(o.source == 3)
        }
        #expect(sink.outcomes.isEmpty)
        #expect(sink.counters[.messages] == 1)
        #expect(sink.counters[.responses] == 1)
    }

    @Test func negativeResponsesBecomeOutcomes() throws {
        for rcode in [RCode.nxDomain, .servFail, .refused, .noError] {
            let sink = emit(try DnstapFixture.response("gone.example.", type: .aaaa, rcode: rcode))
            #expect(sink.outcomes == [Outcome(name: try DNSName("gone.example."), type: .aaaa, rcode: rcode, time: 10, source: 3)])
        }
        #expect(emit(try DnstapFixture.response("x.example.", rcode: .formErr)).outcomes.isEmpty)
        #expect(emit(try DnstapFixture.response("x.example.", flags: 0x8380)).outcomes.isEmpty)  // TC=1: not "no data"
    }

    @Test func onlyNSFromAuthorityAndAddressesFromAdditional() throws {
        let zone = try DNSName("example."), ns = try DNSName("ns.example.")
        let soa = SOA(mname: ns, rname: ns, serial: 1, refresh: 1, retry: 1, expire: 1, minimum: 1)
        let sink = emit(try DnstapFixture.response("x.example.", authority: [
            ResourceRecord(name: zone, type: .ns, ttl: 60, data: .name(ns)),
            ResourceRecord(name: zone, type: .soa, ttl: 60, data: .soa(soa)),
        ], additional: [
            ResourceRecord(name: ns, type: .a, ttl: 60, data: .a(IPv4Address(192, 0, 2, 53))),
            ResourceRecord(name: ns, type: .txt, ttl: 60, data: .txt([[1]])),
        ]))
        #expect(sink.observations.map(\.section) == [.authority, .additional])
        #expect(sink.outcomes.count == 1)  // NOERROR, no answer: no data
    }

    @Test func queriesGiveClientsResponsesDoNot() throws {
        let q = emit(try DnstapFixture.query("a.example."), client: "192.0.2.0/24")
        #expect(q.clients.map(\.client) == ["192.0.2.0/24"])
        #expect(q.counters[.responses] == nil)
        let r = emit(try DnstapFixture.response("a.example."), client: "192.0.2.0/24")
        #expect(r.clients.isEmpty)
    }

    @Test func chaosAndUpdatesAreNotObservations() throws {
        var m = Message(id: 1, flags: HeaderFlags(rawValue: 0x8400), questions: [Question(name: try DNSName("version.bind."), type: .txt, recordClass: .chaos)],
                        answers: [ResourceRecord(name: try DNSName("version.bind."), type: .txt, recordClass: .chaos, ttl: 0, data: .txt([Array("x".utf8)]))])
        var sink = CollectingSink()
        MessageObservations.emit(m, time: 1, source: 1, into: &sink)
        #expect(sink.observations.isEmpty)
        m.flags.opcode = .update
        m.answers[0].recordClass = .in
        MessageObservations.emit(m, time: 1, source: 1, into: &sink)
        #expect(sink.observations.isEmpty)
    }
}
