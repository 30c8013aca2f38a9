import Foundation
import CZlib

/// Reads a text file line by line, gzip-compressed or not (zlib reads plain files
/// transparently), in fixed-size chunks: the file is never held whole in memory.
/// A truncated or corrupt gzip stream is an error, not a silent short read.
struct LineReader {
    /// The file being read.
    let path: String
    /// Lines longer than this are reported as errors (hostile input guard).
    var maxLineLength = 64 * 1024

    /// Calls `body` with each line (without its `\n` or `\r\n`) and its 1-based number.
    func forEachLine(
        _ body: (UnsafeBufferPointer<UInt8>, Int) throws(EnrichmentError) -> Void
    ) throws(EnrichmentError) {
        guard let file = gzopen(path, "rb") else {
            throw EnrichmentError(.unreadable, "cannot open: \(String(cString: strerror(errno)))", path: path)
        }
        defer { gzclose_r(file) }
        gzbuffer(file, 256 * 1024)
        let chunkSize = 256 * 1024
        var buffer = [UInt8](repeating: 0, count: chunkSize + maxLineLength)
        var carried = 0   // bytes of an unfinished line at the front of `buffer`
        var lineNumber = 0
        while true {
            let space = buffer.count - carried
            let read = buffer.withUnsafeMutableBytes { raw in
                gzread(file, raw.baseAddress! + carried, UInt32(min(space, chunkSize)))
            }
            if read < 0 { throw streamError(file, lineNumber) }
            if read == 0 {
                try checkEnd(file, lineNumber)
                if carried > 0 {
                    lineNumber += 1
                    try buffer.withUnsafeBufferPointer { (all) throws(EnrichmentError) in
                        try body(UnsafeBufferPointer(rebasing: trimCR(all[0..<carried])), lineNumber)
                    }
                }
                return
            }
            let filled = carried + Int(read)
            var consumed = 0
            try buffer.withUnsafeBufferPointer { (all) throws(EnrichmentError) in
                var start = 0
                var i = carried
                while i < filled {
                    if all[i] == 10 {
                        lineNumber += 1
                        try body(UnsafeBufferPointer(rebasing: trimCR(all[start..<i])), lineNumber)
                        start = i + 1
                    }
                    i += 1
                }
                consumed = start
            }
            carried = filled - consumed
            if carried >= maxLineLength {
                throw EnrichmentError(.corrupt, "line longer than \(maxLineLength) bytes", path: path, line: lineNumber + 1)
            }
            if consumed > 0, carried > 0 {
                buffer.withUnsafeMutableBufferPointer { b in
                    for j in 0..<carried { b[j] = b[consumed + j] }
                }
            }
        }
    }

    private func trimCR(_ line: Slice<UnsafeBufferPointer<UInt8>>) -> Slice<UnsafeBufferPointer<UInt8>> {
        line.last == 13 ? line.dropLast() : line
    }

    private func checkEnd(_ file: gzFile, _ lineNumber: Int) throws(EnrichmentError) {
        var code: Int32 = 0
        _ = gzerror(file, &code)
        if code != Z_OK { throw streamError(file, lineNumber) }
    }

    private func streamError(_ file: gzFile, _ lineNumber: Int) -> EnrichmentError {
        var code: Int32 = 0
        let message = gzerror(file, &code).map { String(cString: $0) } ?? "read error"
        let kind: EnrichmentError.Code = code == Z_BUF_ERROR ? .truncated : (code == Z_ERRNO ? .unreadable : .corrupt)
        return EnrichmentError(kind, "gzip stream: \(message)", path: path, line: lineNumber + 1)
    }
}
