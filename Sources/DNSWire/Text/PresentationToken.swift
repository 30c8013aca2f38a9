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

/// The tokens of one line of presentation text, and how the line changed the nesting of
/// parentheses (which let a record continue over several lines, RFC 1035 section 5.1).
public struct PresentationLine: Hashable, Sendable {
    /// The tokens, comments removed.
    public var tokens: [PresentationToken]
    /// `(` seen minus `)` seen outside quotes.
    public var parenthesesDelta: Int
    /// True if the line began with a space or tab (the owner is omitted in a master file).
    public var startsWithBlank: Bool

    /// Splits one line into tokens: whitespace separates, `"..."` groups (with `\"` inside),
    /// `;` starts a comment outside quotes, and `(` / `)` are counted and dropped.
    /// An unterminated quoted string is an error.
    public init(_ line: some Collection<UInt8>) throws(DNSWireError) {
        let bytes = Array(line)
        tokens = []
        parenthesesDelta = 0
        startsWithBlank = bytes.first == UInt8(ascii: " ") || bytes.first == UInt8(ascii: "\t")
        var current: [UInt8] = []
        var inToken = false, quoted = false, inQuotes = false
        var i = 0
        func finish() {
            if inToken { tokens.append(PresentationToken(current, quoted: quoted)) }
            current = []; inToken = false; quoted = false
        }
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\\") {
                guard i + 1 < bytes.count else { throw DNSWireError(.badText, at: i, "dangling backslash at end of line") }
                current.append(c); current.append(bytes[i + 1])
                inToken = true
                i += 2
                continue
            }
            if inQuotes {
                if c == UInt8(ascii: "\"") { inQuotes = false } else { current.append(c) }
                i += 1
                continue
            }
            switch c {
            case UInt8(ascii: "\""):
                inQuotes = true; inToken = true; quoted = true
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                finish()
            case UInt8(ascii: ";"):
                finish()
                i = bytes.count
                continue
            case UInt8(ascii: "("):
                finish(); parenthesesDelta += 1
            case UInt8(ascii: ")"):
                finish(); parenthesesDelta -= 1
            default:
                current.append(c); inToken = true
            }
            i += 1
        }
        guard !inQuotes else { throw DNSWireError(.badText, at: bytes.count, "quoted string not closed on its line") }
        finish()
    }
}
