extension Message {
    /// The message in wire format, names compressed where RFC 3597 allows. The OPT record
    /// goes at the end of the additional section, before a final TSIG record if there is one
    /// (RFC 8945 section 5.1) and before any other OPT record kept in `additional`.
    public func serialize() throws(DNSWireError) -> [UInt8] {
        var w = WireWriter()
        w.u16(id)
        w.u16(flags.rawValue)
        var additionalOut = additional.map { Optional($0) }
        if edns != nil {
            var index = additional.last?.type == .tsig ? additional.count - 1 : additional.count
            // Before any OPT record kept in `additional` (a second OPT is an anomaly kept as a
            // record), so that parsing takes this one as the EDNS state again.
            if let firstOPT = additional.firstIndex(where: { $0.type == .opt }) { index = min(index, firstOPT) }
            additionalOut.insert(nil, at: index)
        }
        for count in [questions.count, answers.count, authority.count, additionalOut.count] {
            guard count <= 0xFFFF else { throw DNSWireError(.unencodable, at: 4, "more than 65535 entries in a section") }
            w.u16(UInt16(count))
        }
        for q in questions {
            w.name(q.name, compress: true)
            w.u16(q.type.rawValue)
            w.u16(q.recordClass.rawValue)
        }
        for rr in answers { try Message.write(rr, to: &w) }
        for rr in authority { try Message.write(rr, to: &w) }
        for rr in additionalOut {
            if let rr {
                try Message.write(rr, to: &w)
            } else if let e = edns {
                try Message.write(ResourceRecord(name: .root, type: .opt, recordClass: RecordClass(e.udpPayloadSize),
                                                 ttl: e.ttlField, data: .opt(e.options)), to: &w)
            }
        }
        guard w.bytes.count <= 0xFFFF else {
            throw DNSWireError(.unencodable, at: 0, "message of \(w.bytes.count) octets (at most 65535)")
        }
        return w.bytes
    }

    private static func write(_ rr: ResourceRecord, to w: inout WireWriter) throws(DNSWireError) {
        w.name(rr.name, compress: true)
        w.u16(rr.type.rawValue)
        w.u16(rr.recordClass.rawValue)
        w.u32(rr.ttl)
        let lengthAt = w.bytes.count
        w.u16(0)
        try rr.data.write(type: rr.type, to: &w)
        let length = w.bytes.count - lengthAt - 2
        guard length <= 0xFFFF else {
            throw DNSWireError(.unencodable, at: lengthAt, "RDATA of \(length) octets (at most 65535)")
        }
        w.patch16(at: lengthAt, UInt16(length))
    }
}
