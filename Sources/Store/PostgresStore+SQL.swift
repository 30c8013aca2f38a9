import Logging
import PostgresNIO

extension PostgresStore {
    /// Runs `query` on a pooled connection and returns its rows.
    @discardableResult
    func rows(_ query: PostgresQuery) async throws -> [PostgresRandomAccessRow] {
        try await PostgresStore.mapErrors {
            try await client.withConnection { connection in
                try await PostgresStore.rows(query, on: connection, logger: logger)
            }
        }
    }

    /// Runs `query` on `connection` and returns its rows.
    @discardableResult
    static func rows(_ query: PostgresQuery, on connection: PostgresConnection, logger: Logger) async throws
        -> [PostgresRandomAccessRow] {
        try await connection.query(query, logger: logger).collect().map { $0.makeRandomAccess() }
    }

    /// Runs `body` in one transaction on one pooled connection: committed when it returns,
    /// rolled back when it throws (its error is rethrown as is).
    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await PostgresStore.mapErrors { try await rawTransaction(body) }
    }

    /// `transaction` without turning postgres-nio's errors into `StoreError`s (to branch on
    /// the SQLSTATE).
    func rawTransaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await connection.query("BEGIN", logger: logger)
            do {
                let value = try await body(connection)
                try await connection.query("COMMIT", logger: logger)
                return value
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    /// Turns postgres-nio's errors into `StoreError`s that say what the server said (its
    /// plain description hides the server's message).
    static func mapErrors<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StoreError {
            throw error
        } catch let error as PSQLError {
            throw StoreError(.database, PostgresStore.describe(error))
        } catch let error as PostgresDecodingError {
            throw StoreError(.corruptRow, String(reflecting: error))
        }
    }

    /// The server's SQLSTATE and message, or the client-side failure.
    static func describe(_ error: PSQLError) -> String {
        if let info = error.serverInfo, let message = info[.message] {
            return "PostgreSQL: \(message) (SQLSTATE \(info[.sqlState] ?? "?"))"
        }
        return "PostgreSQL: \(error.code)\(error.underlying.map { ": \($0)" } ?? "")"
    }

    /// The SQLSTATE of a server error, if `error` is one.
    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }
}

extension PostgresRandomAccessRow {
    /// The value of column `index`, decoded as `T` (`Optional` for nullable columns).
    func at<T: PostgresDecodable>(_ index: Int, as type: T.Type = T.self) throws -> T {
        try self[index].decode(T.self)
    }
}
