import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Output written in 64 KiB blocks to a file descriptor (standard output by default), so
/// that exports, reports and JSON lines stream: memory holds one block, not the output.
struct BufferedOutput {
    private var buffer: [UInt8] = []
    private let limit = 1 << 16
    private let fd: Int32
    /// The first write error (`errno`), if any; later writes are dropped.
    private(set) var error: Int32?
    /// Bytes written so far (flushed or buffered).
    private(set) var bytes = 0

    /// Writes to `fd` (standard output by default).
    init(fd: Int32 = 1) {
        self.fd = fd
        buffer.reserveCapacity(limit + 4096)
    }

    mutating func write(_ bytes: some Collection<UInt8>) {
        buffer.append(contentsOf: bytes)
        self.bytes += bytes.count
        if buffer.count >= limit { flush() }
    }

    mutating func flush() {
        var offset = 0
        while offset < buffer.count && error == nil {
            let n = buffer.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { error = n < 0 ? errno : EIO; break }
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

extension BufferedOutput: TextOutputStream {
    mutating func write(_ string: String) { write(string.utf8) }
}

/// A file written through `BufferedOutput` under a temporary name and renamed into place when
/// complete, so a reader never sees half an export and a failed run leaves the old file.
struct OutputFile {
    let path: String
    private let temporary: String
    private let fd: Int32

    /// Creates `path.partial` (mode 0644) to write into.
    init(path: String) throws {
        self.path = path
        temporary = path + ".partial"
        fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw OutputFileError(path: temporary, reason: String(cString: strerror(errno))) }
    }

    /// The stream to write into.
    func output() -> BufferedOutput { BufferedOutput(fd: fd) }

    /// Closes and removes the partial file (the export failed).
    func discard() {
        close(fd)
        unlink(temporary)
    }

    /// Flushes `out`, closes the file and renames it to `path`; on a write error removes it and throws.
    func commit(_ out: inout BufferedOutput) throws {
        out.flush()
        let closed = close(fd)
        if let e = out.error ?? (closed == 0 ? nil : errno) {
            unlink(temporary)
            throw OutputFileError(path: path, reason: String(cString: strerror(e)))
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw OutputFileError(path: path, reason: reason)
        }
    }
}

/// Writing an output file failed.
struct OutputFileError: Error, CustomStringConvertible {
    var path: String
    var reason: String
    var description: String { "cannot write \(path): \(reason)" }
}
