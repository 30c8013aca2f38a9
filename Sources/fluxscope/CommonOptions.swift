import Analysis
import ArgumentParser
import Detection
import Enrichment
import Foundation
import Store

/// `--db URL`, shared by every command that reads or writes the store.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: ArgumentHelp("The store: sqlite:PATH or postgres://USER@HOST:PORT/DB.", valueName: "URL"))
    var url: String = StoreURL.default.description

    /// Opens (and migrates) the store.
    func open() async throws -> any ObservationStore {
        try await StoreURL(parsing: url).open()
    }

    /// Opens (and migrates) the store for an analysis, which reads each page of a SQLite file
    /// about once: with a small page cache per connection (`SQLiteStore.scanCacheKiB`), so
    /// that the caches do not grow with the file (the operating system's file cache still
    /// holds what was read); and, unless `limitArenas` is false, limits glibc's allocator
    /// arenas first (`MallocArenas`).
    func openForAnalysis(limitArenas: Bool = true) async throws -> any ObservationStore {
        if limitArenas { MallocArenas.limitToCores() }
        return try await StoreURL(parsing: url).open(sqliteCacheKiB: SQLiteStore.scanCacheKiB)
    }
}

/// The analysis options shared by analyze, evaluate, networks, export and report.
struct AnalysisOptions: ParsableArguments {
    @Option(name: .customLong("asn-db"), help: "Re-enrich addresses with this database instead of the stored enrichment (repeatable).")
    var asnDatabases: [String] = []

    @Option(help: "Only data seen at or after this time (Unix seconds, or a duration ago such as 7d).")
    var since: String?

    @Option(help: "Only data seen at or before this time (Unix seconds, or a duration ago such as 1d).")
    var until: String?

    @Option(name: .customLong("psl"), help: "The Public Suffix List file (for registered domains).")
    var publicSuffixList = PublicSuffixList.debianPath

    /// The analysis these options describe; warns on stderr when the suffix list is missing.
    func analysis() throws -> Analysis {
        var psl: PublicSuffixList?
        if FileManager.default.fileExists(atPath: publicSuffixList) {
            psl = try PublicSuffixList.load(path: publicSuffixList)
        } else {
            warn("\(publicSuffixList) not found (Debian package publicsuffix): judging FQDNs only, not registered domains")
        }
        let enricher = asnDatabases.isEmpty ? nil : try Enricher.open(paths: asnDatabases)
        return Analysis(since: try since.map(TimeArgument.parse), until: try until.map(TimeArgument.parse),
                        publicSuffixes: psl, reenrich: enricher)
    }
}

/// Times on the command line: Unix seconds, or a duration before now (`90d`, `12h`, `30m`, `45s`).
enum TimeArgument {
    static func parse(_ text: String) throws -> Double {
        if let seconds = Double(text) { return seconds }
        guard let d = duration(text) else {
            throw ValidationError("'\(text)' is neither Unix seconds nor a duration such as 7d, 12h, 30m")
        }
        return Date().timeIntervalSince1970 - d
    }

    /// A duration in seconds from `90d`, `12h`, `30m`, `45s` or `2w`; `nil` if malformed.
    static func duration(_ text: String) -> Double? {
        guard let unit = text.last, let n = Double(text.dropLast()), n >= 0 else { return nil }
        switch unit {
        case "s": return n
        case "m": return n * 60
        case "h": return n * 3600
        case "d": return n * 86_400
        case "w": return n * 7 * 86_400
        default: return nil
        }
    }
}

/// Writes a line to standard error.
func warn(_ message: String) {
    FileHandle.standardError.write(Data("fluxscope: \(message)\n".utf8))
}
