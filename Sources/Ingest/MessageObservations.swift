import DNSWire
import FluxModel

/// Turns one DNS message into what FluxScope keeps: answer records as observations, negative
/// responses as outcomes, and (when kept) who asked. Shared by every input that carries whole
/// DNS messages: pcap and pcapng files, live capture, dnstap.
///
/// What a response (QR=1) yields:
/// - every record of the answer section: A, AAAA, each CNAME and DNAME link of a chain, NS,
///   PTR, MX, TXT, SRV, and so on, with section `.answer`; except the DNSSEC signatures
///   (RRSIG, SIG: they repeat the records they cover and say nothing about hosting) and the
///   transaction pseudo-records (OPT, TSIG, TKEY);
/// - the NS records of the authority section (`.authority`): delegations, the double-flux
///   signal; SOA and NSEC proofs there are not kept;
/// - the A and AAAA records of the additional section (`.additional`): glue and the addresses
///   of NS and MX hosts;
/// - one `AnswerSet` per owner name and type for the A and AAAA records of the answer section
///   (the addresses of one response for one name), only from complete, untruncated responses:
///   a cut RRset would look like a different set;
/// - one `Outcome` per question for NXDOMAIN, SERVFAIL and REFUSED, and for NOERROR with no
///   kept answer record (no data); only for complete, untruncated (TC=0) standard queries.
///
/// Records of a class other than IN (CHAOS `version.bind` and the like) are not kept, nor
/// anything from responses with an opcode other than QUERY.
/// A query (QR=0) yields one `ClientQuery` per question when a client is given. Every message
/// adds one to `messages`, every response one to `responses`.
///
/// Matching queries with responses (to count `unanswered_queries`) is the caller's job.
public enum MessageObservations {
    /// Emits what `message` shows into `sink`.
    ///
    /// - Parameters:
    ///   - message: The parsed message.
    ///   - complete: `false` when the message was only partly parsed (`Message.parsePartial`
    ///     returned an error): its well-formed records are still kept, but no outcome is drawn
    ///     from what may be missing.
    ///   - time: When the message was seen.
    ///   - source: Who saw it.
    ///   - client: The querying client in its stored privacy form (`ClientPrivacy.render`), or
    ///     `nil`; used for queries only, so that an exchange is counted once.
    ///   - sink: Where observations, outcomes, client queries and counters go.
    public static func emit<Sink: IngestSink>(_ message: Message, complete: Bool = true, time: Timestamp,
                                              source: SourceID, client: String? = nil, into sink: inout Sink) {
        sink.count(.messages, 1)
        guard message.flags.qr else {
            if let client {
                for q in message.questions {
                    sink.client(ClientQuery(client: client, name: q.name, time: time, source: source))
                }
            }
            return
        }
        sink.count(.responses, 1)
        // Other opcodes reuse the sections for other things (RFC 2136 UPDATE: prerequisites
        // and updates; NOTIFY: a hint), so only standard queries are read.
        guard message.flags.opcode == .query else { return }
        var kept = 0
        var addressRecords = 0
        for rr in message.answers where rr.recordClass == .in && keepsAnswer(rr.type) {
            sink.observe(Observation(name: rr.name, type: rr.type, data: rr.data, ttl: rr.ttl,
                                     section: .answer, time: time, source: source))
            kept += 1
            if rr.type == .a || rr.type == .aaaa { addressRecords += 1 }
        }
        if addressRecords > 0, complete, !message.flags.tc {
            emitAnswerSets(message.answers, time: time, source: source, into: &sink)
        }
        for rr in message.authority where rr.type == .ns && rr.recordClass == .in {
            sink.observe(Observation(name: rr.name, type: rr.type, data: rr.data, ttl: rr.ttl,
                                     section: .authority, time: time, source: source))
        }
        for rr in message.additional where (rr.type == .a || rr.type == .aaaa) && rr.recordClass == .in {
            sink.observe(Observation(name: rr.name, type: rr.type, data: rr.data, ttl: rr.ttl,
                                     section: .additional, time: time, source: source))
        }
        guard complete, !message.flags.tc else { return }
        let rcode = message.rcode
        let negative = rcode == .nxDomain || rcode == .servFail || rcode == .refused || (rcode == .noError && kept == 0)
        guard negative else { return }
        for q in message.questions {
            sink.outcome(Outcome(name: q.name, type: q.type, rcode: rcode, time: time, source: source))
        }
    }

    /// Parses `wire` and emits what it shows; a malformation is reported to the sink as a
    /// problem (kind: the DNSWire error's name) and the records before it are still kept.
    ///
    /// - Returns: The parse error, if any.
    @discardableResult
    public static func emit<Sink: IngestSink>(wire: UnsafeRawBufferPointer, time: Timestamp, source: SourceID,
                                              client: String? = nil, file: String, offset: Int? = nil,
                                              into sink: inout Sink) -> DNSWireError? {
        let (message, error) = Message.parsePartial(wire)
        if let error {
            sink.problem(IngestProblem(file: file, offset: offset, kind: error.kind.name, reason: error.description))
            // A message cut before its header ends says nothing.
            if wire.count < 12 { return error }
        }
        emit(message, complete: error == nil, time: time, source: source, client: client, into: &sink)
        return error
    }

    /// Groups the A and AAAA records of `answers` by owner and type (RRsets; usually one) and
    /// emits each group as an answer set.
    static func emitAnswerSets<Sink: IngestSink>(_ answers: [ResourceRecord], time: Timestamp, source: SourceID,
                                                 into sink: inout Sink) {
        let records = answers.lazy.compactMap { rr -> (name: DNSName, type: RecordType, address: IPAddress)? in
            guard rr.recordClass == .in else { return nil }
            switch rr.data {
            case .a(let a) where rr.type == .a: return (rr.name, rr.type, .v4(a))
            case .aaaa(let a) where rr.type == .aaaa: return (rr.name, rr.type, .v6(a))
            default: return nil
            }
        }
        for set in AnswerSet.grouped(records, time: time, source: source) { sink.answerSet(set) }
    }

    /// Whether an answer-section record of this type is kept.
    @inline(__always)
    static func keepsAnswer(_ type: RecordType) -> Bool {
        switch type {
        case .opt, .rrsig, .tsig, .tkey, RecordType(24): return false  // 24: SIG (RFC 2535)
        default: return true
        }
    }
}
