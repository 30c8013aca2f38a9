import DNSWire
import FluxModel
import GRDB

extension SQLiteStore {
    public func answerSets(named name: DNSName) async throws -> [AnswerSetTally] {
        let key = name.lowercased.description
        return try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT \(SQLiteStore.answerSetColumns) FROM answer_sets WHERE name_lc = ? ORDER BY type, addresses
                """, arguments: [key]).map(SQLiteStore.answerSet)
        }
    }

    public func answerSetPage(after cursor: AnswerSetCursor?, limit: Int) async throws -> AnswerSetPage {
        let limit = max(1, limit)
        return try await pool.read { db in
            // A cursor, and one parse per owner name, as in `sightingPage`.
            let rows: RowCursor
            if let cursor {
                rows = try Row.fetchCursor(db, sql: """
                    SELECT \(SQLiteStore.answerSetColumns) FROM answer_sets
                    WHERE (name_lc, type, addresses) > (?, ?, ?)
                    ORDER BY name_lc, type, addresses LIMIT ?
                    """, arguments: [cursor.nameKey, cursor.type, cursor.addresses, limit])
            } else {
                rows = try Row.fetchCursor(db, sql: """
                    SELECT \(SQLiteStore.answerSetColumns) FROM answer_sets
                    ORDER BY name_lc, type, addresses LIMIT ?
                    """, arguments: [limit])
            }
            var sets: [AnswerSetTally] = []
            sets.reserveCapacity(limit)
            var names = NameCache()
            var next: AnswerSetCursor?
            while let row = try rows.next() {
                sets.append(try SQLiteStore.answerSet(row, names: &names))
                if sets.count == limit { next = AnswerSetCursor(nameKey: row[6], type: row[1], addresses: row[2]) }
            }
            return AnswerSetPage(answerSets: sets, next: next)
        }
    }

    /// Columns read for an answer set; 6 (name_lc) with 1 and 2 makes the scan cursor.
    static let answerSetColumns = "name, type, addresses, first_seen, last_seen, count, name_lc"

    static func answerSet(_ row: Row) throws -> AnswerSetTally {
        var names = NameCache()
        return try answerSet(row, names: &names)
    }

    static func answerSet(_ row: Row, names: inout NameCache) throws -> AnswerSetTally {
        let name = try names.name(row[0])
        let typeNumber: Int = row[1]
        let text: String = row[2]
        guard let raw = UInt16(exactly: typeNumber), let addresses = AnswerSetRow.decode(text) else {
            throw StoreError(.corruptRow, "answer set of \(name): type \(typeNumber), addresses '\(text)'")
        }
        return AnswerSetTally(key: AnswerSetKey(name: name, type: RecordType(raw), addresses: addresses),
                              firstSeen: row[3], lastSeen: row[4], count: row[5])
    }
}
