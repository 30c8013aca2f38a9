extension DNSName {
    /// Parses presentation format (RFC 1035 section 5.1): labels separated by `.`, `\X` and
    /// `\DDD` escapes. A name without a trailing dot is taken relative to `origin` (the root
    /// when none is given); `@` alone means the origin.
    public init(_ text: some StringProtocol, origin: DNSName = .root) throws(DNSWireError) {
        try self.init(presentation: Array(text.utf8), origin: origin)
    }

    /// Parses presentation format from its octets, as `init(_:origin:)` does. The wire form is
    /// built in one buffer as the text is read; a label or name that is too long is reported
    /// after the whole text has been read, so an escape error further on comes first.
    public init(presentation bytes: [UInt8], origin: DNSName = .root) throws(DNSWireError) {
        if bytes == [UInt8(ascii: "@")] { self = origin; return }
        if bytes == [UInt8(ascii: ".")] { self = .root; return }
        guard !bytes.isEmpty else { throw DNSWireError(.badText, at: 0, "empty name") }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 1)
        var lengthError: DNSWireError?
        var labelStart = 0  // the index in `out` of the current label's length octet
        out.append(0)
        /// Closes the label that starts at `labelStart`; the first length error is kept.
        func closeLabel() {
            let n = out.count - labelStart - 1
            if lengthError == nil {
                if n > DNSName.maxLabelLength {
                    lengthError = DNSWireError(.labelTooLong, at: labelStart, "label of \(n) octets (at most 63)")
                } else if out.count >= DNSName.maxWireLength {
                    lengthError = DNSWireError(.nameTooLong, at: out.count, "name longer than 255 octets")
                }
            }
            out[labelStart] = UInt8(truncatingIfNeeded: n)
        }
        var absolute = false
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\\") {
                guard i + 1 < bytes.count else { throw DNSWireError(.badText, at: i, "dangling backslash") }
                let d = bytes[i + 1]
                if DNSName.isDigit(d) {
                    guard i + 3 < bytes.count, DNSName.isDigit(bytes[i + 2]), DNSName.isDigit(bytes[i + 3]) else {
                        throw DNSWireError(.badText, at: i, "\\DDD escape needs three digits")
                    }
                    let v = Int(d - 48) * 100 + Int(bytes[i + 2] - 48) * 10 + Int(bytes[i + 3] - 48)
                    guard v <= 255 else { throw DNSWireError(.badText, at: i, "\\DDD escape above 255") }
                    out.append(UInt8(v))
                    i += 4
                } else {
                    out.append(d)
                    i += 2
                }
                continue
            }
            if c == UInt8(ascii: ".") {
                guard out.count > labelStart + 1 else { throw DNSWireError(.badText, at: i, "empty label") }
                closeLabel()
                if i == bytes.count - 1 {
                    absolute = true
                } else {
                    labelStart = out.count
                    out.append(0)
                }
            } else {
                out.append(c)
            }
            i += 1
        }
        if !absolute {
            if out.count > labelStart + 1 { closeLabel() } else { out.removeLast() }
            var j = 0
            let tail = origin.wire
            while j < tail.count {  // the origin's labels, checked as the text's are
                let n = Int(tail[j])
                labelStart = out.count
                out.append(contentsOf: tail[j..<(j + 1 + n)])
                closeLabel()
                j += 1 + n
            }
        }
        if let lengthError { throw lengthError }
        self.init(uncheckedWire: out)
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
}
