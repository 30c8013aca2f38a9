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
