#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
