import Testing
@testable import DNSWire

/// Builds a message from a header and body bytes.
func wire(qd: UInt16 = 0, an: UInt16 = 0, ns: UInt16 = 0, ar: UInt16 = 0, flags: UInt16 = 0, _ body: [UInt8]) -> [UInt8] {
    var h: [UInt8] = [0x12, 0x34, UInt8(flags >> 8), UInt8(flags & 0xFF)]
    for c in [qd, an, ns, ar] { h += [UInt8(c >> 8), UInt8(c & 0xFF)] }
    return h + body
}

func parseError(_ bytes: [UInt8]) -> DNSWireError? {
    let partial = bytes.withUnsafeBytes { Message.parsePartial($0) }
    let scan = bytes.withUnsafeBytes { MessageScan.scan($0) }
    // The quick scan and the full parse must always agree.
    #expect(scan.error == partial.error)
    return partial.error
}

@Suite struct HostileInputTests {
    @Test func nameThatPointsAtItself() {
        // The 18-byte packet that crashes naive decoders: QNAME is C0 0C, pointing at itself.
        let e = parseError(wire(qd: 1, [0xC0, 0x0C, 0x00, 0x01, 0x00, 0x01]))
        #expect(e?.kind == .badPointer)
        #expect(e?.offset == 12)
    }

    @Test func forwardPointerIsRejected() {
        let e = parseError(wire(qd: 1, [0xC0, 0x12, 0x00, 0x01, 0x00, 0x01, 0x01, 0x61, 0x00]))
        #expect(e?.kind == .badPointer)
    }

    @Test func pointerIntoOwnLabelsIsRejected() {
        // "a" then a pointer back to the start of this same name: a loop.
        let e = parseError(wire(qd: 1, [0x01, 0x61, 0xC0, 0x0C, 0x00, 0x01, 0x00, 0x01]))
        #expect(e?.kind == .badPointer)
        #expect(e?.offset == 14)
    }

    @Test func longPointerChainHitsHopLimit() {
        // Question 1 is the root; every later question's name is a pointer to the one
        // before, itself a pointer: a legal-looking chain that grows one hop per question.
        var body: [UInt8] = [0x00, 0x00, 0x01, 0x00, 0x01]
        var previous = 12
        for _ in 0..<200 {
            let here = 12 + body.count
            body += [0xC0 | UInt8(previous >> 8), UInt8(previous & 0xFF), 0x00, 0x01, 0x00, 0x01]
            previous = here
        }
        let e = parseError(wire(qd: 201, body))
        #expect(e?.kind == .pointerLoop)
    }

    @Test func nameLongerThan255Octets() {
        var body: [UInt8] = []
        for _ in 0..<128 { body += [0x01, 0x61] }
        body += [0x00, 0x00, 0x01, 0x00, 0x01]
        #expect(parseError(wire(qd: 1, body))?.kind == .nameTooLong)
    }

    @Test func nameOf255OctetsIsAccepted() throws {
        // 127 one-octet labels = 254 octets + root = 255.
        var body: [UInt8] = []
        for _ in 0..<127 { body += [0x01, 0x61] }
        body += [0x00, 0x00, 0x01, 0x00, 0x01]
        let m = try Message(wire: wire(qd: 1, body))
        #expect(m.questions[0].name.wireLength == 255)
    }

    @Test func extendedLabelTypesAreRejected() {
        #expect(parseError(wire(qd: 1, [0x41, 0x00, 0x00, 0x01, 0x00, 0x01]))?.kind == .badLabelType)
        #expect(parseError(wire(qd: 1, [0x80, 0x00, 0x00, 0x01, 0x00, 0x01]))?.kind == .badLabelType)
    }

    @Test func truncatedHeader() {
        for n in 0..<12 {
            let e = parseError(Array(wire([]).prefix(n)))
            #expect(e?.kind == .truncatedHeader, "length \(n)")
        }
    }

    @Test func countsLargerThanMessage() {
        let e = parseError(wire(qd: 0xFFFF, an: 0xFFFF, ns: 0xFFFF, ar: 0xFFFF, []))
        #expect(e?.kind == .truncated)
        #expect(e?.offset == 12)
    }

    @Test func rdlengthPastEnd() {
        let rr: [UInt8] = [0x00, 0x00, 0x01, 0x00, 0x01, 0, 0, 0, 60, 0x00, 0x08, 1, 2, 3, 4]
        let e = parseError(wire(an: 1, rr))
        #expect(e?.kind == .truncated)
        #expect(e?.offset == 21)  // the RDLENGTH field: 12 + root name + type, class, TTL
    }

    @Test func rdataNotConsumedExactly() {
        let long: [UInt8] = [0x00, 0x00, 0x01, 0x00, 0x01, 0, 0, 0, 60, 0x00, 0x05, 1, 2, 3, 4, 5]
        #expect(parseError(wire(an: 1, long))?.kind == .badRDataLength)
        let short: [UInt8] = [0x00, 0x00, 0x01, 0x00, 0x01, 0, 0, 0, 60, 0x00, 0x03, 1, 2, 3]
        #expect(parseError(wire(an: 1, short))?.kind == .badRDataLength)
        // An MX whose name ends before RDLENGTH does.
        let mx: [UInt8] = [0x00, 0x00, 0x0F, 0x00, 0x01, 0, 0, 0, 60, 0x00, 0x05, 0, 10, 0x00, 0xAA, 0xBB]
        #expect(parseError(wire(an: 1, mx))?.kind == .badRDataLength)
        // A CNAME whose name runs past RDLENGTH.
        let cname: [UInt8] = [0x00, 0x00, 0x05, 0x00, 0x01, 0, 0, 0, 60, 0x00, 0x02, 0x01, 0x61, 0x00]
        #expect(parseError(wire(an: 1, cname))?.kind == .truncated)
    }

    @Test func partialMessageKeepsWhatCameBefore() {
        let good: [UInt8] = [0x00, 0x00, 0x01, 0x00, 0x01, 0, 0, 0, 60, 0x00, 0x04, 192, 0, 2, 1]
        let bad: [UInt8] = [0x00, 0x00, 0x01, 0x00, 0x01, 0, 0, 0, 60, 0x00, 0x09]
        let (m, e) = (wire(an: 2, good + bad)).withUnsafeBytes { Message.parsePartial($0) }
        #expect(e?.kind == .truncated)
        #expect(m.answers.count == 1)
        #expect(m.answers.first?.data == .a(IPv4Address(192, 0, 2, 1)))
    }

    @Test func trailingBytesAreReportedNotFatal() throws {
        let m = try Message(wire: wire([0xDE, 0xAD]))
        #expect(m.anomalies.map(\.kind) == [.trailingBytes])
        #expect(m.anomalies.first?.offset == 12)
    }

    @Test func badEDNSOptionFraming() {
        // OPT with one option claiming 10 octets but only 2 present.
        let opt: [UInt8] = [0x00, 0x00, 0x29, 0x10, 0x00, 0, 0, 0, 0, 0x00, 0x06, 0x00, 0x08, 0x00, 0x0A, 0xAA, 0xBB]
        #expect(parseError(wire(ar: 1, opt))?.kind == .badEDNS)
        let cut: [UInt8] = [0x00, 0x00, 0x29, 0x10, 0x00, 0, 0, 0, 0, 0x00, 0x02, 0x00, 0x08]
        #expect(parseError(wire(ar: 1, cut))?.kind == .badEDNS)
    }

    @Test func secondOPTIsAnAnomaly() throws {
        let opt: [UInt8] = [0x00, 0x00, 0x29, 0x10, 0x00, 0, 0, 0x80, 0, 0x00, 0x00]
        let m = try Message(wire: wire(ar: 2, opt + opt))
        #expect(m.edns?.udpPayloadSize == 4096)
        #expect(m.edns?.dnssecOK == true)
        #expect(m.additional.count == 1)
        #expect(m.anomalies.map(\.kind) == [.badEDNS])
    }

    @Test func everyPrefixOfAValidMessageFailsCleanly() throws {
        var m = Message(id: 7, flags: HeaderFlags(rawValue: 0x8180))
        let name = try DNSName("www.example.com.")
        m.questions = [Question(name: name, type: .a)]
        m.answers = [ResourceRecord(name: name, type: .cname, ttl: 300, data: .name(try DNSName("edge.example.net."))),
                     ResourceRecord(name: try DNSName("edge.example.net."), type: .a, ttl: 60, data: .a(IPv4Address(198, 51, 100, 7)))]
        m.edns = EDNS(udpPayloadSize: 1232, options: [EDNSOption(code: 10, data: Array(repeating: 1, count: 8))])
        let bytes = try m.serialize()
        for n in 0..<bytes.count {
            #expect(parseError(Array(bytes.prefix(n))) != nil, "prefix \(n) of \(bytes.count) parsed")
        }
        #expect(parseError(bytes) == nil)
    }
}

/// Regression: UPDATE prerequisites and deletions of class ANY or NONE carry no RDATA
/// whatever their type (RFC 2136 sections 2.4 and 2.5); the parser used to require a
/// CNAME's name or an A's four octets there and failed the whole message (Zeek's
/// dynamic-update.pcap, suricata-verify's dns-answer-emptydata).
@Suite struct UpdateRecordsWithoutRDataTests {
    @Test func updateRecordsOfClassAnyOrNoneWithoutRDataParse() throws {
        // Zone example. SOA IN; prerequisite "x.example. CNAME NONE" (RRset does not
        // exist); updates "x.example. ANY ANY" (delete all) and "x.example. A IN 1.2.3.4".
        var body: [UInt8] = [7] + Array("example".utf8) + [0, 0, 6, 0, 1]
        body += [1, UInt8(ascii: "x"), 0xC0, 12, 0, 5, 0, 254, 0, 0, 0, 0, 0, 0]
        body += [0xC0, 25, 0, 255, 0, 255, 0, 0, 0, 0, 0, 0]
        body += [0xC0, 25, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 1, 2, 3, 4]
        let bytes = wire(qd: 1, an: 1, ns: 2, flags: 0x2800, body)
        #expect(parseError(bytes) == nil)
        let m = try Message(wire: bytes)
        #expect(m.flags.opcode == .update)
        #expect(m.answers.map(\.data) == [.unknown([])])
        #expect(m.answers.first?.type == .cname && m.answers.first?.recordClass == RecordClass.none)
        #expect(m.authority.map(\.data) == [.unknown([]), .a(IPv4Address(1, 2, 3, 4))])
        #expect(try Message(wire: m.serialize()) == m)
    }

    @Test func emptyRDataOfClassInIsStillAnError() {
        // Only the RFC 2136 classes make empty RDATA legal: an empty A of class IN is not.
        let body: [UInt8] = [1, UInt8(ascii: "x"), 0, 0, 1, 0, 1, 0, 0, 0, 60, 0, 0]
        #expect(parseError(wire(an: 1, body))?.kind == .badRDataLength)
    }

    @Test func emptyOPTKeepsItsMeaning() throws {
        // OPT's CLASS is a payload size: 255 must not be taken for class ANY.
        let body: [UInt8] = [0, 0, 41, 0, 255, 0, 0, 0, 0, 0, 0]
        let m = try Message(wire: wire(ar: 1, body))
        #expect(m.edns?.udpPayloadSize == 255)
    }
}

/// The scan's fast path for names that are one pointer into the question's name must
/// agree with the full walk, also on pointers that miss a label boundary.
@Suite struct PointerIntoQuestionNameTests {
    // Question "ab.c." at offset 12: 02 'a' 'b' 01 'c' 00, type A, class IN (ends at 24).
    static let question: [UInt8] = [2, 0x61, 0x62, 1, 0x63, 0, 0, 1, 0, 1]

    @Test func ownerPointersToLabelBoundariesParse() throws {
        // Owners: the whole name (12), its suffix "c." (15), the root octet (17).
        var body = PointerIntoQuestionNameTests.question
        for target: UInt8 in [12, 15, 17] { body += [0xC0, target, 0, 1, 0, 1, 0, 0, 0, 9, 0, 4, 10, 0, 0, target] }
        let bytes = wire(qd: 1, an: 3, body)
        #expect(parseError(bytes) == nil)
        let m = try Message(wire: bytes)
        #expect(m.answers.map(\.name.description) == ["ab.c.", "c.", "."])
    }

    @Test func pointersIntoALabelAreStillCheckedInFull() {
        // An owner pointing at 13 ('a' = 0x61: label type 01) and an NS target pointing at 14
        // ('b' = 0x62, also type 01): both bad label types, found by scan and parse alike.
        var owner = PointerIntoQuestionNameTests.question
        owner += [0xC0, 13, 0, 1, 0, 1, 0, 0, 0, 9, 0, 4, 1, 2, 3, 4]
        #expect(parseError(wire(qd: 1, an: 1, owner))?.kind == .badLabelType)
        var ns = PointerIntoQuestionNameTests.question
        ns += [0xC0, 12, 0, 2, 0, 1, 0, 0, 0, 9, 0, 2, 0xC0, 14]
        #expect(parseError(wire(qd: 1, an: 1, ns))?.kind == .badLabelType)
        // And a pointer into the middle of a pointer-free name that happens to read as a
        // valid shorter name ("\001c" at 15 is fine; at 16, 'c' = 0x63 is type 01).
        var mid = PointerIntoQuestionNameTests.question
        mid += [0xC0, 12, 0, 5, 0, 1, 0, 0, 0, 9, 0, 2, 0xC0, 16]
        #expect(parseError(wire(qd: 1, an: 1, mid))?.kind == .badLabelType)
    }
}
