import DNSWire
import FluxModel
import Foundation
import GRDB
import GRDBSQLite

extension SQLiteStore {
    public func sightingPage(after cursor: SightingCursor?, limit: Int) async throws -> SightingPage {
        let limit = max(1, limit)
        return try await pool.read { db in
            // A cursor, not fetchAll: rows are decoded straight from the statement (GRDB
            // reuses the row), and a name read for one row serves the rows after it.
            let statement: Statement
            let rows: RowCursor
            if let cursor {
                statement = try db.cachedStatement(sql: """
                    SELECT \(SQLiteStore.sightingColumns) FROM sightings
                    WHERE (name_lc, type, rdata_key) > (?, ?, ?)
                    ORDER BY name_lc, type, rdata_key LIMIT ?
                    """)
                rows = try Row.fetchCursor(statement, arguments: [cursor.nameKey, cursor.type, Data(cursor.dataKey), limit])
            } else {
                statement = try db.cachedStatement(sql: """
                    SELECT \(SQLiteStore.sightingColumns) FROM sightings
                    ORDER BY name_lc, type, rdata_key LIMIT ?
                    """)
                rows = try Row.fetchCursor(statement, arguments: [limit])
            }
            var sightings: [Sighting] = []
            sightings.reserveCapacity(limit)
            var decoder = SightingDecoder()
            var last: SightingCursor?
            while let row = try rows.next() {
                sightings.append(try decoder.decode(statement))
                if sightings.count == limit { last = SightingCursor(nameKey: row[9], type: row[1], dataKey: [UInt8](row[10] as Data)) }
            }
            return SightingPage(sightings: sightings, next: last)
        }
    }

    public func sightings(named name: DNSName) async throws -> [Sighting] {
        let key = name.lowercased.description
        return try await pool.read { db in
            try SightingDecoder.all(db.cachedStatement(sql: """
                SELECT \(SQLiteStore.sightingColumns) FROM sightings WHERE name_lc = ? ORDER BY type, rdata_key
                """), arguments: [key])
        }
    }

    public func sightings(named names: [DNSName]) async throws -> [Sighting] {
        let parts = SQLiteStore.keyBatches(names)
        return try await pool.read { db in  // one read (one snapshot, one hop to a reader) for every part
            var sightings: [Sighting] = []
            var decoder = SightingDecoder()
            try SQLiteStore.forEachRow(db, keys: parts, sql: { marks in """
                SELECT \(SQLiteStore.sightingColumns) FROM sightings WHERE name_lc IN (\(marks))
                ORDER BY name_lc, type, rdata_key
                """ }) { sightings.append(try decoder.decode($0)) }
            return sightings
        }
    }

    /// Runs the query `sql(marks)`, whose `IN (marks)` list takes a batch of keys (`inBatches`),
    /// once per batch, the keys bound through `RowBinder` (GRDB's `StatementArguments` made a
    /// boxed value per key: millions of them in a large analysis), and calls `row` on every
    /// row, the statement on it.
    static func forEachRow(_ db: Database, keys batches: [[String]], sql: (_ marks: String) -> String,
                           _ row: (Statement) throws -> Void) throws {
        for part in batches {
            let marks = Array(repeating: "?", count: part.count).joined(separator: ",")
            var binder = RowBinder(try db.cachedStatement(sql: sql(marks)))
            for key in part { binder.text(key) }
            try binder.forEachRow(row)
        }
    }

    /// The distinct lower-cased keys of `names`, ascending, in statements' worth of at most
    /// 500 (`inBatches`). Ascending keys keep the batches' rows in `name_lc` order one after
    /// another.
    static func keyBatches(_ names: [DNSName]) -> [[String]] {
        inBatches(SightingRow.sortedKeys(of: names))
    }

    /// Distinct `keys` in batches for `IN (?, ...)` lists of at most 500 (one statement per
    /// batch stays small; SQLite's parameter limit is far above), each batch padded with
    /// repeats of its last key to 500 or a power of two: a repeated key changes no result,
    /// and each connection's statement cache holds at most ten `IN` statements of a query
    /// instead of one per list length (up to 500 prepared statements each, which grew with
    /// the number of runs an analysis read).
    static func inBatches(_ keys: [String]) -> [[String]] {
        stride(from: 0, to: keys.count, by: 500).map { start in
            var part = Array(keys[start..<min(keys.count, start + 500)])
            var size = 1
            while size < part.count { size *= 2 }
            if let last = part.last { part += repeatElement(last, count: min(size, 500) - part.count) }
            return part
        }
    }

    public func sightings(withData data: RData, type: RecordType) async throws -> [Sighting] {
        let key = try SightingRow.key(for: data, type: type)
        return try await pool.read { db in
            try SightingDecoder.all(db.cachedStatement(sql: """
                SELECT \(SQLiteStore.sightingColumns) FROM sightings WHERE type = ? AND rdata_key = ? ORDER BY name_lc
                """), arguments: [Int(type.rawValue), key])
        }
    }

    public func distinctNames(after name: DNSName?, limit: Int) async throws -> [DNSName] {
        let after = name?.lowercased.description ?? ""
        return try await pool.read { db in
            try String.fetchAll(db, sql: """
                SELECT DISTINCT name_lc FROM sightings WHERE name_lc > ? ORDER BY name_lc LIMIT ?
                """, arguments: [after, max(1, limit)]).map { text in try SQLiteStore.name(text) }
        }
    }

    /// Columns read for a sighting; 9 and 10 (name_lc, rdata_key) make the scan cursor.
    static let sightingColumns = """
        name, type, rdata, first_seen, last_seen, count, min_ttl, max_ttl, sources, name_lc, rdata_key
        """

    /// Parses a stored presentation-form name.
    static func name(_ text: String) throws -> DNSName {
        do {
            return try DNSName(text)
        } catch {
            throw StoreError(.corruptRow, "stored name '\(text)' does not parse: \(error)")
        }
    }
}

/// Decodes rows of `SQLiteStore.sightingColumns` from the statement they are read from,
/// columns in place: a scan decodes millions. The owner name and the source list are parsed
/// once per run of rows that repeat them.
struct SightingDecoder {
    private var names = ColumnCache<DNSName>()
    private var sources = ColumnCache<Set<SourceID>?>()

    /// Every row of a statement run with `arguments`.
    static func all(_ statement: Statement, arguments: StatementArguments) throws -> [Sighting] {
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        var decoder = SightingDecoder()
        var sightings: [Sighting] = []
        while try rows.next() != nil { sightings.append(try decoder.decode(statement)) }
        return sightings
    }

    /// The sighting of the row `statement` is on.
    mutating func decode(_ statement: Statement) throws -> Sighting {
        let s = statement.sqliteStatement
        let name = try names.value(SQLiteColumn.bytes(s, 0)) { try SQLiteStore.name(String(decoding: $0, as: UTF8.self)) }
        let typeNumber = sqlite3_column_int64(s, 1)
        guard let raw = UInt16(exactly: typeNumber) else {
            throw StoreError(.corruptRow, "sighting of \(name) has type \(typeNumber)")
        }
        let type = RecordType(raw)
        let data: RData
        do {
            data = try RData(wire: SQLiteColumn.bytes(s, 2), type: type)
        } catch {
            throw StoreError(.corruptRow, "sighting of \(name) \(type): RDATA does not parse: \(error)")
        }
        let sourcesBytes = SQLiteColumn.bytes(s, 8)
        guard let sources = sources.value(sourcesBytes, SourceList.decode) else {
            throw StoreError(.corruptRow, "sighting of \(name) \(type): sources '\(String(decoding: sourcesBytes, as: UTF8.self))'")
        }
        return Sighting(key: SightingKey(name: name, type: type, data: data),
                        firstSeen: sqlite3_column_double(s, 3), lastSeen: sqlite3_column_double(s, 4),
                        count: Int(sqlite3_column_int64(s, 5)),
                        minTTL: SQLiteColumn.uint32(s, 6), maxTTL: SQLiteColumn.uint32(s, 7), sources: sources)
    }
}
