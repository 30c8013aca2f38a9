import DNSWire
import GRDB

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
            try Row.fetchOne(db, sql: """
                SELECT address, asn, prefix, as_name, country, flags, first_enriched_at, enriched_at, database
                FROM addresses WHERE address = ?
                """, arguments: [address.description]).flatMap(SQLiteStore.addressInfo(row:))
        }
    }

    public func addressInfoPage(after address: String?, limit: Int) async throws -> [AddressInfoRecord] {
        try await pool.read { db in
            try Array(Row.fetchCursor(db, sql: """
                SELECT address, asn, prefix, as_name, country, flags, first_enriched_at, enriched_at, database
                FROM addresses WHERE address > ? ORDER BY address LIMIT ?
                """, arguments: [address ?? "", max(1, limit)]).compactMap(SQLiteStore.addressInfo(row:)))
        }
    }

    public func addressInfos(_ addresses: [IPAddress]) async throws -> [AddressInfoRecord] {
        let parts = SQLiteStore.inBatches(Set(addresses.map(\.description)).sorted())
        return try await pool.read { db in  // one read for every part, as `sightings(named:)`
            var records: [AddressInfoRecord] = []
            for part in parts {
                let marks = Array(repeating: "?", count: part.count).joined(separator: ",")
                records += try Array(Row.fetchCursor(db.cachedStatement(sql: """
                    SELECT address, asn, prefix, as_name, country, flags, first_enriched_at, enriched_at, database
                    FROM addresses WHERE address IN (\(marks))
                    """), arguments: StatementArguments(part)).compactMap(SQLiteStore.addressInfo(row:)))
            }
            return records
        }
    }

    /// A record from a row of the columns selected above; `nil` for an unparseable address.
    static func addressInfo(row: Row) -> AddressInfoRecord? {
        let text: String = row[0]
        guard let address = IPv4Address(text).map(IPAddress.v4) ?? IPAddress(text) else { return nil }
        let asn: Int64? = row[1]
        let flags: String = row[5]
        return AddressInfoRecord(
            address: address, asn: asn.flatMap(UInt32.init(exactly:)), prefix: row[2], asName: row[3],
            country: row[4], flags: flags.isEmpty ? [] : flags.split(separator: ",").map { String($0) },
            enrichedAt: row[7], firstEnrichedAt: row[6], database: row[8])
    }
}
