import DNSWire
import FluxModel
import Foundation
import GRDB

/// A sighting as its columns, computed before the write transaction starts so the writer
/// holds the lock only to bind and step.
struct SightingRow: Sendable {
    var nameKey: String
    /// `nameKey`'s first octets as one integer (`keyPrefix`), to sort rows without comparing texts.
    var keyOrder: UInt64
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
    private var sourceSet: Set<SourceID>
    /// The source ids, ascending (PostgreSQL's `bigint[]`).
    var sourceIDs: [Int64] { sourceSet.sorted() }

    /// A row whose owner text (`name`, `nameKey`) and source list text were made already
    /// (`rows`).
    private init(_ s: Sighting, name: String, nameKey: String, sources: String) throws(StoreError) {
        let key = s.key
        self.name = name
        self.nameKey = nameKey
        keyOrder = SightingRow.keyPrefix(nameKey)
        type = Int(key.type.rawValue)
        data = key.data.presentation(type: key.type)
        do {
            rdata = try SightingRow.wire(of: key.data, type: key.type)
            rdataKey = SightingRow.hasNoNames(key.data) ? rdata : Data(try key.data.lowercasedNames.wireBytes(type: key.type))
        } catch {
            throw StoreError(.unstorable, "\(name) \(key.type) \(data): \(error)")
        }
        firstSeen = s.firstSeen
        lastSeen = s.lastSeen
        count = s.count
        minTTL = s.minTTL.map(Int.init)
        maxTTL = s.maxTTL.map(Int.init)
        sourceSet = s.sources
        self.sources = sources
    }

    /// The rows of `sightings`, in their order. The owner's text is made once for a run of sightings with the same owner bytes (a batch holds a
    /// response's records together: a name with 16 addresses is 16 sightings), and the source
    /// list's text once for a run with the same sources (a probe has one source).
    static func rows(_ sightings: [Sighting]) throws(StoreError) -> [SightingRow] {
        var rows: [SightingRow] = []
        rows.reserveCapacity(sightings.count)
        var owner: (wire: [UInt8], name: String, nameKey: String)?
        var sourceText: (ids: Set<SourceID>, text: String)?
        for s in sightings {
            let wire = s.key.name.wire
            let name: String, nameKey: String
            if let held = owner, held.wire == wire {
                (name, nameKey) = (held.name, held.nameKey)
            } else {
                name = s.key.name.description
                nameKey = SightingRow.lowercased(name)
                owner = (wire, name, nameKey)
            }
            let sources: String
            if let held = sourceText, held.ids == s.sources {
                sources = held.text
            } else {
                sources = SourceList.encode(s.sources)
                sourceText = (s.sources, sources)
            }
            rows.append(try SightingRow(s, name: name, nameKey: nameKey, sources: sources))
        }
        return rows
    }

    /// RDATA's uncompressed wire form, as `wireBytes(type:)` writes it: A and AAAA straight
    /// from the address (RFC 1035 section 3.4.1, RFC 3596 section 2.2), without the array
    /// in between (most of a probe's sightings are addresses).
    static func wire(of data: RData, type: RecordType) throws(DNSWireError) -> Data {
        switch data {
        case .a(let a) where type == .a: return withUnsafeBytes(of: a.value.bigEndian) { Data($0) }
        case .aaaa(let a) where type == .aaaa: return withUnsafeBytes(of: a.value.bigEndian) { Data($0) }
        default: return Data(try data.wireBytes(type: type))
        }
    }

    /// The distinct lower-cased keys (`name_lc`) of `names`, ascending: sorted, then each
    /// run of equal keys kept once (no set of them made: a run of names read for analysis
    /// is already distinct).
    static func sortedKeys(of names: [DNSName]) -> [String] {
        distinctSorted(names.map { lowercased($0.description) })
    }

    /// `values` ascending, each once: sorted, then each run of equal values kept once.
    static func distinctSorted<T: Comparable>(_ values: [T]) -> [T] {
        var values = values
        values.sort()
        var kept = 0
        for v in values where kept == 0 || values[kept - 1] != v {
            values[kept] = v
            kept += 1
        }
        values.removeLast(values.count - kept)
        return values
    }

    /// The first eight octets of `key` as a big-endian integer, zero-padded. Keys are
    /// presentation-form names (ASCII without NUL: `DNSName.description` escapes the rest), so
    /// two keys whose prefixes differ are in the order of their prefixes, and the texts need
    /// comparing only when the prefixes are equal (`ordered(_:_:)`).
    static func keyPrefix(_ key: String) -> UInt64 {
        var value: UInt64 = 0
        var taken = 0
        for octet in key.utf8.prefix(8) {
            value = value << 8 | UInt64(octet)
            taken += 1
        }
        return taken == 0 ? 0 : value << (8 * UInt64(8 - taken))
    }

    /// True when the row of key `a` (prefix `pa`) and tie-breaker `ta` comes before that of
    /// `b`, `pb`, `tb`: by key, then tie-breaker; the texts are compared only on equal prefixes.
    @inline(__always)
    static func ordered(_ pa: UInt64, _ a: String, _ ta: Int, _ pb: UInt64, _ b: String, _ tb: Int) -> Bool {
        if pa != pb { return pa < pb }
        return (a, ta) < (b, tb)
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

    /// Inserts the row when its key is new (`insert`, `insertSQL`), else folds it into the
    /// stored row (`merge`, `mergeSQL`); both statements take the same 12 parameters.
    /// - Returns: True when the row was inserted, false when it merged into a stored one.
    ///
    /// Two statements instead of one `INSERT ... ON CONFLICT DO UPDATE ... RETURNING count`:
    /// SQLite buffers a `RETURNING` statement's output in a temporary table, and the single
    /// upsert with it took 1.69 CPU-s for 310k new sightings and 1.27 for merging them again,
    /// against 1.05 and 0.88 this way (a C loop over the same statements, SQLite 3.40).
    func upsert(insert: inout RowBinder, merge: inout RowBinder) throws -> Bool {
        try RowBinder.insertOrMerge(insert: &insert, merge: &merge, bind: bind)
    }

    private func bind(_ statement: inout RowBinder) {
        statement.text(nameKey)
        statement.text(name)
        statement.int(type)
        statement.text(data)
        statement.blob(rdata)
        statement.blob(rdataKey)
        statement.double(firstSeen)
        statement.double(lastSeen)
        statement.int(count)
        statement.int(minTTL)
        statement.int(maxTTL)
        statement.text(sources)
    }

    /// Inserts a sighting whose key (owner, type and data) is not stored yet; a stored key
    /// changes nothing (and `changes` is 0).
    static let insertSQL = """
        INSERT INTO sightings
            (name_lc, name, type, data, rdata, rdata_key, first_seen, last_seen, count, min_ttl, max_ttl, sources)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
        ON CONFLICT (name_lc, type, rdata_key) DO NOTHING
        """

    /// Folds a sighting into the stored row of its key; parameters numbered as `insertSQL`'s
    /// (the name as first seen, the data text and wire form stay as stored).
    static let mergeSQL = """
        UPDATE sightings SET
            first_seen = min(first_seen, ?7),
            last_seen = max(last_seen, ?8),
            count = count + ?9,
            min_ttl = min(coalesce(min_ttl, ?10), coalesce(?10, min_ttl)),
            max_ttl = max(coalesce(max_ttl, ?11), coalesce(?11, max_ttl)),
            sources = CASE WHEN sources = ?12 THEN sources ELSE (
                SELECT json_group_array(value) FROM (
                    SELECT value FROM json_each(sightings.sources)
                    UNION SELECT value FROM json_each(?12)
                    ORDER BY value)
            ) END
        WHERE name_lc = ?1 AND type = ?3 AND rdata_key = ?6
        """
}
