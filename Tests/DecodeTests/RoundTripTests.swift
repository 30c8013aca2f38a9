import DNSWire
import Testing

/// Every DNS message of every capture: parse, serialize, parse again gives the same
/// message; the quick scan agrees with the full parse; malformed messages are counted by
/// kind against a baseline checked by hand.
@Suite(.serialized) struct RoundTripTests {
    /// Malformed messages per capture and error kind, each checked by hand against the
    /// packet bytes (and tshark's and Zeek's view of them). A change in the parser that
    /// moves any of these numbers must be looked at, and this table updated on purpose.
    static let malformedBaseline: [String: [String: Int]] = [
        // Frame 1: not DNS but BER (SNMP-like) sent to port 53; its first "name" has a
        // compression pointer to 7172 at offset 15, far past the message.
        "suricata-verify/dns-udp-junkrequest-first/input.pcap": ["bad_compression_pointer": 1],
        // Frame 2: the one additional record declares RDLENGTH 258, and the message ends
        // right after that record's fixed fields (offset 157).
        "suricata-verify/dns/dns-corrupt-additionals/input.pcap": ["truncated": 1],
        // Frame 1: the first question's name is a pointer to offset 18, forward (to the
        // second question's name).
        "suricata-verify/dns/dns-forward-pointer/input.pcap": ["bad_compression_pointer": 1],
        // Frames 1-3: the answer count is 236; after four answers the next owner name runs
        // past the end (offset 87).
        "zeek/Traces/dns-edns-ecs-bad.pcap": ["truncated": 3],
        // Frame 5: EDNS option 32 declares 260 octets, more than the OPT RDATA holds.
        "zeek/Traces/dns-edns-ecs-weirds.pcap": ["bad_edns": 1],
        // Frame 1: SVCB RDLENGTH 2 holds the priority only; the target name lies outside it.
        "zeek/Traces/dns-svcb-rdlength-mismatch.pcap": ["truncated": 1],
        // Frame 1: the OPT RDATA ends inside an option's 4-octet header (offset 40).
        "zeek/Traces/dns/dns-edns-bad-length.pcap": ["bad_edns": 1],
        // Frame 1: the question's first label (3 octets) runs past the end; frame 2: the
        // question's name is a pointer to itself (offset 12); frame 3: the name's labels
        // reach the end of the message without a root label.
        "zeek/Traces/dns/dns-invalid-names.pcap": ["truncated": 2, "bad_compression_pointer": 1],
    ]

    @Test(arguments: Corpus.files)
    func parseSerializeParse(file: String) throws {
        let (messages, _) = try Corpus.messages(file)
        var malformed: [String: Int] = [:]
        for m in messages {
            let (message, error) = m.parsed
            let scan = m.scanned
            let at = "\(file) frame \(m.frame)#\(m.position)"
            #expect(scan.error == error, "\(at): scan \(String(describing: scan.error)), parse \(String(describing: error))")
            #expect(scan.questions == message.questions.count, "\(at)")
            #expect(scan.answers == message.answers.count, "\(at)")
            #expect(scan.authority == message.authority.count, "\(at)")
            #expect(scan.additional == message.additional.count + (message.edns == nil ? 0 : 1), "\(at)")
            if let error {
                malformed[error.kind.name, default: 0] += 1
                continue
            }
            let wire = try message.serialize()
            let again = try Message(wire: wire)
            var expected = message
            expected.anomalies = []
            #expect(again == expected, "\(at): round trip changed the message")
            // A second round trip must be byte-stable.
            #expect(try again.serialize() == wire, "\(at): serialize is not stable")
        }
        #expect(malformed == RoundTripTests.malformedBaseline[file] ?? [:], "\(file): malformed messages by kind")
    }

    @Test func baselineNamesOnlyExistingCaptures() {
        for file in RoundTripTests.malformedBaseline.keys {
            #expect(Corpus.files.contains(file), "\(file) is in the baseline but not under captures")
        }
        #expect(Corpus.files.count >= 130)
    }
}
