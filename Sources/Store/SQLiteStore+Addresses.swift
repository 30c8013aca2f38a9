import DNSWire
import GRDB
import GRDBSQLite

extension SQLiteStore {
    public func addressesNeedingEnrichment(database: String?, limit: Int) async throws -> [IPAddress] {
        try await pool.read { db in
            let texts = try String.fetchAll(db, sql: """
                SELECT DISTINCT s.data FROM sightings s
                WHERE s.type IN (1, 28) AND NOT EXISTS (
                    SELECT 1 FROM addresses a WHERE a.address = s.data AND (?1 IS NULL OR a.database IS ?1))
                LIMIT ?2
                """, arguments: [database, max(1, limit)])
            return try texts.map { text in
                guard let address = IPAddress(text) else {
                    throw StoreError(.corruptRow, "address sighting with data '\(text)'")
                }
                return address
            }
        }
    }

    public func upsertAddressInfo(_ records: [AddressInfoRecord]) async throws {
        _ = try await storeAddressInfo(records, sql: SQLiteStore.upsertAddressSQL)
    }

    public func insertAddressInfo(_ records: [AddressInfoRecord]) async throws -> Int {
        try await storeAddressInfo(records, sql: SQLiteStore.insertAddressSQL)
    }

    /// Binds each record to `sql` (an insert of the nine columns) in one transaction,
    /// through `RowBinder`; returns the rows it changed.
    private func storeAddressInfo(_ records: [AddressInfoRecord], sql: String) async throws -> Int {
        guard !records.isEmpty else { return 0 }
        let rows = records.map { r in
            (address: r.address.description, asn: r.asn.map { Int($0) }, prefix: r.prefix, asName: r.asName,
             country: r.country, flags: r.flags.joined(separator: ","), first: r.firstEnrichedAt,
             at: r.enrichedAt, database: r.database)
        }.sorted { $0.address < $1.address }  // key order: each insert lands next to the one before
        return try await pool.write { db in
            var statement = RowBinder(try db.makeStatement(sql: sql))
            var changed = 0
            for r in rows {
                statement.text(r.address)
                statement.int(r.asn)
                statement.text(r.prefix)
                statement.text(r.asName)
                statement.text(r.country)
                statement.text(r.flags)
                statement.double(r.first)
                statement.double(r.at)
                statement.text(r.database)
                try statement.step()
                changed += Int(statement.changes)
            }
            return changed
        }
    }

    static let addressColumnsSQL = """
        INSERT INTO addresses (address, asn, prefix, as_name, country, flags, first_enriched_at, enriched_at, database)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    static let upsertAddressSQL = addressColumnsSQL + """

        ON CONFLICT (address) DO UPDATE SET
            asn = excluded.asn, prefix = excluded.prefix, as_name = excluded.as_name,
            country = excluded.country, flags = excluded.flags,
            first_enriched_at = min(first_enriched_at, excluded.first_enriched_at),
            enriched_at = excluded.enriched_at, database = excluded.database
        """

    static let insertAddressSQL = addressColumnsSQL + "\nON CONFLICT (address) DO NOTHING"

    public func addressInfo(_ address: IPAddress) async throws -> AddressInfoRecord? {
        try await pool.read { db in
            try AddressInfoDecoder.all(db.cachedStatement(sql: """
                SELECT \(SQLiteStore.addressInfoColumns) FROM addresses WHERE address = ?
                """), arguments: [address.description]).first
        }
    }

    public func addressInfoPage(after address: String?, limit: Int) async throws -> [AddressInfoRecord] {
        try await pool.read { db in
            try AddressInfoDecoder.all(db.cachedStatement(sql: """
                SELECT \(SQLiteStore.addressInfoColumns) FROM addresses WHERE address > ? ORDER BY address LIMIT ?
                """), arguments: [address ?? "", max(1, limit)])
        }
    }

    public func addressInfos(_ addresses: [IPAddress]) async throws -> [AddressInfoRecord] {
        // Distinct and in numeric order (close to the index's text order: neighbours share
        // pages), made text only once sorted; a run's addresses are nearly all distinct, so
        // sorted and deduplicated in place rather than through a set.
        let parts = SQLiteStore.inBatches(SightingRow.distinctSorted(addresses).map(\.description))
        return try await pool.read { db in  // one read for every part, as `sightings(named:)`
            var records: [AddressInfoRecord] = []
            records.reserveCapacity(addresses.count)
            var decoder = AddressInfoDecoder()
            try SQLiteStore.forEachRow(db, keys: parts, sql: { marks in """
                SELECT \(SQLiteStore.addressInfoColumns) FROM addresses WHERE address IN (\(marks))
                """ }) { statement in
                if let r = decoder.decode(statement.sqliteStatement) { records.append(r) }
            }
            return records
        }
    }

    /// The columns `AddressInfoDecoder` reads, in its order.
    static let addressInfoColumns = "address, asn, prefix, as_name, country, flags, first_enriched_at, enriched_at, database"
}

/// Decodes enrichment rows straight from the stepped statement (`SQLiteColumn`), as
/// `SightingDecoder` decodes sightings: a run's enrichment is tens of thousands of rows that
/// repeat a few AS names, prefixes, countries, flag lists and database names, so each
/// distinct column value is made a `String` once per decoder (`ColumnInterner`), not once
/// per row. Rows whose address does not parse are left out, as before.
struct AddressInfoDecoder {
    private var strings = ColumnInterner<String>()
    private var flagLists = ColumnInterner<[String]>()

    /// Every row of `statement` run with `arguments`.
    static func all(_ statement: Statement, arguments: StatementArguments) throws -> [AddressInfoRecord] {
        var decoder = AddressInfoDecoder()
        var records: [AddressInfoRecord] = []
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        while try rows.next() != nil {
            if let r = decoder.decode(statement.sqliteStatement) { records.append(r) }
        }
        return records
    }

    /// The record of the row `s` is on; `nil` when its address does not parse.
    mutating func decode(_ s: SQLiteStatement) -> AddressInfoRecord? {
        let octets = SQLiteColumn.bytes(s, 0)
        guard let address = IPv4Address(utf8: octets).map(IPAddress.v4) ?? IPAddress(String(decoding: octets, as: UTF8.self)) else {
            return nil
        }
        let flags = flagLists.value(SQLiteColumn.bytes(s, 5)) { bytes in
            bytes.isEmpty ? [] : bytes.split(separator: UInt8(ascii: ",")).map { String(decoding: $0, as: UTF8.self) }
        }
        return AddressInfoRecord(
            address: address, asn: sqlite3_column_type(s, 1) == SQLITE_NULL ? nil : UInt32(exactly: sqlite3_column_int64(s, 1)),
            prefix: text(s, 2), asName: text(s, 3), country: text(s, 4), flags: flags,
            enrichedAt: sqlite3_column_double(s, 7), firstEnrichedAt: sqlite3_column_double(s, 6), database: text(s, 8))
    }

    /// A TEXT column, `nil` for NULL.
    private mutating func text(_ s: SQLiteStatement, _ index: Int32) -> String? {
        guard sqlite3_column_type(s, index) != SQLITE_NULL else { return nil }
        return strings.value(SQLiteColumn.bytes(s, index)) { String(decoding: $0, as: UTF8.self) }
    }
}
