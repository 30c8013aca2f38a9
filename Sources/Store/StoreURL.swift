/// Where a store lives, as given to `--db`: `sqlite:PATH` (the embedded default) or
/// `postgres://USER@HOST:PORT/DB` (the shared backend).
public enum StoreURL: Hashable, Sendable, CustomStringConvertible {
    /// An SQLite database file.
    case sqlite(path: String)
    /// A PostgreSQL connection URL.
    case postgres(String)

    /// The default: `sqlite:./fluxscope.sqlite`.
    public static let `default` = StoreURL.sqlite(path: "./fluxscope.sqlite")

    /// Parses `sqlite:PATH` (`sqlite:///abs/path` also works) or `postgres://...` /
    /// `postgresql://...`.
    public init(parsing text: String) throws(StoreError) {
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            self = .postgres(text)
            return
        }
        guard text.hasPrefix("sqlite:") else {
            throw StoreError(.badURL, "'\(text)' is not a store URL: use sqlite:PATH (e.g. sqlite:./fluxscope.sqlite) or postgres://USER@HOST:PORT/DB")
        }
        var path = Substring(text.dropFirst("sqlite:".count))
        if path.hasPrefix("//") { path = path.dropFirst(2) }
        guard !path.isEmpty else {
            throw StoreError(.badURL, "'\(text)' names no file: use sqlite:PATH")
        }
        self = .sqlite(path: String(path))
    }

    /// The URL as `--db` takes it.
    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let url): return url
        }
    }

    /// Opens the store and, unless told otherwise, brings its schema up to date.
    /// - Parameter sqliteCacheKiB: SQLite's page cache per connection (ignored for PostgreSQL).
    /// - Parameter sqliteWALCheckpointPages: SQLite's `wal_autocheckpoint` (ignored for PostgreSQL).
    /// - Parameter sqlitePageSize: SQLite's page size for a new file (ignored for PostgreSQL
    ///   and for an existing file).
    public func open(migrate: Bool = true, sqliteCacheKiB: Int = SQLiteStore.defaultCacheKiB,
                     sqliteWALCheckpointPages: Int = SQLiteStore.defaultWALCheckpointPages,
                     sqlitePageSize: Int = SQLiteStore.defaultPageSize) async throws -> any ObservationStore {
        switch self {
        case .sqlite(let path):
            let store = try SQLiteStore(path: path, cacheKiB: sqliteCacheKiB, walCheckpointPages: sqliteWALCheckpointPages,
                                        pageSize: sqlitePageSize)
            if migrate { try await store.migrate() }
            return store
        case .postgres(let url):
            let store = try PostgresStore(url: url)
            do {
                if migrate { try await store.migrate() }
            } catch {
                try? await store.close()
                throw error
            }
            return store
        }
    }
}
