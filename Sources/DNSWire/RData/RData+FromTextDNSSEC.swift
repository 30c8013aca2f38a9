extension TokenCursor {
    /// The DNSSEC and service-binding types: RRSIG (RFC 4034 section 3.2), NSEC (section 4.2),
    /// NSEC3 (RFC 5155 section 3.3) and SVCB/HTTPS (RFC 9460 section 2.1, generic
    /// `keyNNNNN=value` parameters only).
    mutating func dnssecOrService() throws(DNSWireError) -> RData {
        switch type {
        case .rrsig:
            let covered = try recordType("type covered")
            let algorithm: UInt8 = try number("algorithm"), labels: UInt8 = try number("labels")
            let originalTTL: UInt32 = try number("original TTL")
            let expiration = try signatureTime("expiration"), inception = try signatureTime("inception")
            let keyTag: UInt16 = try number("key tag")
            let signer = try name("signer")
            return .rrsig(RRSIG(typeCovered: covered, algorithm: algorithm, labels: labels, originalTTL: originalTTL,
                                expiration: expiration, inception: inception, keyTag: keyTag, signer: signer,
                                signature: try base64Rest("signature")))
        case .nsec:
            let next = try name("next owner")
            return .nsec(next: next, types: try typeList())
        case .nsec3:
            let algorithm: UInt8 = try number("hash algorithm"), flags: UInt8 = try number("flags")
            let iterations: UInt16 = try number("iterations")
            let saltToken = try next("salt")
            let salt: [UInt8]
            if saltToken.text == [UInt8(ascii: "-")] {
                salt = []
            } else {
                guard let s = TextCodec.hex(saltToken.text), !s.isEmpty, s.count <= 255 else { throw bad("salt is not hexadecimal") }
                salt = s
            }
            let ownerToken = try next("next hashed owner")
            guard let owner = TextCodec.base32hex(ownerToken.text), !owner.isEmpty, owner.count <= 255 else {
                throw bad("next hashed owner is not Base32hex")
            }
            return .nsec3(NSEC3(hashAlgorithm: algorithm, flags: flags, iterations: iterations, salt: salt,
                                nextHashedOwner: owner, types: try typeList()))
        default:
            let priority: UInt16 = try number("priority")
            let target = try name("target")
            var params: [SVCB.Param] = []
            while !atEnd {
                params.append(try serviceParameter())
            }
            params.sort { $0.key < $1.key }
            for (a, b) in zip(params, params.dropFirst()) where a.key == b.key {
                throw bad("SvcParamKey key\(a.key) given twice")
            }
            return .svcb(SVCB(priority: priority, target: target, params: params))
        }
    }

    mutating func recordType(_ what: String) throws(DNSWireError) -> RecordType {
        let t = try next(what)
        guard !t.quoted, let type = RecordType(mnemonic: t.string) else { throw bad("\(what) '\(t)' is not a record type") }
        return type
    }

    mutating func typeList() throws(DNSWireError) -> [RecordType] {
        var types: [RecordType] = []
        while !atEnd { types.append(try recordType("type")) }
        let sorted = Array(Set(types)).sorted()
        return sorted
    }

    /// YYYYMMDDHHmmSS in UTC, or a plain number of seconds (RFC 4034 section 3.2); kept
    /// modulo 2^32 as serial-number arithmetic requires.
    mutating func signatureTime(_ what: String) throws(DNSWireError) -> UInt32 {
        let t = try next(what)
        if t.text.count == 14, t.text.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
            func field(_ from: Int, _ n: Int) -> Int { t.text[from..<(from + n)].reduce(0) { $0 * 10 + Int($1 - 48) } }
            let y = field(0, 4), mo = field(4, 2), d = field(6, 2), h = field(8, 2), mi = field(10, 2), s = field(12, 2)
            guard CivilTime.isValid(year: y, month: mo, day: d, hour: h, minute: mi, second: s) else {
                throw bad("\(what) '\(t)' is not a valid date")
            }
            return UInt32(truncatingIfNeeded: CivilTime.epoch(year: y, month: mo, day: d, hour: h, minute: mi, second: s))
        }
        guard let v = t.integer(UInt32.self) else { throw bad("\(what) '\(t)' is neither YYYYMMDDHHmmSS nor seconds") }
        return v
    }

    /// `keyNNNNN` or `keyNNNNN=value`, the value a character-string without length limit.
    mutating func serviceParameter() throws(DNSWireError) -> SVCB.Param {
        let t = try next("SvcParam")
        let text = t.text
        let eq = text.firstIndex(of: UInt8(ascii: "=")) ?? text.endIndex
        let keyText = text[..<eq]
        guard keyText.starts(with: Array("key".utf8)),
              let key = PresentationToken(keyText.dropFirst(3)).integer(UInt16.self), keyText.count > 3 else {
            throw bad("SvcParam '\(t)': only the generic keyNNNNN=value form is read")
        }
        guard eq < text.endIndex else { return SVCB.Param(key: key, value: []) }
        let value = try PresentationToken(text[(eq + 1)...], quoted: t.quoted).unescaped()
        guard value.count <= 65535 else { throw bad("SvcParam value too long") }
        return SVCB.Param(key: key, value: value)
    }
}
