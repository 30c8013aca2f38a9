import DNSWire
import FluxModel
import Foundation
import GRDB

extension SQLiteStore {
    public func sightingPage(after cursor: SightingCursor?, limit: Int) async throws -> SightingPage {
        let limit = max(1, limit)
        return try await pool.read { db in
            let rows: [Row]
            if let cursor {
                rows = try Row.fetchAll(db, sql: """
                    SELECT \(SQLiteStore.sightingColumns) FROM sightings
                    WHERE (name_lc, type, rdata_key) > (?, ?, ?)
                    ORDER BY name_lc, type, rdata_key LIMIT ?
                    """, arguments: [cursor.nameKey, cursor.type, Data(cursor.dataKey), limit])
            } else {
                rows = try Row.fetchAll(db, sql: """
                    SELECT \(SQLiteStore.sightingColumns) FROM sightings
                    ORDER BY name_lc, type, rdata_key LIMIT ?
                    """, arguments: [limit])
            }
            let sightings = try rows.map(SQLiteStore.sighting)
            var next: SightingCursor?
            if rows.count == limit, let last = rows.last {
                next = SightingCursor(nameKey: last[9], type: last[1], dataKey: [UInt8](last[10] as Data))
            }
            return SightingPage(sightings: sightings, next: next)
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
        let sourcesText: String = row[8]
        guard let sources = SourceList.decode(sourcesText) else {
            throw StoreError(.corruptRow, "sighting of \(row[0] as String): sources '\(sourcesText)'")
        }
        return try SightingRow.sighting(name: row[0], type: row[1], rdata: [UInt8](row[2] as Data), firstSeen: row[3],
                                        lastSeen: row[4], count: row[5], minTTL: row[6], maxTTL: row[7], sources: sources)
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
