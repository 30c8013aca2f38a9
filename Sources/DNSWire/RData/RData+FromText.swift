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
