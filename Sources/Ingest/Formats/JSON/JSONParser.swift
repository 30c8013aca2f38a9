/// A strict JSON parser (RFC 8259) for one value per line, written for hostile input:
/// nesting is capped, every failure names its byte offset, nothing traps.
public struct JSONParser {
    /// The deepest nesting of arrays and objects accepted.
    public static let maxDepth = 64

    /// A parse failure: the byte offset and why.
    public struct Failure: Error, Hashable, Sendable, CustomStringConvertible {
        public var offset: Int
        public var reason: String
        public var description: String { "\(reason) at byte \(offset + 1)" }
    }

    private let bytes: [UInt8]
    private var pos = 0

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Parses exactly one JSON value, with only whitespace around it.
    public static func parse(_ text: some StringProtocol) throws(Failure) -> JSONValue {
        var p = JSONParser(Array(text.utf8))
        p.skipSpace()
        let v = try p.value(depth: 0)
        p.skipSpace()
        guard p.pos == p.bytes.count else { throw p.fail("unexpected text after the JSON value") }
        return v
    }

    private func fail(_ reason: String) -> Failure { Failure(offset: pos, reason: reason) }

    private mutating func skipSpace() {
        while pos < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[pos]) { pos += 1 }
    }

    private mutating func literal(_ word: String, _ v: JSONValue) throws(Failure) -> JSONValue {
        let w = Array(word.utf8)
        guard bytes.count - pos >= w.count, bytes[pos..<(pos + w.count)].elementsEqual(w) else { throw fail("invalid literal") }
        pos += w.count
        return v
    }

    private mutating func value(depth: Int) throws(Failure) -> JSONValue {
        guard pos < bytes.count else { throw fail("unexpected end of input (truncated JSON?)") }
        switch bytes[pos] {
        case UInt8(ascii: "{"):
            guard depth < JSONParser.maxDepth else { throw fail("nesting deeper than \(JSONParser.maxDepth)") }
            pos += 1
            var members: [String: JSONValue] = [:]
            skipSpace()
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "}") { pos += 1; return .object(members) }
            while true {
                skipSpace()
                guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else { throw fail("expected a member name") }
                let key = try string()
                skipSpace()
                guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else { throw fail("expected ':'") }
                pos += 1
                skipSpace()
                members[key] = try value(depth: depth + 1)
                skipSpace()
                guard pos < bytes.count else { throw fail("unexpected end of input in an object (truncated JSON?)") }
                if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
                guard bytes[pos] == UInt8(ascii: "}") else { throw fail("expected ',' or '}'") }
                pos += 1
                return .object(members)
            }
        case UInt8(ascii: "["):
            guard depth < JSONParser.maxDepth else { throw fail("nesting deeper than \(JSONParser.maxDepth)") }
            pos += 1
            var elements: [JSONValue] = []
            skipSpace()
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") { pos += 1; return .array(elements) }
            while true {
                skipSpace()
                elements.append(try value(depth: depth + 1))
                skipSpace()
                guard pos < bytes.count else { throw fail("unexpected end of input in an array (truncated JSON?)") }
                if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
                guard bytes[pos] == UInt8(ascii: "]") else { throw fail("expected ',' or ']'") }
                pos += 1
                return .array(elements)
            }
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try number())
        default:
            throw fail("unexpected character")
        }
    }

    private mutating func digits() -> Int {
        let from = pos
        while pos < bytes.count, bytes[pos] >= 48, bytes[pos] <= 57 { pos += 1 }
        return pos - from
    }

    private mutating func number() throws(Failure) -> String {
        let from = pos
        if bytes[pos] == UInt8(ascii: "-") { pos += 1 }
        let intStart = pos
        let n = digits()
        guard n > 0 else { throw fail("a number needs digits") }
        guard n == 1 || bytes[intStart] != 48 else { throw fail("leading zero in a number") }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: ".") {
            pos += 1
            guard digits() > 0 else { throw fail("digits expected after '.'") }
        }
        if pos < bytes.count, bytes[pos] | 0x20 == UInt8(ascii: "e") {
            pos += 1
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-") { pos += 1 }
            guard digits() > 0 else { throw fail("digits expected in the exponent") }
        }
        guard pos - from <= 64 else { throw fail("number longer than 64 characters") }
        return String(decoding: bytes[from..<pos], as: UTF8.self)
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard bytes.count - pos >= 4 else { throw fail("\\u needs four hex digits") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard let d = TextHex.value(bytes[pos]) else { throw fail("\\u needs four hex digits") }
            v = v << 4 | UInt32(d)
            pos += 1
        }
        return v
    }

    private mutating func string() throws(Failure) -> String {
        pos += 1  // opening quote
        var out: [UInt8] = []
        while true {
            guard pos < bytes.count else { throw fail("unterminated string (truncated JSON?)") }
            let c = bytes[pos]
            switch c {
            case UInt8(ascii: "\""):
                pos += 1
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                pos += 1
                guard pos < bytes.count else { throw fail("unterminated escape") }
                let e = bytes[pos]
                pos += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard bytes.count - pos >= 2, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") else {
                            throw fail("lone high surrogate in \\u escape")
                        }
                        pos += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw fail("bad low surrogate in \\u escape") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00..<0xE000).contains(scalar) {
                        throw fail("lone low surrogate in \\u escape")
                    }
                    out.append(contentsOf: Array(String(Character(Unicode.Scalar(scalar)!)).utf8))
                default:
                    throw fail("invalid escape")
                }
            case 0..<0x20:
                throw fail("control character in a string")
            default:
                out.append(c)
                pos += 1
            }
        }
    }
}
