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

/// Values parsed from column octets, each distinct value of a column once per interner:
/// for columns whose few values repeat across rows in any order (AS names, countries,
/// flag lists). A slot per hash of the octets; a slot taken by other octets (a collision)
/// is replaced, so the table never holds more than `capacity` values.
struct ColumnInterner<Value> {
    private var slots: [Int: (octets: [UInt8], value: Value)] = [:]
    private let capacity: Int

    init(capacity: Int = 65_536) { self.capacity = capacity }

    /// The value of `bytes`, parsed by `parse` unless an earlier call had the same octets.
    mutating func value(_ bytes: UnsafeRawBufferPointer, _ parse: (UnsafeRawBufferPointer) throws -> Value) rethrows -> Value {
        var hasher = Hasher()
        hasher.combine(bytes: bytes)
        let key = hasher.finalize()
        if let slot = slots[key], slot.octets.count == bytes.count,
           bytes.isEmpty || slot.octets.withUnsafeBytes({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }) {
            return slot.value
        }
        let value = try parse(bytes)
        if slots.count >= capacity { slots.removeAll(keepingCapacity: true) }
        slots[key] = (Array(bytes), value)
        return value
    }
}
