#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A stream of bytes a text reader pulls from: a file, a gzip stream over a file, or memory.
/// Sources are reference types: a reader holds one and it keeps its own position.
public protocol ByteSource: AnyObject {
    /// Reads up to `buffer.count` bytes; returns 0 only at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ReadError) -> Int
    /// Bytes taken from the underlying file so far (compressed bytes for gzip): what a
    /// progress bar compares with the file's size.
    var position: Int { get }
}

extension ByteSource {
    /// Reads into `array` from `offset` to its end (a typed-throws wrapper over the buffer call).
    func read(into array: inout [UInt8], from offset: Int = 0) throws(ReadError) -> Int {
        var result: Result<Int, ReadError> = .success(0)
        array.withUnsafeMutableBytes { b in
            result = Result { () throws(ReadError) -> Int in try self.read(into: UnsafeMutableRawBufferPointer(rebasing: b[offset...])) }
        }
        return try result.get()
    }
}

/// Bytes held in memory (tests, fuzzing, stdin already read).
public final class MemoryByteSource: ByteSource {
    private let bytes: [UInt8]
    public private(set) var position = 0

    /// Serves `bytes`.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(ReadError) -> Int {
        let n = min(buffer.count, bytes.count - position)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { src in
            buffer.baseAddress!.copyMemory(from: src.baseAddress! + position, byteCount: n)
        }
        position += n
        return n
    }
}

/// A file read with `read(2)`; closed when the source is released.
public final class FileByteSource: ByteSource {
    private let fd: Int32
    /// The path, for messages.
    public let path: String
    public private(set) var position = 0

    /// Opens `path` for reading.
    public init(path: String) throws(ReadError) {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw ReadError(.io, file: path, "cannot open: \(String(cString: strerror(errno)))")
        }
        var st = stat()
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw ReadError(.io, file: path, "is a directory")
        }
        self.fd = fd
    }

    deinit { close(fd) }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(ReadError) -> Int {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n >= 0 {
                position += n
                return n
            }
            if errno == EINTR { continue }
            throw ReadError(.io, file: path, "read failed at byte \(position): \(String(cString: strerror(errno)))")
        }
    }
}
