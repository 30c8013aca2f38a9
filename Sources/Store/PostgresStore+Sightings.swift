import DNSWire
import FluxModel
import Foundation
import PostgresNIO

extension PostgresStore {
    public func sightingPage(after cursor: SightingCursor?, limit: Int) async throws -> SightingPage {
        let limit = max(1, limit)
        let rows: [PostgresRandomAccessRow]
        if let cursor {
            rows = try await self.rows("""
                SELECT \(unescaped: PostgresStore.mergedSighting) FROM sightings
                WHERE (name_lc, type, rdata_key) > (\(cursor.nameKey), \(cursor.type), \(Data(cursor.dataKey)))
                GROUP BY name_lc, type, rdata_key ORDER BY name_lc, type, rdata_key LIMIT \(limit)
                """)
        } else {
            rows = try await self.rows("""
                SELECT \(unescaped: PostgresStore.mergedSighting) FROM sightings
                GROUP BY name_lc, type, rdata_key ORDER BY name_lc, type, rdata_key LIMIT \(limit)
                """)
        }
        let sightings = try rows.map(PostgresStore.sighting)
        var next: SightingCursor?
        if rows.count == limit, let last = rows.last {
            next = SightingCursor(nameKey: try last.at(9), type: try last.at(1), dataKey: [UInt8](try last.at(10, as: Data.self)))
        }
        return SightingPage(sightings: sightings, next: next)
    }

    public func sightings(named name: DNSName) async throws -> [Sighting] {
        try await rows("""
            SELECT \(unescaped: PostgresStore.mergedSighting) FROM sightings WHERE name_lc = \(name.lowercased.description)
            GROUP BY name_lc, type, rdata_key ORDER BY type, rdata_key
            """).map(PostgresStore.sighting)
    }

    public func sightings(named names: [DNSName]) async throws -> [Sighting] {
        var sightings: [Sighting] = []
        for keys in PostgresStore.keyBatches(names) {
            sightings += try await rows("""
                SELECT \(unescaped: PostgresStore.mergedSighting) FROM sightings WHERE name_lc = ANY(\(keys))
                GROUP BY name_lc, type, rdata_key ORDER BY name_lc, type, rdata_key
                """).map(PostgresStore.sighting)
        }
        return sightings
    }

    /// The distinct lower-cased keys of `names`, ascending, in queries' worth of at most 5,000
    /// (one array parameter each).
    static func keyBatches(_ names: [DNSName]) -> [[String]] {
        let keys = SightingRow.sortedKeys(of: names)
        return stride(from: 0, to: keys.count, by: 5_000).map { Array(keys[$0..<min(keys.count, $0 + 5_000)]) }
    }

    public func sightings(withData data: RData, type: RecordType) async throws -> [Sighting] {
        let key = try SightingRow.key(for: data, type: type)
        return try await rows("""
            SELECT \(unescaped: PostgresStore.mergedSighting) FROM sightings
            WHERE type = \(Int(type.rawValue)) AND rdata_key = \(key)
            GROUP BY name_lc, type, rdata_key ORDER BY name_lc
            """).map(PostgresStore.sighting)
    }

    public func distinctNames(after name: DNSName?, limit: Int) async throws -> [DNSName] {
        try await rows("""
            SELECT DISTINCT name_lc FROM sightings WHERE name_lc > \(name?.lowercased.description ?? "")
            ORDER BY name_lc LIMIT \(max(1, limit))
            """).map { try SQLiteStore.name(try $0.at(0)) }
    }

    /// One sighting from its weekly rows (grouped by name_lc, type, rdata_key): the name and
    /// RDATA of its oldest week, times widened, counts summed, TTLs widened, sources joined
    /// (as text, split in `sighting`). Columns 9 and 10 (name_lc, rdata_key) make the cursor.
    static let mergedSighting = """
        (array_agg(name ORDER BY period))[1], type, (array_agg(rdata ORDER BY period))[1],
        extract(epoch FROM min(first_seen))::float8, extract(epoch FROM max(last_seen))::float8,
        least(sum(count), 9223372036854775807)::int8, min(min_ttl), max(max_ttl),
        string_agg(array_to_string(sources, ','), ','), name_lc, rdata_key
        """

    static func sighting(_ row: PostgresRandomAccessRow) throws -> Sighting {
        let text: String = try row.at(8)
        var sources = Set<SourceID>()
        for part in text.split(separator: ",") {
            guard let id = SourceID(part) else { throw StoreError(.corruptRow, "sighting sources '\(text)'") }
            sources.insert(id)
        }
        return try SightingRow.sighting(
            name: try row.at(0), type: try row.at(1), rdata: [UInt8](try row.at(2, as: Data.self)),
            firstSeen: try row.at(3), lastSeen: try row.at(4), count: try row.at(5),
            minTTL: try row.at(6), maxTTL: try row.at(7), sources: sources)
    }
}
