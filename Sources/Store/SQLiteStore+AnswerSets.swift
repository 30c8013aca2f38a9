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
            let rows: [Row]
            if let cursor {
                rows = try Row.fetchAll(db, sql: """
                    SELECT \(SQLiteStore.answerSetColumns) FROM answer_sets
                    WHERE (name_lc, type, addresses) > (?, ?, ?)
                    ORDER BY name_lc, type, addresses LIMIT ?
                    """, arguments: [cursor.nameKey, cursor.type, cursor.addresses, limit])
            } else {
                rows = try Row.fetchAll(db, sql: """
                    SELECT \(SQLiteStore.answerSetColumns) FROM answer_sets
                    ORDER BY name_lc, type, addresses LIMIT ?
                    """, arguments: [limit])
            }
            let sets = try rows.map(SQLiteStore.answerSet)
            var next: AnswerSetCursor?
            if rows.count == limit, let last = rows.last {
                next = AnswerSetCursor(nameKey: last[6], type: last[1], addresses: last[2])
            }
            return AnswerSetPage(answerSets: sets, next: next)
        }
    }

    /// Columns read for an answer set; 6 (name_lc) with 1 and 2 makes the scan cursor.
    static let answerSetColumns = "name, type, addresses, first_seen, last_seen, count, name_lc"

    static func answerSet(_ row: Row) throws -> AnswerSetTally {
        let name = try SQLiteStore.name(row[0])
        let typeNumber: Int = row[1]
        let text: String = row[2]
        guard let raw = UInt16(exactly: typeNumber), let addresses = AnswerSetRow.decode(text) else {
            throw StoreError(.corruptRow, "answer set of \(name): type \(typeNumber), addresses '\(text)'")
        }
        return AnswerSetTally(key: AnswerSetKey(name: name, type: RecordType(raw), addresses: addresses),
                              firstSeen: row[3], lastSeen: row[4], count: row[5])
    }
}
