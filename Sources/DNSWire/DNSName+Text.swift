extension DNSName {
    /// Parses presentation format (RFC 1035 section 5.1): labels separated by `.`, `\X` and
    /// `\DDD` escapes. A name without a trailing dot is taken relative to `origin` (the root
    /// when none is given); `@` alone means the origin.
    public init(_ text: some StringProtocol, origin: DNSName = .root) throws(DNSWireError) {
        let bytes = Array(text.utf8)
        if bytes == [UInt8(ascii: "@")] { self = origin; return }
        if bytes == [UInt8(ascii: ".")] { self = .root; return }
        guard !bytes.isEmpty else { throw DNSWireError(.badText, at: 0, "empty name") }
        var labels: [[UInt8]] = []
        var label: [UInt8] = []
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
                    label.append(UInt8(v))
                    i += 4
                } else {
                    label.append(d)
                    i += 2
                }
                continue
            }
            if c == UInt8(ascii: ".") {
                guard !label.isEmpty else { throw DNSWireError(.badText, at: i, "empty label") }
                labels.append(label)
                label = []
                if i == bytes.count - 1 { absolute = true }
            } else {
                label.append(c)
            }
            i += 1
        }
        if !label.isEmpty { labels.append(label) }
        if !absolute { labels += origin.labels.map { Array($0) } }
        try self.init(labels: labels)
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
}
