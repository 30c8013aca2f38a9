import Foundation

/// A file of its own in the temporary directory, written by appending and read back through
/// `SpoolReader`s, removed when deinitialized: where the analysis and the exports put what
/// should not be held in memory (`ExternalSort`'s chunks, `CSVRowSpool`'s rows).
public final class TemporaryFile {
    /// Where it is.
    public let path: String
    let fd: Int32
    /// Octets appended so far.
    public private(set) var size = 0

    /// Creates the empty file (mode 0600, a name of its own: `PREFIX-UUID`).
    public init(prefix: String) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
        fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw AnalysisError("cannot create the temporary file \(path): errno \(errno)") }
    }

    deinit {
        close(fd)
        unlink(path)
    }

    /// Appends `bytes`; returns where they are in the file.
    @discardableResult
    public func append(_ bytes: [UInt8]) throws -> Range<Int> {
        let start = size
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, off_t(start + written)) }
            guard n > 0 else { throw AnalysisError("cannot write the temporary file \(path): errno \(errno)") }
            written += n
        }
        size += bytes.count
        return start..<size
    }

    /// A reader of the octets in `range` (all of them by default), `bufferSize` at a time.
    public func reader(_ range: Range<Int>? = nil, bufferSize: Int = 65_536) -> SpoolReader {
        SpoolReader(fd: fd, range: range ?? 0..<size, bufferSize: bufferSize)
    }
}
