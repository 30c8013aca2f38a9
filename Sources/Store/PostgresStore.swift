import Foundation
import Logging
import NIOSSL
import PostgresNIO
import Synchronization

/// The shared store: PostgreSQL through postgres-nio's connection pool, for sensors, probe
/// workers and analysts on several machines writing to and reading from one database.
///
/// The schema mirrors `SQLiteStore`'s (same tables and migration names) with PostgreSQL
/// types: `inet` and `cidr` for addresses and prefixes, `timestamptz` for observation
/// times, `bytea` for wire RDATA. Sightings are kept per UTC week of their last sighting in
/// weekly partitions, so that pruning drops whole partitions (docs/store.md, "PostgreSQL").
/// Batches are copied (`COPY ... FROM STDIN`) into temporary staging tables and merged with
/// one `INSERT ... SELECT ... ON CONFLICT DO UPDATE` per table, in key order, inside the
/// batch's transaction.
public final class PostgresStore: ObservationStore {
    /// The URL the store was opened with, without its password.
    public let url: String
    let client: PostgresClient
    let logger: Logger
    private let runner: Task<Void, Never>
    /// Weekly sighting partitions known to exist (first day, days since the epoch).
    let partitions = Mutex<Set<Int>>([])

    /// Connects to the database `url` names (`postgres://USER[:PASSWORD]@HOST[:PORT]/DB`,
    /// `?sslmode=disable|prefer|require`; the password may also come from `PGPASSWORD`).
    /// Call `migrate()` before use.
    /// `logger` defaults to errors only: postgres-nio warns when a query waits for the pool's
    /// run task to start, which is harmless and would otherwise be printed by every command.
    public init(url text: String, logger: Logger = PostgresStore.defaultLogger) throws(StoreError) {
        let config = try PostgresStore.configuration(text)
        url = config.redacted
        self.logger = logger
        let client = PostgresClient(configuration: config.client, backgroundLogger: logger)
        self.client = client
        runner = Task { await client.run() }
    }

    public func close() async throws {
        runner.cancel()
        await runner.value
    }

    deinit { runner.cancel() }

    /// A logger for errors only.
    public static var defaultLogger: Logger {
        var logger = Logger(label: "FluxScope.Store.Postgres")
        logger.logLevel = .error
        return logger
    }

    /// What a URL says, as postgres-nio's configuration.
    struct Parsed {
        var client: PostgresClient.Configuration
        var redacted: String
    }

    static func configuration(_ text: String) throws(StoreError) -> Parsed {
        guard let parts = URLComponents(string: text), parts.scheme == "postgres" || parts.scheme == "postgresql",
              let host = parts.host, !host.isEmpty else {
            throw StoreError(.badURL, "'\(text)' is not a PostgreSQL URL: use postgres://USER@HOST:PORT/DB")
        }
        let database = parts.path.hasPrefix("/") ? String(parts.path.dropFirst()) : parts.path
        guard !database.isEmpty, !database.contains("/") else {
            throw StoreError(.badURL, "'\(text)' names no database: use postgres://USER@HOST:PORT/DB")
        }
        let user = parts.user ?? ProcessInfo.processInfo.environment["PGUSER"] ?? "postgres"
        let password = parts.password ?? ProcessInfo.processInfo.environment["PGPASSWORD"]
        var tls = PostgresClient.Configuration.TLS.disable
        for item in parts.queryItems ?? [] {
            switch (item.name, item.value ?? "") {
            case ("sslmode", "disable"): tls = .disable
            case ("sslmode", "prefer"): tls = .prefer(.makeClientConfiguration())
            case ("sslmode", "require"): tls = .require(.makeClientConfiguration())
            default:
                throw StoreError(.badURL, "'\(item.name)=\(item.value ?? "")' in '\(text)' is not understood: only sslmode=disable|prefer|require")
            }
        }
        var config = PostgresClient.Configuration(host: host, port: parts.port ?? 5432, username: user,
                                                  password: password, database: database, tls: tls)
        config.options.maximumConnections = 8
        config.options.connectTimeout = .seconds(30)
        let port = parts.port.map { ":\($0)" } ?? ""
        return Parsed(client: config, redacted: "postgres://\(user)@\(host)\(port)/\(database)")
    }

    /// The current time as a `Timestamp`.
    static var now: Double { Date().timeIntervalSince1970 }
}
