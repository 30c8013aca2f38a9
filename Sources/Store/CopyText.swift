import Foundation
import NIOCore

/// Rows in the text format of PostgreSQL's `COPY ... FROM STDIN` (tab-separated columns,
/// one row per line, `\N` for NULL, backslash escapes), built into one buffer.
/// https://www.postgresql.org/docs/15/sql-copy.html, "Text Format".
struct CopyText {
    private(set) var buffer: ByteBuffer
    private var first = true
    /// Rows ended so far.
    private(set) var rows = 0

    init(capacity: Int = 1 << 16) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
    }

    private mutating func separate() {
        if first { first = false } else { buffer.writeInteger(UInt8(ascii: "\t")) }
    }

    /// A text value, escaped; `nil` writes NULL.
    mutating func text(_ value: String?) {
        separate()
        guard let value else { buffer.writeStaticString("\\N"); return }
        var clean = true
        for b in value.utf8 where b == 0x5C || b < 0x20 || b == 0x7F { clean = false; break }
        if clean { buffer.writeString(value); return }
        for b in value.utf8 {
            switch b {
            case 0x5C: buffer.writeStaticString("\\\\")
            case 0x09: buffer.writeStaticString("\\t")
            case 0x0A: buffer.writeStaticString("\\n")
            case 0x0D: buffer.writeStaticString("\\r")
            case 0x00..<0x20, 0x7F:
                // Octal escape: \ooo (NUL itself is refused by PostgreSQL's text type).
                buffer.writeInteger(UInt8(ascii: "\\"))
                buffer.writeInteger(UInt8(ascii: "0") + (b >> 6))
                buffer.writeInteger(UInt8(ascii: "0") + ((b >> 3) & 7))
                buffer.writeInteger(UInt8(ascii: "0") + (b & 7))
            default: buffer.writeInteger(b)
            }
        }
    }

    /// An integer; `nil` writes NULL.
    mutating func int(_ value: Int?) {
        separate()
        guard let value else { buffer.writeStaticString("\\N"); return }
        buffer.writeString(String(value))
    }

    /// A double in its shortest round-tripping form.
    mutating func double(_ value: Double) {
        separate()
        buffer.writeString(value.isFinite ? value.description : (value.isNaN ? "NaN" : (value > 0 ? "Infinity" : "-Infinity")))
    }

    /// A `bytea` in hex form (`\x0a1b`, its backslash escaped for COPY).
    mutating func bytes(_ value: Data) {
        separate()
        buffer.writeStaticString("\\\\x")
        let digits: StaticString = "0123456789abcdef"
        digits.withUTF8Buffer { hex in
            for b in value {
                buffer.writeInteger(hex[Int(b >> 4)])
                buffer.writeInteger(hex[Int(b & 0x0F)])
            }
        }
    }

    /// An array literal of integers, `{1,4}`.
    mutating func intArray(_ values: [Int64]) {
        separate()
        buffer.writeString("{" + values.map(String.init).joined(separator: ",") + "}")
    }

    /// Ends the current row.
    mutating func endRow() {
        buffer.writeInteger(UInt8(ascii: "\n"))
        first = true
        rows += 1
    }
}
