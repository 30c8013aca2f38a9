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
