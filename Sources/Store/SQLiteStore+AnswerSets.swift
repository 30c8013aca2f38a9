import DNSWire
import FluxModel
import GRDB
import GRDBSQLite

extension SQLiteStore {
    public func answerSets(named name: DNSName) async throws -> [AnswerSetTally] {
        let key = name.lowercased.description
        return try await pool.read { db in
            let statement = try db.cachedStatement(sql: """
                SELECT \(SQLiteStore.answerSetColumns) FROM answer_sets WHERE name_lc = ? ORDER BY type, addresses
                """)
            let rows = try Row.fetchCursor(statement, arguments: [key])
            var decoder = AnswerSetDecoder()
            var sets: [AnswerSetTally] = []
            while try rows.next() != nil { sets.append(try decoder.decode(statement)) }
            return sets
        }
    }

    public func answerSets(named names: [DNSName]) async throws -> [AnswerSetTally] {
        let parts = SQLiteStore.keyBatches(names)
        return try await pool.read { db in  // one read for every part, as `sightings(named:)`
            var sets: [AnswerSetTally] = []
            var decoder = AnswerSetDecoder()
            try SQLiteStore.forEachRow(db, keys: parts, sql: { marks in """
                SELECT \(SQLiteStore.answerSetColumns) FROM answer_sets WHERE name_lc IN (\(marks))
                ORDER BY name_lc, type, addresses
                """ }) { sets.append(try decoder.decode($0)) }
            return sets
        }
    }

    public func answerSetPage(after cursor: AnswerSetCursor?, limit: Int) async throws -> AnswerSetPage {
        let limit = max(1, limit)
        return try await pool.read { db in
            // A cursor, and one parse per owner name, as in `sightingPage`.
            let statement: Statement
            let rows: RowCursor
            if let cursor {
                statement = try db.cachedStatement(sql: """
                    SELECT \(SQLiteStore.answerSetColumns) FROM answer_sets
                    WHERE (name_lc, type, addresses) > (?, ?, ?)
                    ORDER BY name_lc, type, addresses LIMIT ?
                    """)
                rows = try Row.fetchCursor(statement, arguments: [cursor.nameKey, cursor.type, cursor.addresses, limit])
            } else {
                statement = try db.cachedStatement(sql: """
                    SELECT \(SQLiteStore.answerSetColumns) FROM answer_sets
                    ORDER BY name_lc, type, addresses LIMIT ?
                    """)
                rows = try Row.fetchCursor(statement, arguments: [limit])
            }
            var sets: [AnswerSetTally] = []
            sets.reserveCapacity(limit)
            var decoder = AnswerSetDecoder()
            var next: AnswerSetCursor?
            while let row = try rows.next() {
                sets.append(try decoder.decode(statement))
                if sets.count == limit { next = AnswerSetCursor(nameKey: row[6], type: row[1], addresses: row[2]) }
            }
            return AnswerSetPage(answerSets: sets, next: next)
        }
    }

    /// Columns read for an answer set; 6 (name_lc) with 1 and 2 makes the scan cursor.
    static let answerSetColumns = "name, type, addresses, first_seen, last_seen, count, name_lc"
}

/// Decodes rows of `SQLiteStore.answerSetColumns` from the statement they are read from,
/// columns in place; the owner name is parsed once per run of its rows.
struct AnswerSetDecoder {
    private var names = ColumnCache<DNSName>()

    /// The tally of the row `statement` is on.
    mutating func decode(_ statement: Statement) throws -> AnswerSetTally {
        let s = statement.sqliteStatement
        let name = try names.value(SQLiteColumn.bytes(s, 0)) { try SQLiteStore.name(String(decoding: $0, as: UTF8.self)) }
        let typeNumber = sqlite3_column_int64(s, 1)
        let text = SQLiteColumn.bytes(s, 2)
        guard let raw = UInt16(exactly: typeNumber), let addresses = AnswerSetRow.decode(text) else {
            throw StoreError(.corruptRow, "answer set of \(name): type \(typeNumber), addresses '\(String(decoding: text, as: UTF8.self))'")
        }
        return AnswerSetTally(key: AnswerSetKey(name: name, type: RecordType(raw), addresses: addresses),
                              firstSeen: sqlite3_column_double(s, 3), lastSeen: sqlite3_column_double(s, 4),
                              count: Int(sqlite3_column_int64(s, 5)))
    }
}
