import DNSWire
import FluxModel
import Testing
@testable import Probe

@Suite struct ResponseDigestTests {
    func rr(_ name: String, _ type: RecordType, _ ttl: UInt32, _ data: RData) -> ResourceRecord {
        ResourceRecord(name: try! DNSName(name), type: type, ttl: ttl, data: data)
    }

    @Test func completeCNAMEChainGivesTheFinalAddresses() throws {
        let q = Question(name: try DNSName("Alias.Flux.Test"), type: .a)
        var m = Message(questions: [q], answers: [
            rr("alias.flux.test", .cname, 300, .name(try DNSName("www.flux.test"))),
            rr("www.flux.test", .a, 30, .a(IPv4Address(10, 0, 0, 1))),
        ])
        m.flags.qr = true
        let d = ResponseDigest(question: q, message: m, time: 0, source: 0, maxLinks: 8)
        #expect(d.chainEnd == (try DNSName("www.flux.test")))
        #expect(!d.incompleteChain)
        #expect(d.answerTTL == 30)
        #expect(d.addresses == [.v4(IPv4Address(10, 0, 0, 1))])
        #expect(d.outcome == nil)
        #expect(d.observations.count == 2)
    }

    @Test func incompleteChainAsksForTheTarget() throws {
        let q = Question(name: try DNSName("alias.flux.test"), type: .a)
        let m = Message(questions: [q], answers: [rr("alias.flux.test", .cname, 300, .name(try DNSName("elsewhere.test")))])
        let d = ResponseDigest(question: q, message: m, time: 0, source: 0, maxLinks: 8)
        #expect(d.incompleteChain)
        #expect(d.chainEnd == (try DNSName("elsewhere.test")))
    }

    @Test func cnameLoopStops() throws {
        let q = Question(name: try DNSName("a.test"), type: .a)
        let m = Message(questions: [q], answers: [
            rr("a.test", .cname, 60, .name(try DNSName("b.test"))),
            rr("b.test", .cname, 60, .name(try DNSName("a.test"))),
        ])
        let d = ResponseDigest(question: q, message: m, time: 0, source: 0, maxLinks: 8)
        #expect(d.chainEnd == (try DNSName("b.test")))
    }

    @Test func referralWithGlue() throws {
        let q = Question(name: try DNSName("www.child.flux.test"), type: .a)
        let m = Message(questions: [q], authority: [rr("child.flux.test", .ns, 60, .name(try DNSName("ns.child.flux.test")))],
                        additional: [rr("ns.child.flux.test", .a, 60, .a(IPv4Address(127, 0, 0, 2)))])
        let d = ResponseDigest(question: q, message: m, time: 0, source: 0, maxLinks: 8)
        #expect(d.referral?.zone == (try DNSName("child.flux.test")))
        #expect(d.referral?.glue == [.v4(IPv4Address(127, 0, 0, 2))])
        #expect(d.outcome == nil)
    }

    @Test func nxdomainAndNodataAreOutcomes() throws {
        let q = Question(name: try DNSName("nx.flux.test"), type: .a)
        var m = Message(questions: [q], authority: [
            rr("flux.test", .soa, 5, .soa(SOA(mname: try DNSName("ns1.flux.test"), rname: try DNSName("h.flux.test"),
                                               serial: 1, refresh: 1, retry: 1, expire: 1, minimum: 5))),
        ])
        m.flags.aa = true
        m.rcode = .nxDomain
        let d = ResponseDigest(question: q, message: m, time: 0, source: 0, maxLinks: 8)
        #expect(d.outcome?.rcode == .nxDomain)
        #expect(d.negativeTTL == 5)
        m.rcode = .noError
        #expect(ResponseDigest(question: q, message: m, time: 0, source: 0, maxLinks: 8).outcome?.rcode == .noError)
    }
}
