import DNSWire
import FluxModel
import Testing
@testable import Probe

@Suite struct ResponseDigestTests {
    func rr(_ name: String, _ type: RecordType, _ ttl: UInt32, _ data: RData) -> ResourceRecord {
        ResourceRecord(name: try! DNSName(name), type: type, ttl: ttl, data: data)
    }

    /// The digest read from the serialized message's layout, checked against the parsed one;
    /// `nil` when the layout defers to the parsed path (a possible referral).
    @discardableResult
    func sameFromWire(_ q: Question, _ m: Message, maxLinks: Int = 8) throws -> ResponseDigest? {
        // The message as the prober sees it: serialized (names compressed, so an owner may
        // take another name's case) and parsed back.
        let bytes = try m.serialize()
        let sent = bytes.withUnsafeBytes { Message.parsePartial($0).message }
        let parsed = ResponseDigest(question: q, message: sent, time: 0, source: 0, maxLinks: maxLinks)
        return bytes.withUnsafeBytes { wire -> ResponseDigest? in
            var layout = MessageLayout()
            layout.scan(wire)
            #expect(layout.error == nil)
            var keys: [UInt8] = []
            guard let d = ResponseDigest(question: q, layout: layout, wire: wire, time: 0, source: 0, maxLinks: maxLinks,
                                         keys: &keys) else { return nil }
            #expect(d.chainEnd.description == parsed.chainEnd.description)
            #expect(d.incompleteChain == parsed.incompleteChain)
            #expect(d.answerTTL == parsed.answerTTL && d.negativeTTL == parsed.negativeTTL)
            #expect(d.addresses == parsed.addresses && d.nsHosts == parsed.nsHosts)
            #expect(d.outcome == parsed.outcome && d.referral == nil && parsed.referral == nil)
            #expect(d.recordCount == parsed.observations.count && d.observations.isEmpty)
            return d
        }
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
        #expect(try sameFromWire(q, m) != nil)
        #expect(try sameFromWire(q, m, maxLinks: 0)?.outcome != nil)
    }

    @Test func incompleteChainAsksForTheTarget() throws {
        let q = Question(name: try DNSName("alias.flux.test"), type: .a)
        let m = Message(questions: [q], answers: [rr("alias.flux.test", .cname, 300, .name(try DNSName("elsewhere.test")))])
        let d = ResponseDigest(question: q, message: m, time: 0, source: 0, maxLinks: 8)
        #expect(d.incompleteChain)
        #expect(d.chainEnd == (try DNSName("elsewhere.test")))
        #expect(try sameFromWire(q, m)?.incompleteChain == true)
    }

    @Test func cnameLoopStops() throws {
        let q = Question(name: try DNSName("a.test"), type: .a)
        let m = Message(questions: [q], answers: [
            rr("a.test", .cname, 60, .name(try DNSName("b.test"))),
            rr("b.test", .cname, 60, .name(try DNSName("a.test"))),
        ])
        let d = ResponseDigest(question: q, message: m, time: 0, source: 0, maxLinks: 8)
        #expect(d.chainEnd == (try DNSName("b.test")))
        #expect(try sameFromWire(q, m)?.chainEnd == (try DNSName("b.test")))
        #expect(try sameFromWire(q, m, maxLinks: 1)?.chainEnd == (try DNSName("b.test")))
    }

    @Test func referralWithGlue() throws {
        let q = Question(name: try DNSName("www.child.flux.test"), type: .a)
        let m = Message(questions: [q], authority: [rr("child.flux.test", .ns, 60, .name(try DNSName("ns.child.flux.test")))],
                        additional: [rr("ns.child.flux.test", .a, 60, .a(IPv4Address(127, 0, 0, 2)))])
        let d = ResponseDigest(question: q, message: m, time: 0, source: 0, maxLinks: 8)
        #expect(d.referral?.zone == (try DNSName("child.flux.test")))
        #expect(d.referral?.glue == [.v4(IPv4Address(127, 0, 0, 2))])
        #expect(d.outcome == nil)
        #expect(try sameFromWire(q, m) == nil, "a possible referral takes the parsed path")
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
        #expect(try sameFromWire(q, m)?.outcome?.rcode == .nxDomain)
        m.rcode = .noError
        #expect(ResponseDigest(question: q, message: m, time: 0, source: 0, maxLinks: 8).outcome?.rcode == .noError)
        #expect(try sameFromWire(q, m)?.outcome?.rcode == .noError)
    }

    /// A chain through names in other case, NS answers (hosts built from the wire) and
    /// AAAA, and records of the asked type at other owners (not taken).
    @Test func chainsNSHostsAndAddressesFromTheWire() throws {
        let q = Question(name: try DNSName("WWW.flux.test"), type: .aaaa)
        var m = Message(questions: [q], answers: [
            rr("www.FLUX.test", .cname, 300, .name(try DNSName("Edge.CDN.test"))),
            rr("other.test", .aaaa, 9, .aaaa(IPv6Address(1))),
            rr("edge.cdn.TEST", .aaaa, 40, .aaaa(IPv6Address(UInt128(0x2001_0db8) << 96 | 5))),
            rr("EDGE.cdn.test", .aaaa, 20, .aaaa(IPv6Address(UInt128(0x2001_0db8) << 96 | 6))),
        ])
        m.flags.qr = true
        m.flags.aa = true
        let d = try #require(try sameFromWire(q, m))
        #expect(d.addresses.count == 2 && d.answerTTL == 20 && d.chainEnd.description == "Edge.CDN.test.")
        let nsq = Question(name: try DNSName("flux.test"), type: .ns)
        let ns = Message(questions: [nsq], answers: [
            rr("flux.test", .ns, 60, .name(try DNSName("NS1.flux.test"))),
            rr("Flux.Test", .ns, 50, .name(try DNSName("ns2.flux.test"))),
        ])
        #expect(try sameFromWire(nsq, ns)?.nsHosts.count == 2)
    }
}
