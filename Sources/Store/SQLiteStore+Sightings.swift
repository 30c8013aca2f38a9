import DNSWire
import FluxModel
import Foundation
import GRDB

extension SQLiteStore {
    public func sightingPage(after cursor: SightingCursor?, limit: Int) async throws -> SightingPage {
        let limit = max(1, limit)
        return try await pool.read { db in
            // A cursor, not fetchAll: rows are decoded straight from the statement (GRDB
            // reuses the row), and a name read for one row serves the rows after it.
            let rows: RowCursor
            if let cursor {
                rows = try Row.fetchCursor(db, sql: """
                    SELECT \(SQLiteStore.sightingColumns) FROM sightings
                    WHERE (name_lc, type, rdata_key) > (?, ?, ?)
                    ORDER BY name_lc, type, rdata_key LIMIT ?
                    """, arguments: [cursor.nameKey, cursor.type, Data(cursor.dataKey), limit])
            } else {
                rows = try Row.fetchCursor(db, sql: """
                    SELECT \(SQLiteStore.sightingColumns) FROM sightings
                    ORDER BY name_lc, type, rdata_key LIMIT ?
                    """, arguments: [limit])
            }
            var sightings: [Sighting] = []
            sightings.reserveCapacity(limit)
            var names = NameCache()
            var last: SightingCursor?
            while let row = try rows.next() {
                sightings.append(try SQLiteStore.sighting(row, names: &names))
                if sightings.count == limit { last = SightingCursor(nameKey: row[9], type: row[1], dataKey: [UInt8](row[10] as Data)) }
            }
            return SightingPage(sightings: sightings, next: last)
        }
    }

    public func sightings(named name: DNSName) async throws -> [Sighting] {
        let key = name.lowercased.description
        return try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT \(SQLiteStore.sightingColumns) FROM sightings WHERE name_lc = ? ORDER BY type, rdata_key
                """, arguments: [key]).map(SQLiteStore.sighting)
        }
    }

    public func sightings(withData data: RData, type: RecordType) async throws -> [Sighting] {
        let key = try SightingRow.key(for: data, type: type)
        return try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT \(SQLiteStore.sightingColumns) FROM sightings WHERE type = ? AND rdata_key = ? ORDER BY name_lc
                """, arguments: [Int(type.rawValue), key]).map(SQLiteStore.sighting)
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

    static func sighting(_ row: Row) throws -> Sighting {
        var names = NameCache()
        return try sighting(row, names: &names)
    }

    /// Decodes a sighting row; `names` keeps the last name parsed, for rows in name order.
    static func sighting(_ row: Row, names: inout NameCache) throws -> Sighting {
        let name = try names.name(row[0])
        let typeNumber: Int = row[1]
        guard let raw = UInt16(exactly: typeNumber) else {
            throw StoreError(.corruptRow, "sighting of \(name) has type \(typeNumber)")
        }
        let type = RecordType(raw)
        let data: RData
        do {
            data = try RData(wire: [UInt8](row[2] as Data), type: type)
        } catch {
            throw StoreError(.corruptRow, "sighting of \(name) \(type): RDATA does not parse: \(error)")
        }
        let sourcesText: String = row[8]
        guard let sources = SourceList.decode(sourcesText) else {
            throw StoreError(.corruptRow, "sighting of \(name) \(type): sources '\(sourcesText)'")
        }
        let minTTL: Int? = row[6], maxTTL: Int? = row[7]
        return Sighting(key: SightingKey(name: name, type: type, data: data),
                        firstSeen: row[3], lastSeen: row[4], count: row[5],
                        minTTL: minTTL.flatMap(UInt32.init(exactly:)), maxTTL: maxTTL.flatMap(UInt32.init(exactly:)),
                        sources: sources)
    }

    /// Parses a stored presentation-form name.
    static func name(_ text: String) throws -> DNSName {
        do {
            return try DNSName(text)
        } catch {
            throw StoreError(.corruptRow, "stored name '\(text)' does not parse: \(error)")
        }
    }
}

/// The last stored name parsed, so that consecutive rows of one owner parse it once.
struct NameCache {
    private var text = ""
    private var parsed: DNSName?

    mutating func name(_ stored: String) throws -> DNSName {
        if let parsed, stored == text { return parsed }
        let name = try SQLiteStore.name(stored)
        text = stored
        parsed = name
        return name
    }
}
