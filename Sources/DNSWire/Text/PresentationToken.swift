/// One whitespace-separated token of presentation-format text (RFC 1035 section 5.1).
///
/// `text` keeps backslash escapes as written (a name needs `\.` to stay one label), with the
/// double quotes of a quoted string removed; `quoted` says whether quotes were involved.
public struct PresentationToken: Hashable, Sendable, CustomStringConvertible {
    /// The token's bytes, escapes kept, quotes removed.
    public var text: [UInt8]
    /// True if the token was (or contained) a quoted string.
    public var quoted: Bool

    /// Creates a token.
    public init(_ text: some Sequence<UInt8>, quoted: Bool = false) {
        self.text = Array(text)
        self.quoted = quoted
    }

    /// The raw text as a `String` (escapes kept).
    public var string: String { String(decoding: text, as: UTF8.self) }

    public var description: String { quoted ? "\"\(string)\"" : string }

    /// The bytes of a character-string: `\X` becomes `X`, `\DDD` the octet DDD
    /// (RFC 1035 section 5.1).
    public func unescaped() throws(DNSWireError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var i = 0
        while i < text.count {
            let c = text[i]
            guard c == UInt8(ascii: "\\") else { out.append(c); i += 1; continue }
            guard i + 1 < text.count else { throw DNSWireError(.badText, at: i, "dangling backslash") }
            let d = text[i + 1]
            if d >= 48 && d <= 57 {
                guard i + 3 < text.count, (48...57).contains(text[i + 2]), (48...57).contains(text[i + 3]) else {
                    throw DNSWireError(.badText, at: i, "\\DDD escape needs three digits")
                }
                let v = Int(d - 48) * 100 + Int(text[i + 2] - 48) * 10 + Int(text[i + 3] - 48)
                guard v <= 255 else { throw DNSWireError(.badText, at: i, "\\DDD escape above 255") }
                out.append(UInt8(v))
                i += 4
            } else {
                out.append(d)
                i += 2
            }
        }
        return out
    }
}
