import Foundation
import GRDB
import GRDBSQLite

/// Columns read straight from a stepped statement, for the scans that decode millions of
/// rows (`sightingPage`, `answerSetPage`): the octets of a TEXT or BLOB value in place, with
/// no `String`, `Data` or `DatabaseValue` made in between.
enum SQLiteColumn {
    /// The octets of column `index` of the row `statement` is on (empty for NULL or an
    /// empty value). Valid only until the statement steps again.
    static func bytes(_ statement: SQLiteStatement, _ index: Int32) -> UnsafeRawBufferPointer {
        // sqlite3_column_blob first, then sqlite3_column_bytes (the order SQLite documents);
        // for TEXT it gives the stored UTF-8 without conversion.
        guard let base = sqlite3_column_blob(statement, index) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: base, count: Int(sqlite3_column_bytes(statement, index)))
    }

    /// An INTEGER column as a TTL: `nil` for NULL or a value outside `UInt32`.
    static func uint32(_ statement: SQLiteStatement, _ index: Int32) -> UInt32? {
        sqlite3_column_type(statement, index) == SQLITE_NULL ? nil : UInt32(exactly: sqlite3_column_int64(statement, index))
    }
}

/// The last stored value parsed of one column, so that consecutive rows holding the same
/// octets (a name's rows, the same source list) parse it once.
struct ColumnCache<Value> {
    private var stored: [UInt8] = []
    private var parsed: Value?

    /// The value of `bytes`, parsed by `parse` unless the previous call had the same octets.
    mutating func value(_ bytes: UnsafeRawBufferPointer, _ parse: (UnsafeRawBufferPointer) throws -> Value) rethrows -> Value {
        if let parsed, stored.count == bytes.count,
           bytes.isEmpty || stored.withUnsafeBytes({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }) {
            return parsed
        }
        let value = try parse(bytes)
        stored.removeAll(keepingCapacity: true)
        stored.append(contentsOf: bytes)
        parsed = value
        return value
    }
}
