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
        s.withUTF8 { appendEscaped($0) }
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// Appends UTF-8 text escaped for a JSON string: runs that need no escape (most names,
    /// types and addresses are one such run) are appended whole.
    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        for i in 0..<utf8.count {
            let b = utf8[i]
            guard b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") else { continue }
            if runStart < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i])) }
            runStart = i + 1
            bytes.append(UInt8(ascii: "\\"))
            switch b {
            case 0x0A: bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(UInt8(ascii: "t"))
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(b)
            default:
                let hex: StaticString = "0123456789abcdef"
                hex.withUTF8Buffer { digits in
                    bytes.append(UInt8(ascii: "u")); bytes.append(UInt8(ascii: "0")); bytes.append(UInt8(ascii: "0"))
                    bytes.append(digits[Int(b >> 4)])
                    bytes.append(digits[Int(b & 15)])
                }
            }
        }
        if runStart < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
    }

    /// Writes an integer value.
    public mutating func number(_ n: some BinaryInteger) {
        separator()
        if let v = Int64(exactly: n) {
            appendDigits(v)
        } else {
            bytes.append(contentsOf: Array(String(n).utf8))
        }
        needsComma = true
    }

    /// Appends a decimal integer without going through `String`.
    private mutating func appendDigits(_ v: Int64) {
        if v < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = v.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // up to 20 digits, as bytes, least significant first
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            var i = count
            while i > 0 {
                i -= 1
                bytes.append(buffer[i])
            }
        }
    }

    private mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
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
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
        needsComma = true
    }

    /// Writes `true` or `false`.
    public mutating func bool(_ b: Bool) {
        separator()
        append(b ? "true" : "false")
        needsComma = true
    }

    /// Writes `null`.
    public mutating func null() {
        separator()
        append("null")
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
