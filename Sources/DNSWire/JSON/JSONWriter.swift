/// A small, allocation-light JSON text builder: bytes appended to one growing buffer, keys
/// and strings escaped per RFC 8259 section 7. It writes; it never parses.
public struct JSONWriter: Sendable {
    /// The UTF-8 text written so far.
    public private(set) var bytes: [UInt8] = []
    private var needsComma = false

    /// Creates an empty writer.
    public init(capacity: Int = 1024) { bytes.reserveCapacity(capacity) }

    /// Empties the buffer, keeping its storage.
    public mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        needsComma = false
    }

    private mutating func separator() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    /// Opens an object (`{`), as a value or after `key(_:)`.
    public mutating func beginObject() { separator(); bytes.append(UInt8(ascii: "{")); needsComma = false }
    /// Closes an object.
    public mutating func endObject() { bytes.append(UInt8(ascii: "}")); needsComma = true }
    /// Opens an array.
    public mutating func beginArray() { separator(); bytes.append(UInt8(ascii: "[")); needsComma = false }
    /// Closes an array.
    public mutating func endArray() { bytes.append(UInt8(ascii: "]")); needsComma = true }

    /// Writes an object key; the next call writes its value.
    public mutating func key(_ k: StaticString) {
        separator()
        bytes.append(UInt8(ascii: "\""))
        k.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// Writes an object key given at run time.
    public mutating func key(_ k: String) {
        string(k)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// Writes a string value.
    public mutating func string(_ s: String) {
        separator()
        bytes.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { utf8 in
            for b in utf8 {
                switch b {
                case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\\")); bytes.append(b)
                case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(b)
                case 0x0A: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "t"))
                case 0..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: Array("\\u00".utf8))
                    bytes.append(hex[Int(b >> 4)])
                    bytes.append(hex[Int(b & 15)])
                default: bytes.append(b)
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// Writes an integer value.
    public mutating func number(_ n: some BinaryInteger) {
        separator()
        bytes.append(contentsOf: Array(String(n).utf8))
        needsComma = true
    }

    /// Writes a floating-point value (`null` if not finite, which JSON cannot express).
    public mutating func number(_ d: Double) {
        separator()
        bytes.append(contentsOf: Array((d.isFinite ? "\(d)" : "null").utf8))
        needsComma = true
    }

    /// Writes pre-formatted number text, such as a timestamp with fixed decimals.
    public mutating func rawNumber(_ text: String) {
        separator()
        bytes.append(contentsOf: Array(text.utf8))
        needsComma = true
    }

    /// Writes `true` or `false`.
    public mutating func bool(_ b: Bool) {
        separator()
        bytes.append(contentsOf: b ? Array("true".utf8) : Array("false".utf8))
        needsComma = true
    }

    /// Writes `null`.
    public mutating func null() {
        separator()
        bytes.append(contentsOf: Array("null".utf8))
        needsComma = true
    }

    /// Ends a line of JSON-lines output.
    public mutating func newline() {
        bytes.append(0x0A)
        needsComma = false
    }

    /// The text as a `String`.
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}
