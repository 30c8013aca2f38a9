extension RData {
    /// Parses RDATA in presentation format (RFC 1035 section 5.1) for `type`: the inverse of
    /// `presentation(type:)`. Relative names are completed with `origin`. The RFC 3597
    /// section 5 generic form `\# <length> <hex>` is accepted for every type (and decoded
    /// into the typed case where FluxScope has one). Parentheses must balance.
    public init(presentation text: some StringProtocol, type: RecordType, origin: DNSName = .root) throws(DNSWireError) {
        let line = try PresentationLine(Array(text.utf8))
        guard line.parenthesesDelta == 0 else { throw DNSWireError(.badText, at: 0, "unbalanced parentheses") }
        try self.init(tokens: line.tokens, type: type, origin: origin)
    }

    /// Parses RDATA from tokens already split (a master-file reader joins lines in
    /// parentheses first). Every token must be used: extra tokens are an error.
    public init(tokens: [PresentationToken], type: RecordType, origin: DNSName = .root) throws(DNSWireError) {
        var c = TokenCursor(tokens: tokens, type: type, origin: origin)
        if let first = tokens.first, !first.quoted, first.text == Array("\\#".utf8) {
            self = try c.generic()
            return
        }
        switch type {
        case .a:
            let t = try c.next("address")
            guard let a = IPv4Address(t.string), !t.quoted else { throw c.bad("'\(t)' is not an IPv4 address") }
            self = .a(a)
        case .aaaa:
            let t = try c.next("address")
            guard let a = IPv6Address(t.string), !t.quoted else { throw c.bad("'\(t)' is not an IPv6 address") }
            self = .aaaa(a)
        case _ where RData.singleNameTypes.contains(type):
            self = .name(try c.name("target"))
        case .soa:
            let mname = try c.name("mname"), rname = try c.name("rname")
            let serial: UInt32 = try c.number("serial")
            self = .soa(SOA(mname: mname, rname: rname, serial: serial, refresh: try c.ttl("refresh"),
                            retry: try c.ttl("retry"), expire: try c.ttl("expire"), minimum: try c.ttl("minimum")))
        case .mx, RecordType(18), RecordType(21), RecordType(36):
            let preference: UInt16 = try c.number("preference")
            self = .mx(preference: preference, exchange: try c.name("exchange"))
        case .txt, .spf:
            var strings: [[UInt8]] = []
            repeat { strings.append(try c.characterString("text")) } while !c.atEnd
            self = .txt(strings)
        case .hinfo:
            self = .hinfo(cpu: try c.characterString("cpu"), os: try c.characterString("os"))
        case .srv:
            let priority: UInt16 = try c.number("priority"), weight: UInt16 = try c.number("weight")
            let port: UInt16 = try c.number("port")
            self = .srv(priority: priority, weight: weight, port: port, target: try c.name("target"))
        case .naptr:
            let order: UInt16 = try c.number("order"), preference: UInt16 = try c.number("preference")
            self = .naptr(NAPTR(order: order, preference: preference, flags: try c.characterString("flags"),
                                services: try c.characterString("services"), regexp: try c.characterString("regexp"),
                                replacement: try c.name("replacement")))
        case .caa:
            let flags: UInt8 = try c.number("flags")
            let tag = try c.next("tag").unescaped()
            guard !tag.isEmpty, tag.count <= 255, tag.allSatisfy({ ($0 | 0x20) >= 97 && ($0 | 0x20) <= 122 || ($0 >= 48 && $0 <= 57) }) else {
                throw c.bad("CAA tag must be 1 to 255 letters or digits")
            }
            self = .caa(flags: flags, tag: tag, value: try c.next("value").unescaped())
        case .ds, .cds, RecordType(32769):
            let keyTag: UInt16 = try c.number("key tag"), algorithm: UInt8 = try c.number("algorithm")
            let digestType: UInt8 = try c.number("digest type")
            self = .ds(keyTag: keyTag, algorithm: algorithm, digestType: digestType, digest: try c.hexRest("digest"))
        case .dnskey, .cdnskey:
            let flags: UInt16 = try c.number("flags"), proto: UInt8 = try c.number("protocol")
            let algorithm: UInt8 = try c.number("algorithm")
            self = .dnskey(flags: flags, protocol: proto, algorithm: algorithm, publicKey: try c.base64Rest("public key"))
        case .rrsig, .nsec, .nsec3, .svcb, .https:
            self = try c.dnssecOrService()
        default:
            throw c.bad("no presentation parser for \(type); use the generic form \\# <length> <hex>")
        }
        try c.finish()
    }
}

/// Walks the tokens of one RDATA, naming the field that is missing or malformed.
struct TokenCursor {
    let tokens: [PresentationToken]
    var index = 0
    let type: RecordType
    let origin: DNSName

    init(tokens: [PresentationToken], type: RecordType, origin: DNSName) {
        self.tokens = tokens
        self.type = type
        self.origin = origin
    }

    var atEnd: Bool { index >= tokens.count }

    func bad(_ reason: String) -> DNSWireError { DNSWireError(.badText, at: index, "\(type): \(reason)") }

    mutating func next(_ what: String) throws(DNSWireError) -> PresentationToken {
        guard index < tokens.count else { throw bad("missing \(what)") }
        defer { index += 1 }
        return tokens[index]
    }

    func finish() throws(DNSWireError) {
        guard atEnd else { throw bad("unexpected '\(tokens[index])' after the last field") }
    }

    mutating func number<T: FixedWidthInteger & UnsignedInteger>(_ what: String) throws(DNSWireError) -> T {
        let t = try next(what)
        guard let v = t.integer(T.self) else { throw bad("\(what) '\(t)' is not a number from 0 to \(T.max)") }
        return v
    }

    mutating func ttl(_ what: String) throws(DNSWireError) -> UInt32 {
        let t = try next(what)
        guard let v = t.ttlValue else { throw bad("\(what) '\(t)' is not a time value") }
        return v
    }

    mutating func name(_ what: String) throws(DNSWireError) -> DNSName {
        let t = try next(what)
        guard !t.quoted else { throw bad("\(what) must not be quoted") }
        do {
            return try DNSName(t.string, origin: origin)
        } catch {
            throw bad("\(what) '\(t)': \(error.reason)")
        }
    }

    mutating func characterString(_ what: String) throws(DNSWireError) -> [UInt8] {
        let bytes = try next(what).unescaped()
        guard bytes.count <= 255 else { throw bad("\(what) of \(bytes.count) octets (a character-string holds at most 255)") }
        return bytes
    }

    /// The remaining tokens joined (dig and master files split long fields into groups).
    mutating func joinedRest(_ what: String) throws(DNSWireError) -> [UInt8] {
        guard !atEnd else { throw bad("missing \(what)") }
        var joined: [UInt8] = []
        while index < tokens.count {
            guard !tokens[index].quoted else { throw bad("\(what) must not be quoted") }
            joined += tokens[index].text
            index += 1
        }
        return joined
    }

    mutating func hexRest(_ what: String) throws(DNSWireError) -> [UInt8] {
        guard let bytes = TextCodec.hex(try joinedRest(what)) else { throw bad("\(what) is not hexadecimal") }
        return bytes
    }

    mutating func base64Rest(_ what: String) throws(DNSWireError) -> [UInt8] {
        guard let bytes = TextCodec.base64(try joinedRest(what)) else { throw bad("\(what) is not Base64") }
        return bytes
    }

    /// RFC 3597 section 5: `\# <length> <hex>...`, decoded with the wire parser so that
    /// `\# 4 C0000201` for an A record equals `192.0.2.1`.
    mutating func generic() throws(DNSWireError) -> RData {
        index = 1
        let length: UInt16 = try number("length")
        let bytes: [UInt8] = length == 0 && atEnd ? [] : try hexRest("hex data")
        guard bytes.count == Int(length) else { throw bad("\\# declares \(length) octets but has \(bytes.count)") }
        let result: Result<RData, DNSWireError> = bytes.withUnsafeBytes { buffer in
            Result { () throws(DNSWireError) -> RData in
                try RData.parse(type: type, reader: WireReader(buffer), start: 0, end: buffer.count)
            }
        }
        return try result.get()
    }
}

extension RData {
    /// True if `init(presentation:type:origin:)` reads `type` in its own syntax (every type
    /// is read in the generic `\#` form).
    public static func hasPresentationParser(for type: RecordType) -> Bool {
        textTypes.contains(type) || singleNameTypes.contains(type)
    }

    static let textTypes: Set<RecordType> = [
        .a, .aaaa, .soa, .mx, RecordType(18), RecordType(21), RecordType(36), .txt, .spf, .hinfo, .srv, .naptr, .caa,
        .ds, .cds, RecordType(32769), .dnskey, .cdnskey, .rrsig, .nsec, .nsec3, .svcb, .https,
    ]
}
