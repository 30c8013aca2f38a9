extension Message {
    /// Writes the message's fields into an open JSON object: `id`, `qr`, `opcode`, `rcode`,
    /// `flags`, `questions`, `answers`, `authority`, `additional`, then `edns` and `anomalies`
    /// where present. Names are in presentation form with a trailing dot, types and classes by
    /// mnemonic (`TYPE65280` when unknown), data as dig prints it.
    public func writeJSONFields(to j: inout JSONWriter) {
        j.key("id"); j.number(id)
        j.key("qr"); j.bool(flags.qr)
        j.key("opcode"); j.string(flags.opcode.description)
        j.key("rcode"); j.string(rcode.description)
        j.key("flags"); j.beginArray()
        for f in flags.names { j.string(f) }
        j.endArray()
        j.key("questions"); j.beginArray()
        for q in questions {
            j.beginObject()
            j.key("name"); j.string(q.name.description)
            j.key("type"); j.string(q.type.description)
            j.key("class"); j.string(q.recordClass.description)
            j.endObject()
        }
        j.endArray()
        j.key("answers"); Message.writeRecords(answers, to: &j)
        j.key("authority"); Message.writeRecords(authority, to: &j)
        j.key("additional"); Message.writeRecords(additional, to: &j)
        if let e = edns {
            j.key("edns"); j.beginObject()
            j.key("version"); j.number(e.version)
            j.key("udp_size"); j.number(e.udpPayloadSize)
            j.key("do"); j.bool(e.dnssecOK)
            j.key("options"); j.beginArray()
            for o in e.options {
                j.beginObject()
                j.key("code"); j.number(o.code)
                j.key("name"); j.string(o.name)
                j.key("data"); j.string(RData.hex(o.data))
                if o.code == EDNSOption.clientSubnet, let ecs = try? o.clientSubnet() {
                    j.key("subnet"); j.string("\(ecs.address)/\(ecs.sourcePrefixLength)")
                    j.key("scope"); j.number(ecs.scopePrefixLength)
                }
                j.endObject()
            }
            j.endArray()
            j.endObject()
        }
        if !anomalies.isEmpty {
            j.key("anomalies"); j.beginArray()
            for a in anomalies { a.writeJSON(to: &j) }
            j.endArray()
        }
    }

    static func writeRecords(_ records: [ResourceRecord], to j: inout JSONWriter) {
        j.beginArray()
        for rr in records {
            j.beginObject()
            j.key("name"); j.string(rr.name.description)
            j.key("type"); j.string(rr.type.description)
            j.key("class"); j.string(rr.recordClass.description)
            j.key("ttl"); j.number(rr.ttl)
            j.key("data"); j.string(rr.data.presentation(type: rr.type))
            j.endObject()
        }
        j.endArray()
    }
}

extension DNSWireError {
    /// Writes `{"kind":…,"offset":…,"reason":…}`.
    public func writeJSON(to j: inout JSONWriter) {
        j.beginObject()
        j.key("kind"); j.string(kind.name)
        j.key("offset"); j.number(offset)
        j.key("reason"); j.string(reason)
        j.endObject()
    }
}
