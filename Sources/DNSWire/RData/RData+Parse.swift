extension RData {
    /// Parses RDATA of `type` found at `start..<end` of the message. The RDATA must be
    /// consumed exactly: too few or too many octets for the type is an error.
    static func parse(type: RecordType, reader r: WireReader, start: Int, end: Int) throws(DNSWireError) -> RData {
        var c = RDataCursor(reader: r, pos: start, end: end, type: type)
        let value: RData
        switch type {
        case .a:
            try c.need(4)
            value = .a(IPv4Address(r.u32(c.pos)))
            c.pos += 4
        case .aaaa:
            try c.need(16)
            value = .aaaa(IPv6Address(bytes: r.bytes[c.pos..<(c.pos + 16)])!)
            c.pos += 16
        case _ where singleNameTypes.contains(type):
            value = .name(try c.name())
        case .soa:
            let mname = try c.name(), rname = try c.name()
            try c.need(20)
            value = .soa(SOA(mname: mname, rname: rname, serial: c.u32(), refresh: c.u32(), retry: c.u32(), expire: c.u32(), minimum: c.u32()))
        case .mx, RecordType(18), RecordType(21), RecordType(36):  // MX, AFSDB, RT, KX share the shape
            try c.need(2)
            let pref = c.u16()
            value = .mx(preference: pref, exchange: try c.name())
        case .txt, .spf:
            var strings: [[UInt8]] = []
            repeat { strings.append(try c.characterString()) } while c.pos < end
            value = .txt(strings)
        case .hinfo:
            value = .hinfo(cpu: try c.characterString(), os: try c.characterString())
        case .srv:
            try c.need(6)
            let priority = c.u16(), weight = c.u16(), port = c.u16()
            value = .srv(priority: priority, weight: weight, port: port, target: try c.name())
        case .naptr:
            try c.need(4)
            let order = c.u16(), pref = c.u16()
            value = .naptr(NAPTR(order: order, preference: pref, flags: try c.characterString(),
                                 services: try c.characterString(), regexp: try c.characterString(),
                                 replacement: try c.name()))
        case .caa:
            try c.need(2)
            let flags = c.u8()
            let tagLength = Int(c.u8())
            guard tagLength > 0 else { throw c.bad("CAA tag is empty") }
            try c.need(tagLength)
            let tag = c.take(tagLength)
            value = .caa(flags: flags, tag: tag, value: c.take(end - c.pos))
        case .ds, .cds, RecordType(32769):  // DLV shares the DS shape
            try c.need(4)
            let keyTag = c.u16(), alg = c.u8(), digestType = c.u8()
            value = .ds(keyTag: keyTag, algorithm: alg, digestType: digestType, digest: c.take(end - c.pos))
        case .dnskey, .cdnskey:
            try c.need(4)
            let flags = c.u16(), proto = c.u8(), alg = c.u8()
            value = .dnskey(flags: flags, protocol: proto, algorithm: alg, publicKey: c.take(end - c.pos))
        case .rrsig:
            try c.need(18)
            let covered = RecordType(c.u16()), alg = c.u8(), labels = c.u8()
            let ttl = c.u32(), exp = c.u32(), inc = c.u32(), tag = c.u16()
            let signer = try c.name()
            value = .rrsig(RRSIG(typeCovered: covered, algorithm: alg, labels: labels, originalTTL: ttl,
                                 expiration: exp, inception: inc, keyTag: tag, signer: signer,
                                 signature: c.take(end - c.pos)))
        case .nsec:
            let next = try c.name()
            value = .nsec(next: next, types: try c.typeBitmap())
        case .nsec3:
            try c.need(5)
            let alg = c.u8(), flags = c.u8(), iterations = c.u16()
            let salt = try c.characterString()
            let next = try c.characterString()
            guard !next.isEmpty else { throw c.bad("NSEC3 next hashed owner is empty") }
            value = .nsec3(NSEC3(hashAlgorithm: alg, flags: flags, iterations: iterations, salt: salt,
                                 nextHashedOwner: next, types: try c.typeBitmap()))
        case .svcb, .https:
            try c.need(2)
            let priority = c.u16()
            let target = try c.name()
            var params: [SVCB.Param] = []
            var lastKey = -1
            while c.pos < end {
                try c.need(4)
                let key = c.u16(), length = Int(c.u16())
                // RFC 9460 section 2.2: keys strictly increasing.
                guard Int(key) > lastKey else { throw c.bad("SvcParamKeys not in strictly increasing order") }
                lastKey = Int(key)
                try c.need(length)
                params.append(SVCB.Param(key: key, value: c.take(length)))
            }
            value = .svcb(SVCB(priority: priority, target: target, params: params))
        case .opt:
            var options: [EDNSOption] = []
            while c.pos < end {
                guard end - c.pos >= 4 else {
                    throw DNSWireError(.badEDNS, at: c.pos, "EDNS option header cut short")
                }
                let code = c.u16(), length = Int(c.u16())
                guard length <= end - c.pos else {
                    throw DNSWireError(.badEDNS, at: c.pos - 2, "EDNS option \(code) of \(length) octets overruns the OPT RDATA")
                }
                options.append(EDNSOption(code: code, data: c.take(length)))
            }
            value = .opt(options)
        default:
            value = .unknown(c.take(end - c.pos))
        }
        try c.finish()
        return value
    }

    /// True when a record carries no RDATA because of its class, whatever its type: in
    /// UPDATE messages, prerequisites and deletions of class ANY or NONE have RDLENGTH 0
    /// (RFC 2136 sections 2.4.1 to 2.4.5 and 2.5.2 to 2.5.4). Such records are kept as
    /// `.unknown([])`. OPT is excluded: its CLASS field is a payload size, not a class.
    static func isClassEmpty(type: RecordType, recordClass: RecordClass, start: Int, end: Int) -> Bool {
        start == end && (recordClass == .any || recordClass == .none) && type != .opt
    }

    /// The RDATA of a record as `Message.parsePartial` reads it: `.unknown([])` for the empty
    /// RDATA of a class ANY or NONE record (`isClassEmpty`), else parsed for its type.
    static func parse(_ e: WireEntry, reader r: WireReader) throws(DNSWireError) -> RData {
        isClassEmpty(type: e.type, recordClass: e.recordClass, start: e.rdataStart, end: e.rdataEnd)
            ? .unknown([])
            : try parse(type: e.type, reader: r, start: e.rdataStart, end: e.rdataEnd)
    }
}

/// A read position inside one record's RDATA window.
struct RDataCursor {
    let reader: WireReader
    var pos: Int
    let end: Int
    let type: RecordType

    func need(_ n: Int) throws(DNSWireError) {
        guard n <= end - pos else {
            throw DNSWireError(.badRDataLength, at: pos, "\(type) RDATA needs \(n) more octets, \(end - pos) left")
        }
    }

    func bad(_ reason: String) -> DNSWireError { DNSWireError(.badRData, at: pos, "\(type): \(reason)") }

    /// Throws unless the whole RDATA window was consumed.
    func finish() throws(DNSWireError) {
        guard pos == end else {
            throw DNSWireError(.badRDataLength, at: pos, "\(type) RDATA has \(end - pos) octets left over")
        }
    }

    /// Steps over a name without building it; the same checks and errors as `name()`.
    /// `plain` is a pointer-free name known valid (see `WireReader.pointerIntoPlainName`).
    mutating func skipName(_ plain: WireReader.PlainName = WireReader.PlainName()) throws(DNSWireError) {
        if let next = reader.pointerIntoPlainName(at: pos, limit: end, plain) {
            pos = next
        } else {
            pos = try reader.skipName(at: pos, limit: end)
        }
    }

    /// Steps over a character-string; the same checks and errors as `characterString()`.
    mutating func skipCharacterString() throws(DNSWireError) {
        try need(1)
        let n = Int(reader.u8(pos))
        pos += 1
        try need(n)
        pos += n
    }

    mutating func u8() -> UInt8 { defer { pos += 1 }; return reader.u8(pos) }
    mutating func u16() -> UInt16 { defer { pos += 2 }; return reader.u16(pos) }
    mutating func u32() -> UInt32 { defer { pos += 4 }; return reader.u32(pos) }
    mutating func take(_ n: Int) -> [UInt8] { defer { pos += n }; return reader.array(pos..<(pos + n)) }

    mutating func name() throws(DNSWireError) -> DNSName {
        let (name, next) = try reader.readName(at: pos, limit: end)
        pos = next
        return name
    }

    /// A length-prefixed character-string (RFC 1035 section 3.3).
    mutating func characterString() throws(DNSWireError) -> [UInt8] {
        try need(1)
        let n = Int(reader.u8(pos))
        pos += 1
        try need(n)
        return take(n)
    }

    /// The type bit maps of NSEC and NSEC3 (RFC 4034 section 4.1.2): windows in increasing
    /// order, each with 1 to 32 bitmap octets.
    mutating func typeBitmap() throws(DNSWireError) -> [RecordType] {
        var types: [RecordType] = []
        var lastWindow = -1
        while pos < end {
            try need(2)
            let window = Int(u8()), length = Int(u8())
            guard window > lastWindow else { throw bad("type bitmap windows out of order") }
            guard (1...32).contains(length) else { throw bad("type bitmap window of \(length) octets") }
            try need(length)
            for i in 0..<length {
                let octet = reader.u8(pos + i)
                for bit in 0..<8 where octet & (0x80 >> bit) != 0 {
                    types.append(RecordType(UInt16(window * 256 + i * 8 + bit)))
                }
            }
            pos += length
            lastWindow = window
        }
        return types
    }
}
