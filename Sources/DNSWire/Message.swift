/// A DNS message (RFC 1035 section 4.1) with EDNS lifted out of the additional section.
public struct Message: Hashable, Sendable {
    public var id: UInt16
    public var flags: HeaderFlags
    public var questions: [Question]
    public var answers: [ResourceRecord]
    public var authority: [ResourceRecord]
    /// Additional records other than the OPT pseudo-record.
    public var additional: [ResourceRecord]
    /// EDNS state from the OPT record, if the message had one (RFC 6891).
    public var edns: EDNS?
    /// Irregularities that did not stop parsing: trailing octets, a second OPT record, an OPT
    /// record outside the additional section or with a non-root owner.
    public var anomalies: [DNSWireError]

    /// Creates a message.
    public init(id: UInt16 = 0, flags: HeaderFlags = HeaderFlags(rawValue: 0), questions: [Question] = [],
                answers: [ResourceRecord] = [], authority: [ResourceRecord] = [],
                additional: [ResourceRecord] = [], edns: EDNS? = nil) {
        self.id = id
        self.flags = flags
        self.questions = questions
        self.answers = answers
        self.authority = authority
        self.additional = additional
        self.edns = edns
        self.anomalies = []
    }

    /// The full response code: header bits plus EDNS extended bits (RFC 6891 section 6.1.3).
    public var rcode: RCode {
        get { RCode(rawValue: UInt16(edns?.extendedRCode ?? 0) << 4 | UInt16(flags.rcodeLow)) }
        set {
            flags.rcodeLow = UInt8(newValue.rawValue & 0x0F)
            if newValue.rawValue > 15 {
                var e = edns ?? EDNS()
                e.extendedRCode = UInt8(newValue.rawValue >> 4)
                edns = e
            } else if edns != nil {
                edns!.extendedRCode = 0
            }
        }
    }

    /// The records of one section.
    public func records(in section: Section) -> [ResourceRecord] {
        switch section {
        case .question: return []
        case .answer: return answers
        case .authority: return authority
        case .additional: return additional
        }
    }
}

extension Message {
    /// Parses a complete message; throws on the first malformation.
    public init(wire bytes: UnsafeRawBufferPointer) throws(DNSWireError) {
        let (message, error) = Message.parsePartial(bytes)
        if let error { throw error }
        self = message
    }

    /// Parses a complete message from an array.
    public init(wire bytes: [UInt8]) throws(DNSWireError) {
        let result = bytes.withUnsafeBytes { Message.parsePartial($0) }
        if let error = result.1 { throw error }
        self = result.0
    }

    /// Parses as much as is well formed. On a malformation the message holds the header and
    /// every question and record before the bad one, and the error says what and where.
    public static func parsePartial(_ bytes: UnsafeRawBufferPointer) -> (message: Message, error: DNSWireError?) {
        let r = WireReader(bytes)
        var m = Message()
        guard bytes.count >= 2 else {
            return (m, DNSWireError(.truncatedHeader, at: 0, "message of \(bytes.count) octets, a header needs 12"))
        }
        m.id = r.u16(0)
        if bytes.count >= 4 { m.flags = HeaderFlags(rawValue: r.u16(2)) }
        do throws(DNSWireError) {
            var walker = try RecordWalker(r)
            while let e = try walker.next() {
                let (name, _) = try r.readName(at: e.nameStart, limit: r.count)
                if e.section == .question {
                    m.questions.append(Question(name: name, type: e.type, recordClass: e.recordClass))
                    continue
                }
                let data = try RData.parse(e, reader: r)
                if e.type == .opt, case .opt(let options) = data {
                    m.takeOPT(e, name: name, options: options)
                    continue
                }
                let rr = ResourceRecord(name: name, type: e.type, recordClass: e.recordClass, ttl: e.ttl, data: data)
                switch e.section {
                case .answer: m.answers.append(rr)
                case .authority: m.authority.append(rr)
                default: m.additional.append(rr)
                }
            }
            if walker.pos < bytes.count {
                m.anomalies.append(DNSWireError(.trailingBytes, at: walker.pos, "\(bytes.count - walker.pos) octets after the last record"))
            }
        } catch {
            return (m, error)
        }
        return (m, nil)
    }

    /// Lifts the first OPT record in the additional section into `edns`; notes any other.
    private mutating func takeOPT(_ e: WireEntry, name: DNSName, options: [EDNSOption]) {
        guard e.section == .additional, edns == nil else {
            let why = edns != nil ? "a second OPT record" : "an OPT record in the \(e.section) section"
            anomalies.append(DNSWireError(.badEDNS, at: e.nameStart, "\(why) (RFC 6891 section 6.1.1); kept as a record"))
            let rr = ResourceRecord(name: name, type: .opt, recordClass: e.recordClass, ttl: e.ttl, data: .opt(options))
            switch e.section {
            case .answer: answers.append(rr)
            case .authority: authority.append(rr)
            default: additional.append(rr)
            }
            return
        }
        if !name.isRoot {
            anomalies.append(DNSWireError(.badEDNS, at: e.nameStart, "OPT record owner is \(name), not the root"))
        }
        edns = EDNS(udpPayloadSize: e.recordClass.rawValue, extendedRCode: UInt8(e.ttl >> 24),
                    version: UInt8(truncatingIfNeeded: e.ttl >> 16), flags: UInt16(truncatingIfNeeded: e.ttl),
                    options: options)
    }
}
