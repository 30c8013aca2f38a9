import FluxModel
import Foundation

/// The rows of a CSV export held in temporary files instead of memory until the data window,
/// which ends every row, is known (after the last domain is judged): FQDN rows in one file,
/// registered-domain rows in another, each row as a 4-octet length (little-endian) and its
/// UTF-8 octets. `write` then streams the header and every row with its window columns,
/// FQDN rows first, each file read back a block at a time. The files are removed when the
/// spool is deinitialized.
public final class CSVRowSpool {
    private var fqdns: SpoolFile
    private var registered: SpoolFile

    /// Rows appended so far.
    public private(set) var count = 0

    /// Creates the two empty files in the temporary directory.
    public init() throws {
        fqdns = try SpoolFile()
        registered = try SpoolFile()
    }

    /// Appends rows (each without its window columns: `CSVWriter.fields`).
    public func append(fqdns fqdnRows: [String], registered registeredRows: [String]) throws {
        try fqdns.append(fqdnRows)
        try registered.append(registeredRows)
        count += fqdnRows.count + registeredRows.count
    }

    /// The header, then every row, FQDN rows first, each with the window columns, as
    /// `CSVWriter.write(rows:…)` writes them.
    public func write(windowStart: Timestamp, windowEnd: Timestamp, to out: inout some TextOutputStream) throws {
        out.write(CSVWriter.headerLine)
        let end = CSVWriter.lineEnd(windowStart: windowStart, windowEnd: windowEnd)
        try fqdns.forEachRow { out.write($0 + end) }
        try registered.forEachRow { out.write($0 + end) }
    }
}

/// One temporary file of length-prefixed rows.
private final class SpoolFile {
    let path: String
    let fd: Int32
    var size = 0

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("fluxscope-csv-\(UUID().uuidString)").path
        fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ReportError("cannot create the temporary file \(path): errno \(errno)") }
    }

    deinit {
        close(fd)
        unlink(path)
    }

    func append(_ rows: [String]) throws {
        guard !rows.isEmpty else { return }
        var bytes: [UInt8] = []
        for row in rows {
            let utf8 = Array(row.utf8)
            guard let length = UInt32(exactly: utf8.count) else { throw ReportError("a CSV row of \(utf8.count) octets") }
            withUnsafeBytes(of: length.littleEndian) { bytes += $0 }
            bytes += utf8
        }
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, off_t(size + written)) }
            guard n > 0 else { throw ReportError("cannot write the temporary file \(path): errno \(errno)") }
            written += n
        }
        size += bytes.count
    }

    /// Reads the rows back in order, a block at a time.
    func forEachRow(_ body: (String) -> Void) throws {
        var position = 0
        var buffer: [UInt8] = []
        var index = 0
        // Makes `count` octets available at `index`; false when the file has fewer left.
        func fill(_ count: Int) throws -> Bool {
            if buffer.count - index >= count { return true }
            let want = min(max(65_536, count), size - position)
            guard want > 0 else { return false }
            var block = [UInt8](repeating: 0, count: want)
            let n = block.withUnsafeMutableBytes { pread(fd, $0.baseAddress, want, off_t(position)) }
            guard n == want else { throw ReportError("temporary file \(path): read \(n) of \(want) octets at offset \(position)") }
            position += n
            buffer = Array(buffer[index...]) + block
            index = 0
            return buffer.count >= count
        }
        while try fill(4) {
            let length = Int(UInt32(buffer[index]) | UInt32(buffer[index + 1]) << 8 | UInt32(buffer[index + 2]) << 16
                             | UInt32(buffer[index + 3]) << 24)
            guard try fill(4 + length) else {
                throw ReportError("temporary file \(path): a row of \(length) octets runs past the end at offset \(position - buffer.count + index)")
            }
            body(String(decoding: buffer[(index + 4)..<(index + 4 + length)], as: UTF8.self))
            index += 4 + length
        }
    }
}
