import DNSWire
import Testing

/// FluxScope against tshark 4.0 on every capture: for every DNS message tshark decodes,
/// the same id, flags (QR, opcode, AA, TC, RD, RA, Z, AD, CD, RCODE), extended RCODE and
/// EDNS header, questions, and every record's name, type, class and TTL, with the data of
/// A, AAAA, NS, CNAME, PTR, MX, SOA, TXT and SRV. Messages are matched by frame number
/// and position within the frame. Records are compared as multisets per section, since
/// tshark's JSON keys them by summary text and JSONSerialization keeps no key order.
///
/// Where tshark flags a message malformed (`_ws.malformed`, `_ws.short`, or an expert
/// item of the Malformed group), FluxScope must report an error or the same data. Every
/// other disagreement must be listed in `exceptions`, with the reason; an exception that
/// no longer matches anything fails the test too, so the table stays true.
@Suite(.serialized, .enabled(if: Tshark.path != nil, "tshark is not installed"))
struct TsharkDifferentialTests {
    /// An accepted disagreement: capture, tshark frame number, what differs, and why.
    struct Exception: Sendable, CustomStringConvertible {
        var file: String
        /// The frame, or 0 for every frame of the capture.
        var frame: Int
        /// `message`: tshark shows a message FluxScope does not report at this frame;
        /// `extra`: FluxScope reports a message tshark does not show at this frame;
        /// `nested`: tshark finds DNS only inside another protocol layer;
        /// `error`: FluxScope reports an error where tshark sees a sound message;
        /// or a field: `id`, `flags`, `rcode`, `edns`, `questions`, `answers`, `authority`, `additional`.
        var field: String
        var reason: String
        var description: String { "\(file) frame \(frame) \(field): \(reason)" }
    }

    static let exceptions: [Exception] = [
        Exception(file: "suricata-verify/dns-tcp-ts-gap/input.pcap", frame: 10, field: "message", reason:
            "the query of frame 10 follows a gap in the client's TCP stream (the segment with id 1 was not captured); "
            + "PacketCapture holds it until the server's ACK in frame 11 proves the gap, and reports it there"),
        Exception(file: "suricata-verify/dns-tcp-ts-gap/input.pcap", frame: 11, field: "extra", reason:
            "frame 10's query, reported when the gap before it is declared (see frame 10)"),
        Exception(file: "suricata-verify/dns/dns-forward-pointer/input.pcap", frame: 1, field: "error", reason:
            "the first question's name is a compression pointer forward, to offset 18 (the second question's name); tshark follows it, "
            + "FluxScope rejects pointers that do not point strictly backwards (bad_compression_pointer), as dnspython and Zeek do"),
        Exception(file: "zeek/Traces/dns-svcb-rdlength-mismatch.pcap", frame: 1, field: "error", reason:
            "SVCB RDLENGTH is 2 (the priority only); tshark reads the target name past the RDATA, from the next record's "
            + "owner; FluxScope requires RDATA to hold its fields and reports truncated"),
        Exception(file: "zeek/Traces/dns/dns-invalid-names.pcap", frame: 2, field: "error", reason:
            "the question name is a pointer to itself; tshark prints \"<Name contains a pointer that loops>\" without "
            + "an expert item of the Malformed group, FluxScope reports bad_compression_pointer"),
        Exception(file: "zeek/Traces/dns-edns-ecs-bad.pcap", frame: 4, field: "message", reason:
            "the IPv6 payload length (331) exceeds the 221 octets captured; PacketCapture counts the frame as "
            + "bad_ipv6_payload_length and delivers no message, tshark decodes what is there and flags it malformed"),
        Exception(file: "zeek/Traces/tunnels/geneve-vxlan-dns-truncated.pcap", frame: 1, field: "message", reason:
            "the capture's snapshot length cut the DNS message; PacketCapture counts truncated_by_capture and delivers "
            + "no partial message, tshark decodes the part present and flags it [Packet size limited during capture]"),
        Exception(file: "zeek/Traces/tunnels/geneve-vxlan-dns-truncated.pcap", frame: 2, field: "message", reason:
            "as frame 1: cut by the snapshot length"),
        Exception(file: "zeek/Traces/tunnels/gre-sample.pcap", frame: 34, field: "message", reason:
            "tshark decodes the DNS query quoted inside an ICMP port-unreachable error (type 3 code 3); FluxScope does not read "
            + "ICMP-quoted packets as traffic (they are copies of a packet already seen, cut to the ICMP quote size)"),
        Exception(file: "zeek/Traces/tunnels/gre-sample.pcap", frame: 36, field: "message", reason:
            "as frame 34: DNS quoted inside an ICMP error"),
        Exception(file: "suricata-verify/dns-over-http2-post/dns_over_https_POST.pcap", frame: 0, field: "nested", reason:
            "DNS over HTTPS (RFC 8484) inside HTTP/2 (68 frames): FluxScope reads DNS over UDP and TCP only, on ports 53, 5353, 5355"),
        Exception(file: "suricata-verify/dns-over-http2/dns_over_https.pcap", frame: 0, field: "nested", reason:
            "DNS over HTTPS (RFC 8484) inside HTTP/2 (4 frames), as in dns_over_https_POST.pcap"),
    ]

    @Test(arguments: Corpus.files)
    func agreesWithTshark(file: String) async throws {
        let theirs = try await Tshark.decode(Corpus.path(file))
        let (ours, _) = try Corpus.messages(file)
        var disagreements: [(frame: Int, field: String, detail: String)] = []
        func differ(_ frame: Int, _ field: String, _ detail: String) { disagreements.append((frame, field, detail)) }

        for (frame, protocols) in theirs.nested { differ(frame, "nested", protocols) }

        var oursByFrame: [Int: [Corpus.Captured]] = [:]
        for m in ours { oursByFrame[m.frame, default: []].append(m) }
        var theirsByFrame: [Int: [Tshark.Message]] = [:]
        for m in theirs.messages { theirsByFrame[m.frame, default: []].append(m) }

        for frame in Set(oursByFrame.keys).union(theirsByFrame.keys).sorted() {
            let t = theirsByFrame[frame] ?? [], o = oursByFrame[frame] ?? []
            for (tm, om) in TsharkDifferentialTests.match(t, o, differ: { differ(frame, $0, $1) }) {
                TsharkDifferentialTests.compare(tm, om, differ: { differ(frame, $0, $1) })
            }
        }

        // Every disagreement must be a listed exception, and every listed exception used.
        let listed = TsharkDifferentialTests.exceptions.filter { $0.file == file }
        var used = Set<Int>()
        for d in disagreements {
            if let i = listed.firstIndex(where: { ($0.frame == d.frame || $0.frame == 0) && $0.field == d.field }) {
                used.insert(i)
            } else {
                Issue.record("\(file) frame \(d.frame) \(d.field): \(d.detail)")
            }
        }
        for (i, e) in listed.enumerated() where !used.contains(i) {
            Issue.record("exception no longer needed: \(e)")
        }
    }

    /// Pairs tshark's messages of one frame with ours: by position when both show as many,
    /// else by id and flags; the unpaired are reported as `message` or `extra`.
    static func match(_ t: [Tshark.Message], _ o: [Corpus.Captured],
                      differ: (String, String) -> Void) -> [(Tshark.Message, Corpus.Captured)] {
        if t.count == o.count { return Array(zip(t, o)) }
        var pairs: [(Tshark.Message, Corpus.Captured)] = []
        var left = o
        for tm in t {
            if let i = left.firstIndex(where: { $0.payload.count >= 4 && header($0.payload) == (tm.id, tm.flags) }) {
                pairs.append((tm, left.remove(at: i)))
            } else {
                differ("message", "tshark shows id \(tm.id) flags \(tm.flags), FluxScope has no such message")
            }
        }
        for om in left { differ("extra", "FluxScope reports \(om.payload.count) octets tshark does not show here") }
        return pairs
    }

    static func header(_ p: [UInt8]) -> (UInt16, UInt16) {
        (UInt16(p[0]) << 8 | UInt16(p[1]), UInt16(p[2]) << 8 | UInt16(p[3]))
    }

    static func compare(_ t: Tshark.Message, _ o: Corpus.Captured, differ: (String, String) -> Void) {
        let (m, error) = o.parsed
        if m.id != t.id { differ("id", "tshark \(t.id), FluxScope \(m.id)") }
        if let error {
            // FluxScope's partial message stops at the error: agreement means tshark flagged it too.
            if !t.malformed { differ("error", "FluxScope: \(error); tshark sees no malformation") }
            return
        }
        if m.flags.rawValue != t.flags { differ("flags", "tshark \(t.flags), FluxScope \(m.flags.rawValue)") }
        let questions = m.questions.map { "\(TsharkText.name($0.name)) \($0.type.rawValue) \($0.recordClass.rawValue)" }.sorted()
        if questions != t.questions { differ("questions", "tshark \(t.questions), FluxScope \(questions)") }
        let ours = [m.answers, m.authority, m.additional].map { $0.map(TsharkText.record).sorted() }
        for (i, name) in ["answers", "authority", "additional"].enumerated() where ours[i] != t.sections[i] {
            differ(name, "tshark \(t.sections[i]), FluxScope \(ours[i])")
        }
        let opt = m.edns.map { "\($0.udpPayloadSize) \($0.extendedRCode) \($0.version) \($0.dnssecOK ? "1" : "0")" }
        if opt != t.opt { differ("edns", "tshark \(t.opt ?? "none"), FluxScope \(opt ?? "none")") }
    }
}
