import GRDB
import GRDBSQLite

/// Binds one row to a prepared statement through SQLite's C API, steps it and resets it:
/// the hot upserts of `SQLiteStore.write` skip GRDB's per-argument boxing
/// (`StatementArguments` of existentials, then a copy per text), which perf showed among the
/// largest costs of writing a probe's batch (retain/release and allocation per value).
///
/// Used only on statements the caller prepared for itself (`Database.makeStatement`), inside
/// the write transaction, or on cached statements that only `RowBinder` runs (the `IN` lists
/// of `SQLiteStore.forEachRow`), so no other code sees the raw bindings; each `step` and
/// `forEachRow` resets the statement before it returns. The analysis reads bind their keys
/// the same way (`forEachRow`). Text and blobs are bound `SQLITE_TRANSIENT` (SQLite copies them).
struct RowBinder {
    /// Held so that GRDB does not finalize the statement while its handle is in use.
    private let statement: Statement
    private let handle: OpaquePointer
    private let sql: String
    private var index: Int32 = 0
    /// The first bind that failed (`SQLITE_RANGE`, `SQLITE_TOOBIG`, ...), reported by `step`.
    private var bindFailure: Int32 = SQLITE_OK

    /// Binds to `statement`, starting at its first parameter.
    init(_ statement: Statement) {
        self.statement = statement
        handle = statement.sqliteStatement
        sql = statement.sql
    }

    mutating func text(_ value: String) {
        index += 1
        var value = value
        value.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                if let base = chars.baseAddress {
                    check(sqlite3_bind_text(handle, index, base, Int32(chars.count), RowBinder.transient))
                } else {
                    check(sqlite3_bind_text(handle, index, "", 0, RowBinder.transient))  // '' (a nil pointer would bind NULL)
                }
            }
        }
    }

    mutating func text(_ value: String?) {
        guard let value else { return null() }
        text(value)
    }

    mutating func int(_ value: Int) {
        index += 1
        check(sqlite3_bind_int64(handle, index, Int64(value)))
    }

    mutating func int(_ value: Int?) {
        guard let value else { return null() }
        int(value)
    }

    mutating func double(_ value: Double) {
        index += 1
        check(sqlite3_bind_double(handle, index, value))
    }

    mutating func double(_ value: Double?) {
        guard let value else { return null() }
        double(value)
    }

    mutating func blob(_ bytes: some Collection<UInt8>) {
        index += 1
        guard !bytes.isEmpty else {
            check(sqlite3_bind_zeroblob(handle, index, 0))  // an empty blob (a nil pointer would bind NULL)
            return
        }
        let bound: Void? = bytes.withContiguousStorageIfAvailable { b in
            check(sqlite3_bind_blob(handle, index, b.baseAddress, Int32(b.count), RowBinder.transient))
        }
        if bound == nil {
            Array(bytes).withUnsafeBufferPointer { b in
                check(sqlite3_bind_blob(handle, index, b.baseAddress, Int32(b.count), RowBinder.transient))
            }
        }
    }

    mutating func null() {
        index += 1
        check(sqlite3_bind_null(handle, index))
    }

    private mutating func check(_ code: Int32) {
        if code != SQLITE_OK && bindFailure == SQLITE_OK { bindFailure = code }
    }

    /// Steps the statement to its end and resets it for the next row.
    /// - Returns: The first column of the first row it returned (`RETURNING`), if any.
    /// - Throws: `DatabaseError` with SQLite's code and message when a step fails (the
    ///   caller's transaction then rolls back).
    @discardableResult
    mutating func step() throws -> Int64? {
        var first: Int64?
        try forEachRow { statement in
            if first == nil { first = sqlite3_column_int64(statement.sqliteStatement, 0) }
        }
        return first
    }

    /// Steps the statement to its end, calling `row` with it on every row it returns (a
    /// query: `row` reads the columns, e.g. through `SQLiteColumn`), and resets it.
    /// - Throws: what `row` throws, or `DatabaseError` as `step`.
    mutating func forEachRow(_ row: (Statement) throws -> Void) throws {
        defer {
            sqlite3_reset(handle)
            index = 0
            bindFailure = SQLITE_OK
        }
        guard bindFailure == SQLITE_OK else {
            throw DatabaseError(resultCode: ResultCode(rawValue: bindFailure), message: "binding parameter failed", sql: sql)
        }
        while true {
            let code = sqlite3_step(handle)
            switch code {
            case SQLITE_ROW:
                try row(statement)
            case SQLITE_DONE:
                return
            default:
                let message = sqlite3_errmsg(sqlite3_db_handle(handle)).map { String(cString: $0) }
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
            }
        }
    }

    /// Binds a row (`bind`) to `insert` (an `INSERT ... ON CONFLICT DO NOTHING`) and steps it;
    /// when that changed no row (its key is stored), binds it to `merge` (an `UPDATE` of the
    /// stored row taking the same parameters) and steps that.
    /// - Returns: True when the row was inserted, false when it merged into a stored one.
    static func insertOrMerge(insert: inout RowBinder, merge: inout RowBinder, bind: (inout RowBinder) -> Void) throws -> Bool {
        bind(&insert)
        try insert.step()
        if insert.changes == 1 { return true }
        bind(&merge)
        try merge.step()
        return false
    }

    /// Rows the last completed step inserted, updated or deleted (`sqlite3_changes`): 0 after
    /// an `INSERT ... ON CONFLICT DO NOTHING` that met a stored key, 1 after one that inserted.
    var changes: Int32 { sqlite3_changes(sqlite3_db_handle(handle)) }

    /// `SQLITE_TRANSIENT`: SQLite copies the bytes before the bind returns.
    private static var transient: sqlite3_destructor_type {
        unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
    }
}
