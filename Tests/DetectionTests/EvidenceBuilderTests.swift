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

    /// The parallel `map` gives what `forEach` gives, in the same order, and never splits a
    /// registered domain between threads, also where the suffix list nests suffixes.
    @Test func parallelMapMatchesForEach() throws {
        // s3.amazonaws.com is a suffix inside the registered domain amazonaws.com, whose names
        // (a., y., z.y.) come before and after the x*.s3 names in canonical order.
        let psl = PublicSuffixList(text: "com\nnet\ns3.amazonaws.com\n")
        var builder = EvidenceBuilder()
        var owners: [String] = []
        for d in 0..<40 { owners += ["www.d\(d).com", "mail.d\(d).com", "x\(d).s3.amazonaws.com", "a\(d).net"] }
        owners += ["a.amazonaws.com", "s3.amazonaws.com", "y.amazonaws.com", "z.y.amazonaws.com"]
        for (i, owner) in owners.enumerated() {
            let a = IPv4Address(UInt32(0x0B00_0000 + i))
            builder.add(Sighting(Observation(name: try DNSName(owner), type: .a, data: .a(a), ttl: 60, section: .answer,
                                             time: 100, source: 1)))
        }
        var serial: [String] = []
        builder.forEach(info: { _ in nil }, psl: psl) { serial.append("\($0.level.rawValue) \($0.domain) \($0.addresses.count)") }
        // d0.com ... d39.com (www, mail) and amazonaws.com (a, y, z.y); a*.net and each
        // x*.s3.amazonaws.com have one name only.
        #expect(serial.filter { $0.hasPrefix("registered") }.count == 41)
        #expect(serial.contains("registered amazonaws.com. 3"))
        for parallel in [1, 2, 3, 7, 500] {
            let mapped = builder.map(info: { _ in nil }, psl: psl, parallel: parallel) { "\($0.level.rawValue) \($0.domain) \($0.addresses.count)" }
            #expect(mapped == serial, "parallel \(parallel)")
        }
        let sorted = builder.sortedNames
        #expect(EvidenceBuilder.chunks(sorted, count: 5, psl: psl).count > 1)
        for count in [2, 5, 50] {
            for range in EvidenceBuilder.chunks(sorted, count: count, psl: psl) where range.lowerBound > 0 {
                #expect(EvidenceBuilder.separates(sorted[range.lowerBound - 1], sorted[range.lowerBound], psl))
            }
        }
    }

    /// Feeding a page at once (one table look-up per owner run) builds what feeding the
    /// sightings one by one builds: runs that mix cases of one name, types evidence ignores,
    /// sightings outside the window, PTRs, CNAMEs and NS.
    @Test func addingAPageMatchesAddingOneByOne() throws {
        var sightings: [Sighting] = []
        func add(_ owner: String, _ type: RecordType, _ data: RData, at time: Timestamp) throws {
            sightings.append(Sighting(Observation(name: try DNSName(owner), type: type, data: data, ttl: 60, section: .answer,
                                                  time: time, source: 1)))
        }
        for d in 0..<30 {
            let owner = "www.d\(d % 7).example."
            try add(owner, .a, .a(IPv4Address(UInt32(0x0B00_0000 + d))), at: Double(d))
            try add(owner.uppercased(), .a, .a(IPv4Address(UInt32(0x0C00_0000 + d))), at: Double(50 + d))
            try add(owner, .mx, .mx(preference: 10, exchange: try DNSName("mx.example.")), at: Double(d))
            try add("only-mx\(d).example.", .mx, .mx(preference: 10, exchange: try DNSName("mx.example.")), at: Double(d))
            try add("d\(d % 7).example.", .ns, .name(try DNSName("ns\(d % 3).d\(d % 7).example.")), at: Double(d))
            try add("alias\(d).example.", .cname, .name(try DNSName(owner)), at: Double(d))
            if d % 5 == 0 { try add("\(d).0.0.11.in-addr.arpa.", .ptr, .name(try DNSName("dsl-\(d).isp.example.")), at: Double(d)) }
        }
        var one = EvidenceBuilder(since: 10, until: 70), page = EvidenceBuilder(since: 10, until: 70)
        for s in sightings { one.add(s) }
        page.add(contentsOf: sightings[0..<17])
        page.add(contentsOf: sightings[17...])
        #expect(page.nameCount == one.nameCount)
        func render(_ b: EvidenceBuilder) -> [String] {
            b.build(info: { _ in nil }, psl: nil).map { e in
                "\(e.domain) \(e.addresses.map { "\($0.address)@\($0.firstSeen)" }) \(e.nameServers.map(\.name)) "
                    + "\(e.cnameTargets.map(\.name)) \(e.reverseNames)"
            }
        }
        #expect(render(page) == render(one))
        #expect(render(one).count > 10)
    }

    /// With the run's range given, names in it that the builder lacks are not asked for (the
    /// reader fed every store name there), and the only ancestors asked for are those of
    /// the range's first name: the same names as without it, less the ones in the range.
    @Test func missingReferencesLeaveOutTheCompleteRange() throws {
        func sighting(_ owner: String, _ type: RecordType, _ data: RData) throws -> Sighting {
            Sighting(Observation(name: try DNSName(owner), type: type, data: data, ttl: 60, section: .answer, time: 1, source: 1))
        }
        var builder = EvidenceBuilder()
        builder.add(contentsOf: [
            try sighting("www.b.example.com.", .a, .a(IPv4Address(192, 0, 2, 1))),
            try sighting("www.b.example.com.", .ns, .name(try DNSName("x.b.example.com."))),     // in the range, absent
            try sighting("www.b.example.com.", .ns, .name(try DNSName("ns.hoster.net."))),       // outside
            try sighting("x.c.example.com.", .cname, .name(try DNSName("y.c.example.com."))),    // in the range
            try sighting("x.c.example.com.", .ns, .name(try DNSName("www.b.example.com."))),     // fed
            try sighting("z.d.example.com.", .cname, .name(try DNSName("cdn.example.net."))),    // outside
        ].sorted { $0.key.name < $1.key.name })
        let first = try DNSName("www.b.example.com."), last = try DNSName("z.d.example.com.")
        let all = builder.missingReferences()
        let ranged = builder.missingReferences(complete: first...last)
        let inRange = try [DNSName("x.b.example.com."), DNSName("c.example.com."), DNSName("y.c.example.com.")]
        let wanted = Set(try ["b.example.com.", "example.com.", "com.", ".", "ns.hoster.net.", "cdn.example.net."].map { try DNSName($0) })
        let cdn = try DNSName("cdn.example.net.")
        #expect(inRange.allSatisfy { all.names.contains($0) && !ranged.names.contains($0) })
        #expect(ranged.names == all.names.filter { !(first...last).contains($0) })
        #expect(ranged.names == wanted)
        #expect(ranged.cnameTargets == [cdn])
    }

    /// A reader's run of names (lower-cased, canonical) gives the builder its order without a
    /// sort: the names as fed (their spelling kept), in the order sorting gives; a list that
    /// lacks a fed name, repeats one or is out of order leaves the order to the sort.
    @Test func orderFromTheRunIsTheSortedOrder() throws {
        var builder = EvidenceBuilder()
        let owners = ["WWW.b.example.", "a.example.", "x.Y.a.example.", "b.example.", "Mail.c.example.", "z.example.net."]
        for (i, owner) in owners.enumerated() {
            builder.add(Sighting(Observation(name: try DNSName(owner), type: .a, data: .a(IPv4Address(UInt32(0x0B00_0000 + i))),
                                             ttl: 60, section: .answer, time: 1, source: 1)))
        }
        let sorted = builder.sortedNames
        #expect(sorted.map(\.description) == ["a.example.", "x.Y.a.example.", "b.example.", "WWW.b.example.", "Mail.c.example.", "z.example.net."])
        // The run also holds names without kept sightings (not fed).
        let run = try ["a.example.", "x.y.a.example.", "b.example.", "only-mx.b.example.", "www.b.example.", "mail.c.example.",
                       "z.example.net."].map { try DNSName($0) }
        var ordered = builder
        ordered.orderNames(by: run)
        #expect(ordered.sortedNames.map(\.wire) == sorted.map(\.wire))
        for bad in [Array(run.dropLast()), run + [run[0]], run.reversed()] {
            var b = builder
            b.orderNames(by: bad)
            #expect(b.sortedNames.map(\.wire) == sorted.map(\.wire))
        }
        // Feeding more drops a given order.
        ordered.add(Sighting(Observation(name: try DNSName("0.example."), type: .a, data: .a(IPv4Address(1)), ttl: 60,
                                         section: .answer, time: 1, source: 1)))
        #expect(ordered.sortedNames.first == (try DNSName("0.example.")))
    }
}
