import Foundation
import GRDB
import GRDBSQLite

/// A prepared GRDB statement driven straight through SQLite's C API, for the upserts that
/// run once per row of a batch (sightings, answer sets): GRDB's `StatementArguments` box
/// every value in an existential and check the arguments per execution, which costs more
/// than SQLite's own work for these small rows.
///
/// Use inside the transaction that owns `db` (the statement is GRDB's cached one); bind
/// every parameter (1-based), then `step`. Text and blobs are copied by SQLite
/// (`SQLITE_TRANSIENT`); an empty blob is bound as a zero-length blob, not NULL.
struct RawStatement {
    private let handle: OpaquePointer
    private let connection: OpaquePointer?

    /// Wraps `statement` of `db`, reset and with its bindings cleared.
    init(_ statement: Statement, in db: Database) {
        handle = statement.sqliteStatement
        connection = db.sqliteConnection
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// SQLite copies the value before the bind call returns.
    private static var transient: sqlite3_destructor_type { unsafeBitCast(-1, to: sqlite3_destructor_type.self) }

    func bind(_ index: Int32, _ value: String) {
        var value = value
        value.withUTF8 { text in
            if text.isEmpty {
                _ = sqlite3_bind_text(handle, index, "", 0, nil)
            } else {
                _ = sqlite3_bind_text(handle, index, UnsafeRawPointer(text.baseAddress!).assumingMemoryBound(to: CChar.self),
                                  Int32(text.count), RawStatement.transient)
            }
        }
    }

    func bind(_ index: Int32, _ value: Data) {
        value.withUnsafeBytes { bytes in
            if bytes.isEmpty {
                _ = sqlite3_bind_zeroblob(handle, index, 0)
            } else {
                _ = sqlite3_bind_blob(handle, index, bytes.baseAddress, Int32(bytes.count), RawStatement.transient)
            }
        }
    }

    func bind(_ index: Int32, _ value: Int) { sqlite3_bind_int64(handle, index, Int64(value)) }

    func bind(_ index: Int32, _ value: Int?) {
        if let value { bind(index, value) } else { _ = sqlite3_bind_null(handle, index) }
    }

    func bind(_ index: Int32, _ value: Double) { sqlite3_bind_double(handle, index, value) }

    /// Runs the statement to completion and resets it.
    /// - Returns: The first column of the first row (`RETURNING`), `nil` when no row.
    /// - Throws: `DatabaseError` with SQLite's code and message.
    @discardableResult
    func step() throws -> Int64? {
        defer { sqlite3_reset(handle) }
        var first: Int64?
        while true {
            let rc = sqlite3_step(handle)
            if rc == SQLITE_ROW {
                if first == nil { first = sqlite3_column_int64(handle, 0) }
            } else if rc == SQLITE_DONE {
                return first
            } else {
                let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
                throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: message)
            }
        }
    }
}
