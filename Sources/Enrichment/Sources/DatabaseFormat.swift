import Foundation

/// The database formats FluxScope reads, detected from content rather than file names.
public enum DatabaseFormat: String, Sendable, CaseIterable, CustomStringConvertible {
    /// IPFire libloc `location.db` (magic `LOCDBXX`).
    case libloc
    /// MaxMind DB `.mmdb` (metadata marker `\xAB\xCD\xEFMaxMind.com` near the end).
    case maxmind
    /// CAIDA RouteViews prefix-to-AS: `prefix<TAB>length<TAB>origins`.
    case pfx2as
    /// pyasn `.dat`: `prefix/length<TAB>asn`, `;` comments.
    case pyasn
    /// iptoasn.com TSV: `first<TAB>last<TAB>asn<TAB>country<TAB>description`.
    case iptoasn

    /// The format's name.
    public var description: String { rawValue }

    /// The MaxMind DB metadata marker (MaxMind DB spec, "Database Metadata").
    static let maxmindMarker: [UInt8] = [0xAB, 0xCD, 0xEF] + Array("MaxMind.com".utf8)

    /// Detects the format of the file at `path` from its first bytes (libloc magic, the
    /// first data line of a text table, decompressed if gzip) and its last 128 KiB
    /// (MaxMind marker).
    public static func detect(path: String) throws(EnrichmentError) -> DatabaseFormat {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file"
            throw EnrichmentError(.unreadable, "cannot open: \(reason)", path: path)
        }
        defer { try? handle.close() }
        let head: Data
        let tail: Data
        do {
            head = try handle.read(upToCount: 8) ?? Data()
            let size = try handle.seekToEnd()
            try handle.seek(toOffset: size > 131_072 ? size - 131_072 : 0)
            tail = try handle.readToEnd() ?? Data()
        } catch {
            throw EnrichmentError(.unreadable, "read failed: \(error.localizedDescription)", path: path)
        }
        if head.starts(with: Array("LOCDBXX".utf8)) { return .libloc }
        if tail.range(of: Data(maxmindMarker)) != nil { return .maxmind }
        if head.isEmpty { throw EnrichmentError(.empty, "empty file", path: path) }
        return try detectText(path: path)
    }

    /// Classifies by the first line that is not blank or a comment.
    private static func detectText(path: String) throws(EnrichmentError) -> DatabaseFormat {
        var found: DatabaseFormat?
        var sawPyasnComment = false
        var checked = 0
        do {
            try LineReader(path: path).forEachLine { (line, number) throws(EnrichmentError) in
                if line.first == 59 { sawPyasnComment = true; return }           // ';'
                if line.allSatisfy({ $0 == 32 || $0 == 9 }) || line.first == 35 { return }
                found = classify(line, pyasnHint: sawPyasnComment)
                checked += 1
                if found != nil || checked >= 5 { throw StopReading.stop }
            }
        } catch let error where error.code == StopReading.code {
            // Stopped early on purpose.
        }
        guard let found else {
            throw EnrichmentError(.unknownFormat, "not libloc, MaxMind DB, pfx2as, pyasn or iptoasn content", path: path)
        }
        return found
    }

    private static func classify(_ line: UnsafeBufferPointer<UInt8>, pyasnHint: Bool) -> DatabaseFormat? {
        let tabs = ByteFields.split(line, limit: 5, tabsOnly: true)
        if tabs.count >= 4, ByteFields.address(tabs[0]) != nil, ByteFields.address(tabs[1]) != nil {
            return .iptoasn
        }
        let fields = ByteFields.split(line, limit: 4)
        if fields.count == 3, ByteFields.address(fields[0]) != nil, ByteFields.number(fields[1], as: UInt8.self) != nil {
            return .pfx2as
        }
        if fields.count == 2, fields[0].contains(47), ByteFields.number(fields[1], as: UInt32.self) != nil {
            return .pyasn
        }
        return pyasnHint ? .pyasn : nil
    }

    /// A private marker error used to end detection early.
    private enum StopReading {
        static let code = EnrichmentError.Code(rawValue: "stop-reading")
        static let stop = EnrichmentError(code, "", path: "")
    }
}
