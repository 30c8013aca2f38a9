/// One line of input as raw bytes, without its terminator.
public struct RawLine {
    /// The bytes (empty when `tooLong`).
    public var bytes: ArraySlice<UInt8>
    /// The 1-based line number.
    public var number: Int
    /// True if the line was longer than the limit and was skipped.
    public var tooLong: Bool
    /// The length of the line in bytes (also when too long).
    public var length: Int
}

/// Reads lines from a byte source in chunks, with memory bounded by the longest accepted
/// line plus one chunk. Lines end at `\n`, `\r\n` or a bare `\r` (any mix). A line longer
/// than `maxLineLength` is skipped to its end and returned flagged `tooLong`, never buffered.
/// Gzip files are recognised by their magic bytes and decompressed on the fly.
public struct LineReader {
    /// The input's name for messages (usually the path).
    public let name: String
    /// The longest line accepted, in bytes.
    public let maxLineLength: Int
    /// Called with `bytesConsumed` after each chunk is read (for a progress bar).
    public var onProgress: ((Int) -> Void)?
    /// The number of the last line returned.
    public private(set) var lineNumber = 0

    private let source: ByteSource
    private var buffer: [UInt8] = []
    private var start = 0
    private var eof = false
    private var skipLF = false
    private static let chunk = 1 << 16

    /// Reads lines from `source`.
    public init(name: String, source: ByteSource, maxLineLength: Int = 1 << 20) {
        self.name = name
        self.source = source
        self.maxLineLength = max(1, maxLineLength)
    }

    /// Opens a file, decompressing it if it starts with the gzip magic bytes.
    public init(path: String, maxLineLength: Int = 1 << 20) throws(ReadError) {
        let file = try FileByteSource(path: path)
        try self.init(name: path, source: LineReader.decompressing(file, name: path), maxLineLength: maxLineLength)
    }

    /// Reads lines from bytes in memory (gzip included).
    public init(name: String, bytes: [UInt8], maxLineLength: Int = 1 << 20) throws(ReadError) {
        try self.init(name: name, source: LineReader.decompressing(MemoryByteSource(bytes), name: name), maxLineLength: maxLineLength)
    }

    /// Bytes consumed from the underlying file (compressed bytes for gzip).
    public var bytesConsumed: Int { source.position }

    /// Wraps `source` in a gzip decoder when it starts with 1F 8B. Reads nothing else: the
    /// two peeked bytes are put back through a small prefix source.
    static func decompressing(_ source: ByteSource, name: String) throws(ReadError) -> ByteSource {
        var magic = [UInt8](repeating: 0, count: 2)
        var got = 0
        while got < 2 {
            let n = try source.read(into: &magic, from: got)
            if n == 0 { break }
            got += n
        }
        let prefixed = PrefixedByteSource(prefix: Array(magic[..<got]), rest: source)
        return got == 2 && magic == [0x1F, 0x8B] ? try GzipByteSource(prefixed, name: name) : prefixed
    }

    /// Reads more bytes; returns false at the end of the input.
    private mutating func fill() throws(ReadError) -> Bool {
        guard !eof else { return false }
        if start > 0 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        let old = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: LineReader.chunk))
        let n = try source.read(into: &buffer, from: old)
        buffer.removeLast(LineReader.chunk - n)
        onProgress?(source.position)
        if n == 0 { eof = true }
        return n > 0
    }

    /// The next line, or `nil` at the end of the input.
    public mutating func next() throws(ReadError) -> RawLine? {
        if skipLF {
            // The previous line ended with `\r` at the end of a chunk: a `\n` may follow.
            if start == buffer.count { _ = try fill() }
            skipLF = false
            if start < buffer.count, buffer[start] == 0x0A { start += 1 }
        }
        var scanned = 0    // bytes after `start` known to hold no line end
        var discarded = 0  // bytes of an over-long line already thrown away
        while true {
            var i = start + scanned
            while i < buffer.count, buffer[i] != 0x0A, buffer[i] != 0x0D { i += 1 }
            if i < buffer.count {
                let lineStart = start
                start = i + 1
                if buffer[i] == 0x0D {
                    if start < buffer.count {
                        if buffer[start] == 0x0A { start += 1 }
                    } else {
                        skipLF = true
                    }
                }
                return line(lineStart..<i, discarded: discarded)
            }
            scanned = buffer.count - start
            if scanned > maxLineLength {
                // Too long: drop what is held and keep looking for the end of the line.
                discarded += scanned
                start = buffer.count
                scanned = 0
            }
            if try !fill() {
                guard scanned > 0 || discarded > 0 else { return nil }
                let lineStart = start
                start = buffer.count
                return line(lineStart..<buffer.count, discarded: discarded)
            }
        }
    }

    private mutating func line(_ range: Range<Int>, discarded: Int) -> RawLine {
        lineNumber += 1
        let length = discarded + range.count
        if length > maxLineLength {
            return RawLine(bytes: [], number: lineNumber, tooLong: true, length: length)
        }
        return RawLine(bytes: buffer[range], number: lineNumber, tooLong: false, length: length)
    }
}
