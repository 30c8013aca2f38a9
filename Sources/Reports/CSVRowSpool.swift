import Analysis
import FluxModel

/// The rows of a CSV export held in temporary files instead of memory until the data window,
/// which ends every row, is known (after the last domain is judged): FQDN rows in one file,
/// registered-domain rows in another, each row as a 4-octet length (little-endian) and its
/// UTF-8 octets (`TemporaryFile`). `write` then streams the header and every row with its
/// window columns, FQDN rows first, each file read back a block at a time. The files are
/// removed when the spool is deinitialized.
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
private struct SpoolFile {
    let file: TemporaryFile

    init() throws { file = try TemporaryFile(prefix: "fluxscope-csv") }

    func append(_ rows: [String]) throws {
        guard !rows.isEmpty else { return }
        var bytes: [UInt8] = []
        for row in rows {
            let utf8 = Array(row.utf8)
            guard let length = UInt32(exactly: utf8.count) else { throw ReportError("a CSV row of \(utf8.count) octets") }
            SpoolWriter.uint32(length, into: &bytes)
            bytes += utf8
        }
        try file.append(bytes)
    }

    /// Reads the rows back in order, a block at a time.
    func forEachRow(_ body: (String) -> Void) throws {
        var reader = file.reader()
        while try !reader.atEnd() {
            let length = Int(try reader.uint32())
            body(String(decoding: try reader.bytes(length), as: UTF8.self))
        }
    }
}
