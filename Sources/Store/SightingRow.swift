import DNSWire
import FluxModel
import Foundation
import GRDB

/// A sighting as its columns, computed before the write transaction starts so the writer
/// holds the lock only to bind and step.
struct SightingRow: Sendable {
    var nameKey: String
    var name: String
    var type: Int
    var data: String
    var rdata: Data
    var rdataKey: Data
    var firstSeen: Double
    var lastSeen: Double
    var count: Int
    var minTTL: Int?
    var maxTTL: Int?
    var sources: String
    /// The source ids, ascending (PostgreSQL's `bigint[]`).
    var sourceIDs: [Int64]

    init(_ s: Sighting) throws(StoreError) {
        let key = s.key
        name = key.name.description
        nameKey = SightingRow.lowercased(name)
        type = Int(key.type.rawValue)
        data = key.data.presentation(type: key.type)
        do {
            let wire = try key.data.wireBytes(type: key.type)
            rdata = Data(wire)
            rdataKey = SightingRow.hasNoNames(key.data) ? rdata : Data(try key.data.lowercasedNames.wireBytes(type: key.type))
        } catch {
            throw StoreError(.unstorable, "\(name) \(key.type) \(data): \(error)")
        }
        firstSeen = s.firstSeen
        lastSeen = s.lastSeen
        count = s.count
        minTTL = s.minTTL.map(Int.init)
        maxTTL = s.maxTTL.map(Int.init)
        sourceIDs = s.sources.sorted()
        sources = SourceList.encode(s.sources)
    }

    /// A presentation-form name with ASCII letters lower-cased: the same text as
    /// `name.lowercased.description` (escapes hold no letters), without rebuilding the name.
    static func lowercased(_ presentation: String) -> String {
        guard presentation.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return presentation }
        return String(decoding: presentation.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// True for RDATA without embedded names, whose key is its wire form as is.
    static func hasNoNames(_ data: RData) -> Bool {
        switch data {
        case .a, .aaaa, .txt, .hinfo, .caa, .ds, .dnskey, .nsec3, .opt, .unknown: return true
        default: return false
        }
    }

    /// The canonical key bytes for `data`, as stored in `rdata_key`.
    static func key(for data: RData, type: RecordType) throws(StoreError) -> Data {
        do {
            return Data(try data.lowercasedNames.wireBytes(type: type))
        } catch {
            throw StoreError(.unstorable, "\(type) \(data.presentation(type: type)): \(error)")
        }
    }

    /// A sighting from stored columns (either backend): the name and RDATA are parsed again,
    /// hostile bytes throw `corruptRow` instead of trapping.
    static func sighting(name text: String, type typeNumber: Int, rdata: [UInt8], firstSeen: Double, lastSeen: Double,
                         count: Int, minTTL: Int?, maxTTL: Int?, sources: Set<SourceID>) throws -> Sighting {
        let name = try SQLiteStore.name(text)
        guard let raw = UInt16(exactly: typeNumber) else {
            throw StoreError(.corruptRow, "sighting of \(name) has type \(typeNumber)")
        }
        let type = RecordType(raw)
        let data: RData
        do {
            data = try RData(wire: rdata, type: type)
        } catch {
            throw StoreError(.corruptRow, "sighting of \(name) \(type): RDATA does not parse: \(error)")
        }
        return Sighting(key: SightingKey(name: name, type: type, data: data), firstSeen: firstSeen, lastSeen: lastSeen,
                        count: count, minTTL: minTTL.flatMap(UInt32.init(exactly:)),
                        maxTTL: maxTTL.flatMap(UInt32.init(exactly:)), sources: sources)
    }

    /// Binds this row to the upsert statement and steps it.
    /// - Returns: True when the row was inserted, false when it merged into a stored one
    ///   (the stored count comes back; it equals this row's count only for a new row, as
    ///   stored counts are at least 1).
    /// Upserts the row with `statement` (`upsertSQL`, prepared on `db`).
    /// - Returns: true when the row is new (its stored count is this row's).
    func upsert(with statement: Statement, in db: Database) throws -> Bool {
        let raw = RawStatement(statement, in: db)
        raw.bind(1, nameKey)
        raw.bind(2, name)
        raw.bind(3, type)
        raw.bind(4, data)
        raw.bind(5, rdata)
        raw.bind(6, rdataKey)
        raw.bind(7, firstSeen)
        raw.bind(8, lastSeen)
        raw.bind(9, count)
        raw.bind(10, minTTL)
        raw.bind(11, maxTTL)
        raw.bind(12, sources)
        return try raw.step() == Int64(count)
    }

    static let upsertSQL = """
        INSERT INTO sightings
            (name_lc, name, type, data, rdata, rdata_key, first_seen, last_seen, count, min_ttl, max_ttl, sources)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (name_lc, type, rdata_key) DO UPDATE SET
            first_seen = min(first_seen, excluded.first_seen),
            last_seen = max(last_seen, excluded.last_seen),
            count = count + excluded.count,
            min_ttl = min(coalesce(min_ttl, excluded.min_ttl), coalesce(excluded.min_ttl, min_ttl)),
            max_ttl = max(coalesce(max_ttl, excluded.max_ttl), coalesce(excluded.max_ttl, max_ttl)),
            sources = CASE WHEN sources = excluded.sources THEN sources ELSE (
                SELECT json_group_array(value) FROM (
                    SELECT value FROM json_each(sightings.sources)
                    UNION SELECT value FROM json_each(excluded.sources)
                    ORDER BY value)
            ) END
        RETURNING count
        """
}
